// A worker process for the global-concurrency test: its translator counts in Redis how many translator calls
// run at once across every process (COUNT_KEY) and keeps the highest count seen (MAX_KEY).
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { startBullmqWorker } from 'byo-engine/bullmq';

const env = process.env;
const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const RAISE_MAX = `local n = redis.call('INCR', KEYS[1])
if n > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], n) end
return n`;

const worker = await startBullmqWorker({
  url: env.REDIS_URL,
  queue: env.BYO_QUEUE,
  concurrency: Number(env.BYO_CONCURRENCY ?? 4),
  globalConcurrency: env.BYO_GLOBAL_CONCURRENCY ? Number(env.BYO_GLOBAL_CONCURRENCY) : undefined,
  translate: async (request) => {
    await redis.eval(RAISE_MAX, 2, env.COUNT_KEY!, env.MAX_KEY!);
    try {
      await delay(Number(env.DEMO_TRANSLATE_DELAY_MS ?? 100));
      return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
    } finally {
      await redis.decr(env.COUNT_KEY!);
    }
  },
});
console.log('worker ready');
await worker.closed;
redis.disconnect();
process.exit(0);
