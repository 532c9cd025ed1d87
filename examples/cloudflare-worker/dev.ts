// npm run start:worker: worker.ts on workerd (Cloudflare's runtime) at PORT, with BYO_API_TOKEN as its secret.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { demoApiToken, printCurl } from '../shared/demo-translator.js';
import { serveWorker } from './workerd.js';

/** PORT=0: a port free right now (workerd takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const token = demoApiToken();
const requested = Number(process.env.PORT ?? 8080);
const port = requested === 0 ? await freePort() : requested;
const workerd = await serveWorker(fileURLToPath(new URL('./worker.ts', import.meta.url)), port, { BYO_API_TOKEN: token });
printCurl(`http://localhost:${port}/byo`, token);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping workerd`);
    workerd.once('exit', () => process.exit(0));
    workerd.kill('SIGTERM');
  });
}
