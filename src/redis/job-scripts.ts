import type { ChainableCommander, Redis } from 'ioredis';

// Every change of a job runs as one Lua script, so it is atomic on the Redis server: two instances
// finishing the same job cannot both win, and the "worker lost" check cannot race a finisher.
// A job is a hash at KEYS[1] (expiring with its TTL); while it runs, KEYS[2] is its lease, a key
// that lives `leaseMs` and that the running instance keeps renewing.

/** ARGV: owner, createdAt, ttlMs, leaseMs. Returns 1, or 0 when the id is taken. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'status', 'running', 'createdAt', ARGV[2], 'ttlMs', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
return 1`;

/** ARGV: new status, field (`result` or `detail`), its value. Returns 1 for the call that moved the job. */
const FINISH = `
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], redis.call('HGET', KEYS[1], 'ttlMs'))
redis.call('DEL', KEYS[2])
return 1`;

/**
 * ARGV: owner. Returns nil (unknown, expired, other owner) or [status, detail, result, createdAt, leaseHeld].
 * `leaseHeld` is 0 for a running job whose lease ran out: a candidate for "worker lost" (see LOST).
 */
const READ = `
local job = redis.call('HMGET', KEYS[1], 'owner', 'status', 'detail', 'result', 'createdAt')
if job[1] ~= ARGV[1] then return false end
return {job[2], job[3], job[4], job[5], redis.call('EXISTS', KEYS[2])}`;

/**
 * ARGV: owner, lost-worker detail. Fails a running job without a lease, once, atomically (a finisher
 * racing it either wins before or finds it failed), and returns the row as READ does.
 */
const LOST = `
local job = redis.call('HMGET', KEYS[1], 'owner', 'status', 'detail', 'result', 'createdAt', 'ttlMs')
if job[1] ~= ARGV[1] then return false end
if job[2] == 'running' and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('HSET', KEYS[1], 'status', 'failed', 'detail', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], job[6])
  job[2] = 'failed'
  job[3] = ARGV[2]
end
return {job[2], job[3], job[4], job[5], 0}`;

/**
 * The store's pulse (KEYS[1], a hash): every instance touches it on each renewal round and before judging a
 * job lost. ARGV: gapMs. A pulse gap longer than gapMs means Redis was unreachable (stopped, frozen,
 * restarted): no instance could renew its leases then, so the calm period starts again. Returns the ms
 * Redis has been reachable without a gap; a job is reported lost only after a full lease of calm.
 */
const PULSE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
local calmSince = tonumber(redis.call('HGET', KEYS[1], 'calmSince'))
if not last or not calmSince or now - last > tonumber(ARGV[1]) then calmSince = now end
redis.call('HSET', KEYS[1], 'last', now, 'calmSince', calmSince)
return now - calmSince`;

/** ARGV: leaseMs. Returns 1 while the job runs, 0 once it finished, was failed as lost, or expired. */
const RENEW = `
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return 1`;

type Key = string;
export type JobRow = [status: string, detail: string | null, result: string | null, createdAt: string, leaseHeld: number];

/** The scripts as ioredis commands (EVALSHA, falling back to EVAL once per connection). */
export interface JobCommands {
  byoJobCreate(job: Key, lease: Key, owner: string, createdAt: number, ttlMs: number, leaseMs: number): Promise<number>;
  byoJobFinish(job: Key, lease: Key, status: 'done' | 'failed', field: 'result' | 'detail', value: string): Promise<number>;
  byoJobRead(job: Key, lease: Key, owner: string): Promise<JobRow | null>;
  byoJobLost(job: Key, lease: Key, owner: string, lostDetail: string): Promise<JobRow | null>;
  byoJobRenew(job: Key, lease: Key, leaseMs: number): Promise<number>;
}

/** The pulse has a single key. */
export interface PulseCommand {
  byoPulse(pulse: Key, gapMs: number): Promise<number>;
}

export type ScriptedRedis = Redis & JobCommands & PulseCommand;
export type ScriptedPipeline = ChainableCommander & {
  byoJobRenew(job: Key, lease: Key, leaseMs: number): ScriptedPipeline;
  byoPulse(pulse: Key, gapMs: number): ScriptedPipeline;
};

const SCRIPTS: Record<keyof JobCommands, string> = {
  byoJobCreate: CREATE,
  byoJobFinish: FINISH,
  byoJobRead: READ,
  byoJobLost: LOST,
  byoJobRenew: RENEW,
};

/** Adds the job commands to the client (idempotent; several stores may share one client). */
export function defineJobCommands(client: Redis): ScriptedRedis {
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (!(name in client)) client.defineCommand(name, { numberOfKeys: 2, lua });
  }
  if (!('byoPulse' in client)) client.defineCommand('byoPulse', { numberOfKeys: 1, lua: PULSE });
  return client as ScriptedRedis;
}
