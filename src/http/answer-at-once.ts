import type { EngineRequest, EngineResponse } from './engine-request.js';
import type { MaybePromise } from '../maybe-promise.js';

type Answer = (request: EngineRequest) => MaybePromise<EngineResponse>;

/**
 * Where an engine keeps its promise-free entry point: a registered symbol, so that two copies of the core (an
 * ESM and a CommonJS build loaded side by side) still find each other's. Not on the public `ByoEngine` type.
 */
const ANSWER_AT_ONCE = Symbol.for('byo-engine.answerAtOnce');

/** Gives `engine` its promise-free entry point (`createByoEngine` does). */
export function offerAnswerAtOnce(engine: object, answer: Answer): void {
  Object.defineProperty(engine, ANSWER_AT_ONCE, { value: answer });
}

/**
 * The engine's answer: the response itself when every step answered at once (an API token, a body at hand, a
 * translator that answers synchronously), so that an adapter sends it without a promise and its microtask
 * turns; a promise otherwise. An engine made elsewhere (a test double with only `handle`) answers through
 * `handle`. Never throws: a failure comes as a rejected promise, as from `handle`.
 */
export function answerAtOnce(
  engine: { handle(request: EngineRequest): Promise<EngineResponse> },
  request: EngineRequest,
): MaybePromise<EngineResponse> {
  const answer = (engine as { [ANSWER_AT_ONCE]?: Answer })[ANSWER_AT_ONCE];
  if (!answer) return engine.handle(request);
  try {
    return answer(request);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
