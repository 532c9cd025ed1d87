// An existing Express app that mounts the BYO Engine API under /byo with one call.
import express from 'express';
import { createByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const app = express();
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
app.use('/byo', byoExpress(engine));

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, () => printCurl(`http://localhost:${port}/byo`, token));

async function shutdown(signal: string) {
  console.log(`${signal}: finishing running jobs, then exiting`);
  server.close();
  await engine.close({ graceMs: 10_000 });
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
