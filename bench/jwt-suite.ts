import { alternate, type Comparison } from './alternate.js';
import { profileFlags, startChild } from './child.js';
import type { BenchConfig } from './config.js';
import { pinServer, type Pinning } from './pin.js';
import { BENCH_TOKEN } from './shared/workload.js';

export type JwtResult = Comparison;

export type JwtSuiteResult = { result: JwtResult } | { skipped: string };

/** POST /status with an API token vs an RS256 Bearer token on the same engine, alternately. */
export async function runJwtSuite(
  config: BenchConfig,
  pinning: Pinning | { unpinned: string },
  log: (line: string) => void,
): Promise<JwtSuiteResult> {
  const server = await startChild('server/jwt-child.ts', [], profileFlags(), true);
  try {
    pinServer(pinning, server.pid);
    if (server.message.kind !== 'ready' || !server.message.bearer) throw new Error('the JWT bench server did not start');
    const url = `http://127.0.0.1:${server.message.port}/byo/status`;
    const bearerHeaders = { authorization: `Bearer ${server.message.bearer}` };
    // Without issue 4's auth.oauth2 the engine ignores the option and refuses the Bearer token.
    const probe = await fetch(url, { method: 'POST', headers: bearerHeaders });
    if (probe.status !== 200) {
      const skipped = `a Bearer token was answered ${probe.status} ${await probe.text()}: auth.oauth2 is not available`;
      log(`JWT cost: skipped (${skipped})`);
      return { skipped };
    }
    const result = await alternate(
      { url, method: 'POST', headers: { 'x-api-token': BENCH_TOKEN } },
      { url, method: 'POST', headers: bearerHeaders },
      config,
      server.cpuMicros,
    );
    log(`JWT cost / status: bearer/api-token ${result.ratio.toFixed(2)}`);
    return { result };
  } finally {
    await server.stop();
  }
}
