// byo-engine/bullmq: durable async jobs on BullMQ (needs the optional peer dependencies bullmq and ioredis).
export { bullmqJobs, BullmqJobBackend, type BullmqJobsOptions } from './bullmq-job-backend.js';
export { startBullmqWorker, type BullmqWorker, type BullmqWorkerOptions } from './bullmq-worker.js';
export { BULLMQ_DEFAULTS, type BullmqQueueSettings, type BullmqRetrySettings, type BullmqWorkerSettings } from './settings.js';
export { workerLostDetail } from './job-data.js';
