/** Knobs, from the environment; the defaults keep `npm run bench` to about 10 minutes on 2 cores. */
export interface BenchConfig {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Which parts run: http, jwt, store, jobs. */
  parts: Set<string>;
  frameworks: string[];
  /** HTTP cases whose name contains one of these (all by default). */
  cases: string[];
  storeSizes: number[];
  /** Jobs submitted per row of the BullMQ jobs part. */
  asyncJobs: number;
  redisUrl: string;
}

const list = (value: string | undefined, fallback: string[]) => (value ? value.split(',').map((item) => item.trim()) : fallback);
const number = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return {
    rounds: number(env.BENCH_ROUNDS, 15),
    seconds: number(env.BENCH_SECONDS, 0.5),
    warmupSeconds: number(env.BENCH_WARMUP_SECONDS, 0.5),
    connections: number(env.BENCH_CONNECTIONS, 10),
    parts: new Set(list(env.BENCH_ONLY, ['http', 'jwt', 'store', 'jobs'])),
    frameworks: list(env.BENCH_FRAMEWORKS, ['node', 'express', 'koa', 'fastify']),
    cases: list(env.BENCH_CASES, ['']),
    storeSizes: list(env.BENCH_STORE_SIZES, ['1000', '10000', '100000']).map(Number),
    asyncJobs: number(env.BENCH_ASYNC_JOBS, 2_000),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}
