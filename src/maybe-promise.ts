/** A value now, or later: the request path stays synchronous while nothing it calls has to wait. */
export type MaybePromise<T> = T | Promise<T>;

/** Whether `value` is a promise or another thenable (a user's store or verifier may return either). */
export const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
