import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MemoryJobStore, type JobStore } from '../../src/index.js';
import { importOptional } from '../server/optional-module.js';

/** A store under test, with how to read the memory its jobs take and how to remove what it left. */
export interface StoreUnderTest {
  store: JobStore;
  /** What `usedBytes` measures. */
  memoryMeasure: string;
  /** Bytes in use now (after a full GC, for the Node heap). */
  usedBytes(): Promise<number>;
  /** Node heap in use after a full GC (only where the jobs live in this process). */
  heapUsed?(): Promise<number>;
  cleanUp(): Promise<void>;
}

function collectGarbage(): void {
  if (!global.gc) throw new Error('run the store bench child with --expose-gc');
  global.gc();
  global.gc();
}

export function memoryStore(jobs: number): StoreUnderTest {
  // Room for every job and result (the default 256 MiB of results holds about 34,000 of these): the bench measures
  // what holding them all costs, so nothing may be evicted.
  const store = new MemoryJobStore({ maxJobs: jobs, maxBytes: jobs * 64 * 1024 });
  return {
    store,
    memoryMeasure: 'node rss',
    async usedBytes() {
      collectGarbage();
      return process.memoryUsage().rss;
    },
    async heapUsed() {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    },
    cleanUp: () => store.close(),
  };
}

type RedisJobStoreClass = { connect(options: { url: string; prefix: string }): Promise<JobStore & { close(): Promise<void> }> };

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** A RedisJobStore under a prefix of its own; every key under it is deleted afterwards. */
export async function redisStore(url: string): Promise<StoreUnderTest> {
  const RedisJobStore = await importOptional<RedisJobStoreClass>('src/redis/index.ts', 'RedisJobStore');
  const prefix = `byo-bench-${randomBytes(6).toString('hex')}:`;
  const store = await RedisJobStore.connect({ url, prefix });
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  return {
    store,
    memoryMeasure: 'redis used_memory',
    usedBytes: () => usedMemory(redis),
    async cleanUp() {
      await store.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
