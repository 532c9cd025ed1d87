/** Why a translation did not produce a usable answer; `message` is safe to show to Phrase's users. */
export class TranslatorFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'bad-output' | 'error' | 'aborted',
    message: string,
    /** What the translator threw, when it threw (kept out of answers; a job backend reads e.g. its HTTP `status`). */
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'TranslatorFailure';
  }
}

const MAX_DETAIL_LENGTH = 500;

/** Turns whatever a translator threw into a failure with a readable, bounded message. */
export function describeTranslatorError(error: unknown): TranslatorFailure {
  if (error instanceof TranslatorFailure) return error;
  const message =
    error instanceof Error && error.message
      ? `translator failed: ${error.message}`
      : `translator failed with ${typeof error === 'string' ? `"${error}"` : 'a value that is not an Error'}`;
  const detail = message.length > MAX_DETAIL_LENGTH ? `${message.slice(0, MAX_DETAIL_LENGTH)}...` : message;
  // The original error rides along as `cause`: the log shows the translator's own stack.
  return new TranslatorFailure('error', detail, { cause: error });
}
