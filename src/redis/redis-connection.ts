import { Redis, type RedisOptions } from 'ioredis';
import { JobStoreUnavailableError } from '../jobs/store-unavailable-error.js';

export interface OwnClientSettings {
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  redisOptions?: RedisOptions;
}

/**
 * A client that fails fast while Redis is away, so requests answer 503 at once instead of hanging:
 * no offline queue (commands sent while disconnected reject), commands in flight when the connection
 * drops reject rather than being resent, and every command has a timeout. It reconnects in the background.
 */
export function createFailFastClient(url: string, settings: OwnClientSettings): Redis {
  return new Redis(url, {
    ...settings.redisOptions,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
  });
}

/** `host:port` (or the socket path) of a client, without credentials, for error messages. */
export function describeEndpoint(client: Redis): string {
  const { host, port, path } = client.options;
  return path ?? `${host}:${port}`;
}

/** Resolves once the client is ready; rejects with a clear error at the first failed attempt or the timeout. */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const finish = (problem?: string) => {
      clearTimeout(timer);
      client.off('ready', onReady).off('error', onError).off('end', onEnd);
      if (problem === undefined) resolve();
      else
        reject(
          new Error(`byo-engine: cannot reach Redis at ${describeEndpoint(client)} (${problem}); check the URL and that Redis is running`),
        );
    };
    const onReady = () => finish();
    const onError = (error: Error) => finish(error.message || error.name);
    const onEnd = () => finish('the connection was closed');
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    client.on('ready', onReady).on('error', onError).on('end', onEnd);
    if (client.status === 'wait') client.connect().catch(() => {});
  });
}

/** Redis replies that mean "not now" rather than "wrong": answered with 503 like a lost connection. */
const TRANSIENT_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|OOM)\b/;

/**
 * Turns a failed Redis call into what the engine should answer: connection trouble, timeouts and
 * transient replies become `JobStoreUnavailableError` (503); any other Redis reply is a bug (500).
 */
export function asStoreError(error: unknown, retryAfterSeconds: number): Error {
  const isReply = error instanceof Error && error.name === 'ReplyError';
  if (isReply && !TRANSIENT_REPLIES.test(error.message)) return error;
  return new JobStoreUnavailableError('Job storage (Redis) is unavailable; retry shortly', { cause: error, retryAfterSeconds });
}

/** Whether the client is connected and Redis answers a PING now (bounded by the client's command timeout). */
export async function answersPing(client: Redis): Promise<boolean> {
  if (client.status !== 'ready') return false;
  try {
    await client.ping();
    return true;
  } catch {
    return false;
  }
}
