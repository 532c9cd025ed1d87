import type { LanguagePair } from '../src/index.js';
import type { OperationId } from '../src/index.js';
import { failCheck, type CheckList } from './check-result.js';
import { isIntegerRetryAfter, type EngineCaller, type Throttle } from './engine-caller.js';
import { numberedSegments, translateRequest } from './sample-requests.js';

const ALL_OPERATIONS: readonly OperationId[] = [
  'getStatus',
  'getLanguages',
  'translateTexts',
  'translateAsync',
  'translateAsyncStatus',
  'translateAsyncResult',
];

/** Every endpoint must refuse a call without credentials, or with credentials it cannot accept. */
export async function checkAuthRefusal(
  checks: CheckList,
  caller: EngineCaller,
  auth: 'none' | 'invalid',
  pair: LanguagePair,
  jobId: string,
): Promise<void> {
  const name = auth === 'none' ? 'auth.missing-credentials' : 'auth.invalid-credentials';
  const what = auth === 'none' ? 'without credentials' : 'with an invalid token';
  await checks.run(name, `401 or 403 Error from all ${ALL_OPERATIONS.length} endpoints ${what}`, async () => {
    const body = translateRequest(pair, numberedSegments(1));
    const problems: string[] = [];
    const statuses = new Set<number>();
    for (const id of ALL_OPERATIONS) {
      const answer = await caller.call(id, { auth, jobId, body });
      statuses.add(answer.status);
      const check = caller.contract.checkAnswer(id, answer, [401, 403]);
      for (const problem of check.problems) problems.push(`${caller.contract.label(id)}: ${problem}`);
    }
    if (problems.length) failCheck(problems);
    return `all refused (${[...statuses].join(', ')})`;
  });
}

/** Phrase backs off by Retry-After: every 429 of the run must carry it as whole seconds. */
export async function checkRetryAfter(checks: CheckList, throttles: readonly Throttle[]): Promise<void> {
  await checks.run('rate-limit.retry-after', 'every 429 carries an integer Retry-After', async () => {
    if (throttles.length === 0) return 'no 429 seen';
    const missing = throttles.filter((throttle) => !isIntegerRetryAfter(throttle.retryAfter));
    if (missing.length) {
      failCheck(
        missing.map(({ endpoint, retryAfter }) =>
          retryAfter === undefined ? `429 from ${endpoint} without Retry-After` : `429 from ${endpoint} with Retry-After "${retryAfter}"`,
        ),
      );
    }
    return `${throttles.length} × 429, all with Retry-After`;
  });
}
