import { Socket } from 'node:net';
import { startChild } from './child.js';
import type { BenchConfig } from './config.js';
import type { StoreResult } from './store/store-result.js';

export type { StoreResult };

export interface StoreSuiteResult {
  results: StoreResult[];
  skipped: { store: string; reason: string }[];
}

/** Whether something accepts TCP connections at the Redis URL's host and port. */
function reachable(redisUrl: string): Promise<boolean> {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(Number(port || 6379), hostname || '127.0.0.1');
  });
}

/** One fresh child process (with --expose-gc) per store and N. */
export async function runStoreSuite(config: BenchConfig, log: (line: string) => void): Promise<StoreSuiteResult> {
  const suite: StoreSuiteResult = { results: [], skipped: [] };
  const stores = ['memory'];
  if (await reachable(config.redisUrl)) stores.push('redis');
  else suite.skipped.push({ store: 'redis', reason: `Redis is not reachable at ${config.redisUrl} (set REDIS_URL)` });
  for (const store of stores) {
    for (const jobs of config.storeSizes) {
      const child = await startChild(
        'store/store-child.ts',
        [store, String(jobs), config.redisUrl],
        ['--expose-gc', '--max-old-space-size=4096'],
      );
      await child.stop();
      if (child.message.kind === 'unavailable') {
        suite.skipped.push({ store, reason: child.message.reason });
        log(`${store} store: skipped (${child.message.reason})`);
        break;
      }
      if (child.message.kind !== 'result') throw new Error(`store child sent ${child.message.kind}`);
      const result = child.message.value as StoreResult;
      suite.results.push(result);
      log(`${store} store, ${jobs} jobs: get ${result.getMicros.toFixed(1)} µs/op, ${(result.bytesPerJob / 1024).toFixed(2)} KiB/job`);
    }
  }
  for (const { store, reason } of suite.skipped)
    if (store === 'redis' && !stores.includes('redis')) log(`redis store: skipped (${reason})`);
  return suite;
}
