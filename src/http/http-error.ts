/** An error that the engine answers with its own status and message (safe to show to the caller). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** For 429 and 503: why the request was refused, as metrics count it (`queue_full`, `shutting_down`...). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
