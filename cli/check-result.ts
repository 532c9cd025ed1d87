import { describeTransportError } from './engine-client.js';

export type CheckOutcome = 'pass' | 'fail' | 'skip';

/** One row of the report. `name` is stable, so scripts and tests can look a check up by it. */
export interface CheckResult {
  name: string;
  outcome: CheckOutcome;
  /** What the document (or Phrase) expects. */
  expected: string;
  /** What came back: a short success note, the first problem, or why the check was skipped. */
  got: string;
  /** Every problem found, for `--json`. */
  problems: string[];
}

/** Thrown inside a check to fail it with what was wrong. */
export class CheckFailed extends Error {
  constructor(readonly problems: string[]) {
    super(problems[0]);
  }
}

export function failCheck(problems: string | string[]): never {
  throw new CheckFailed(Array.isArray(problems) ? problems : [problems]);
}

/** Collects check results in the order they ran. */
export class CheckList {
  readonly results: CheckResult[] = [];

  /** Runs one check: `run` returns what came back when all is well, or throws `CheckFailed`. */
  async run(name: string, expected: string, run: () => Promise<string>): Promise<boolean> {
    try {
      const got = await run();
      this.results.push({ name, outcome: 'pass', expected, got, problems: [] });
      return true;
    } catch (error) {
      const problems = error instanceof CheckFailed ? error.problems : [`no answer: ${describeTransportError(error)}`];
      const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
      this.results.push({ name, outcome: 'fail', expected, got: `${problems[0]}${more}`, problems });
      return false;
    }
  }

  skip(name: string, expected: string, reason: string): void {
    this.results.push({ name, outcome: 'skip', expected, got: reason, problems: [] });
  }
}
