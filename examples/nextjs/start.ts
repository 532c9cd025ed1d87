// npm run start:next: this folder's Next.js app, built for production (`next build`, as teams deploy it) and
// served by Next's request handler on a node:http server at PORT (PORT=0 picks a free port; Next's own
// `next start -p` takes no 0), with the API token from BYO_API_TOKEN. NEXT_DEV=1 serves `next dev` instead.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import next from 'next';

type RequestHandler = ReturnType<ReturnType<typeof next>['getRequestHandler']>;
import { bundleModule } from '../cloudflare-worker/workerd.js';
import { demoApiToken, printCurl } from '../shared/demo-translator.js';
import { exitOnListenError } from '../shared/listen-errors.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const dev = process.env.NEXT_DEV === '1';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

// `byo-engine` for next.config.mjs's alias: this repository's sources as one module (see byo-engine.ts).
await bundleModule(`${dir}byo-engine.ts`, `${dir}.byo/byo-engine.mjs`);
if (!dev) {
  const nextCli = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const build = spawnSync(process.execPath, [nextCli, 'build'], { cwd: dir, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Listening first tells the real port (PORT=0) to Next; a request that comes before Next is ready waits for it.
let ready: (handle: RequestHandler) => void = () => {};
const handler = new Promise<RequestHandler>((resolve) => (ready = resolve));
const server = createServer((request, response) => void handler.then((handle) => handle(request, response)));
const requestedPort = Number(process.env.PORT ?? 8080);
server.once('error', (error) => exitOnListenError(error, requestedPort));
await new Promise<void>((resolve) => server.listen(requestedPort, resolve));
const { port } = server.address() as AddressInfo;

const app = next({ dev, dir, port });
await app.prepare();
ready(app.getRequestHandler());
printCurl(`http://localhost:${port}/byo`, demoApiToken());

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping Next.js`);
    server.close();
    server.closeIdleConnections();
    void app.close().finally(() => process.exit(0));
  });
}
