// One BullMQ worker process for the jobs bench: an instant translator, so the figure is the queue's own cost.
import { startBullmqWorker } from '../../src/bullmq/index.js';

const [queue, redisUrl, concurrency] = process.argv.slice(2);
const worker = await startBullmqWorker({
  url: redisUrl,
  queue,
  concurrency: Number(concurrency),
  translate: (request) => request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`),
});
process.send?.({ kind: 'ready' });
process.once('disconnect', () => void worker.close(1_000).then(() => process.exit(0)));
