// byo-engine/redis: a job store shared by several instances (needs the optional peer dependency ioredis).
export { LOST_WORKER_DETAIL, RedisJobStore, type RedisJobStoreOptions } from './redis-job-store.js';
export { JobStoreUnavailableError } from '../jobs/store-unavailable-error.js';
