// A BullMQ worker without HTTP: takes the jobs that the front-ends (npm run start:bullmq) put in the queue,
// until SIGTERM; then it takes no new job, lets running ones finish for SHUTDOWN_GRACE_MS and hands the rest
// back to the queue for another worker.   npm run start:bullmq-worker
//
// Environment: REDIS_URL, BYO_QUEUE, DEMO_TRANSLATE_DELAY_MS, and optionally BYO_CONCURRENCY,
// BYO_GLOBAL_CONCURRENCY, BYO_LOCK_MS, BYO_STALLED_INTERVAL_MS, SHUTDOWN_GRACE_MS.
import { startBullmqWorker } from 'byo-engine/bullmq';
import { concurrency, graceMs, queueSettings, translate } from './settings.js';

try {
  const worker = await startBullmqWorker({ ...queueSettings, translate, concurrency, graceMs });
  console.log(`worker ready on queue "${queueSettings.queue}" (${concurrency} at a time)`);
  await worker.closed; // after SIGTERM or SIGINT
  console.log('worker closed');
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
