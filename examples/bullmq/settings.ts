// The environment both BullMQ example processes read (see server.ts and worker.ts).
import { setTimeout as delay } from 'node:timers/promises';
import type { TranslateFunction } from 'byo-engine';
import type { BullmqQueueSettings, BullmqWorkerSettings } from 'byo-engine/bullmq';
import { demoTranslate } from '../shared/demo-translator.js';

const env = process.env;
const optionalNumber = (name: string): number | undefined => (env[name] ? Number(env[name]) : undefined);

/** REDIS_URL (default redis://127.0.0.1:6379), BYO_QUEUE (default `byo`); BYO_LOCK_MS, BYO_STALLED_INTERVAL_MS and
 * BYO_GLOBAL_CONCURRENCY tune how fast a dead worker's job is taken again and how many run at once. */
export const queueSettings: BullmqQueueSettings & BullmqWorkerSettings = {
  url: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  queue: env.BYO_QUEUE ?? 'byo',
  lockMs: optionalNumber('BYO_LOCK_MS'),
  stalledIntervalMs: optionalNumber('BYO_STALLED_INTERVAL_MS'),
  globalConcurrency: optionalNumber('BYO_GLOBAL_CONCURRENCY'),
};

/** Jobs this process translates at once: BYO_CONCURRENCY, default 4. */
export const concurrency = optionalNumber('BYO_CONCURRENCY') ?? 4;

/** On SIGTERM, running jobs get SHUTDOWN_GRACE_MS (default 10,000) to finish, then go back to the queue. */
export const graceMs = optionalNumber('SHUTDOWN_GRACE_MS') ?? 10_000;

const delayMs = optionalNumber('DEMO_TRANSLATE_DELAY_MS') ?? 0;

/** The demo translator, DEMO_TRANSLATE_DELAY_MS slower per job (default 0), to watch jobs in flight. */
export const translate: TranslateFunction = async (request, context) => {
  if (delayMs > 0) await delay(delayMs, undefined, { signal: context.signal });
  return demoTranslate(request, context);
};
