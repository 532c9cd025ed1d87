// `byo-engine check` names the most likely cause of a failure: a body parser or page in front of the engine,
// refused credentials, a missing base path, or no server at all (then it stops, passing nothing).
import { createServer } from 'node:http';
import express, { type Express } from 'express';
import { describe, expect, it } from 'vitest';
import { byoExpress } from 'byo-engine/express';
import { runCli } from '../../cli/cli.js';
import { listen, type RunningApp } from '../support/adapter-rows.js';
import { captureIo, checkEngine, checkNamed, DEMO_TOKEN, demoEngine, failedChecks } from './check-helpers.js';

/** A user's app: its own routes and error handling, built by `setUp`, with the engine under /byo. */
async function withApp(setUp: (app: Express) => void, run: (app: RunningApp) => Promise<void>): Promise<void> {
  const engine = demoEngine();
  const app = express();
  setUp(app);
  app.use('/byo', byoExpress(engine));
  const running = await listen(createServer(app));
  try {
    await run(running);
  } finally {
    await running.close();
    await engine.close();
  }
}

describe('byo-engine check behind a global express.json()', () => {
  it('fails naming the 413 and the parser at the default 100 kB limit', async () => {
    await withApp(
      (app) => app.use(express.json()),
      async ({ origin }) => {
        const report = await checkEngine(`${origin}/byo`, DEMO_TOKEN);
        expect(failedChecks(report)).toEqual(['translate.500-segments']);
        const { got } = checkNamed(report, 'translate.500-segments');
        expect(got).toMatch(/^status 413, expected 200: 413 Payload Too Large for a \d+ kB request: a body parser/);
        expect(got).toContain("express.json({ limit: '10mb' })");
        expect(Number(/for a (\d+) kB request/.exec(got)?.[1])).toBeGreaterThanOrEqual(250);
        expect(report.passed).toBe(false);
      },
    );
  });

  it('passes every check once the limit is raised', async () => {
    await withApp(
      (app) => app.use(express.json({ limit: '10mb' })),
      async ({ origin }) => {
        const report = await checkEngine(`${origin}/byo`, DEMO_TOKEN);
        expect(report.checks.filter((check) => check.outcome !== 'pass')).toEqual([]);
      },
    );
  });
});

describe('byo-engine check names the cause', () => {
  it('an HTML page from something in front of the engine', async () => {
    await withApp(
      (app) =>
        app.post('/byo/status', (_req, res) => {
          res.status(502).type('html').send('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
        }),
      async ({ origin }) => {
        const report = await checkEngine(`${origin}/byo`, DEMO_TOKEN);
        expect(checkNamed(report, 'status').got).toMatch(
          /^status 502, expected 200: an HTML page: "502 Bad Gateway" instead of the engine's JSON error: something in front/,
        );
      },
    );
  });

  it('refused credentials, and skips translations for that reason', async () => {
    await withApp(
      () => {},
      async ({ origin }) => {
        const report = await checkEngine(`${origin}/byo`, 'not-the-token');
        expect(checkNamed(report, 'status').got).toContain('status 401, expected 200');
        expect(checkNamed(report, 'status').got).toContain('the credentials were refused: check --api-token');
        expect(checkNamed(report, 'translate.one-segment')).toMatchObject({
          outcome: 'skip',
          got: 'no language pair: /languages refused the credentials (401)',
        });
      },
    );
  });

  it('a base URL without the mount path', async () => {
    await withApp(
      () => {},
      async ({ origin }) => {
        const report = await checkEngine(origin, DEMO_TOKEN);
        for (const name of ['status', 'languages']) {
          expect(checkNamed(report, name).got).toMatch(
            /^status 404, expected 200.*does the base URL include the path the engine is mounted at/,
          );
        }
      },
    );
  });
});

describe('byo-engine check against a port where nothing listens', () => {
  it('prints one "cannot connect" line, marks nothing passed and exits non-zero', async () => {
    for (const json of [[], ['--json']]) {
      const io = captureIo();
      const code = await runCli(['check', 'http://127.0.0.1:9/byo', '--api-token', DEMO_TOKEN, ...json], io);
      expect(code).toBe(1);
      expect(io.out()).toBe('');
      // Port 9 (the discard port) is one fetch never connects to: the line says so.
      expect(io.err()).toBe(
        "byo-engine: cannot connect to http://127.0.0.1:9/byo: Node's fetch never connects to port 9 (a reserved port); serve the engine on another port\n",
      );
    }
  });

  it('says the same for a closed port, also in a load run', async () => {
    const closed = await listen(createServer());
    await closed.close();
    for (const load of [[], ['--load', '5', '--duration', '1']]) {
      const io = captureIo();
      const code = await runCli(['check', `${closed.origin}/byo`, '--api-token', DEMO_TOKEN, ...load], io);
      expect(code).toBe(1);
      expect(io.out()).toBe('');
      expect(io.err()).toBe(
        `byo-engine: cannot connect to ${closed.origin}/byo (ECONNREFUSED): is the server running, and are the host and port right?\n`,
      );
    }
  });
});
