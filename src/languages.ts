import type { LanguagePair } from './api-types.js';
import type { MaybePromise } from './maybe-promise.js';

/** Language pairs, or a function that loads them (it may be async; its answer is cached). */
export type LanguagesSource = readonly LanguagePair[] | (() => readonly LanguagePair[] | Promise<readonly LanguagePair[]>);

interface Snapshot {
  pairs: readonly LanguagePair[];
  /** `source>target` keys, lower-case, for O(1) coverage checks. */
  keys: ReadonlySet<string>;
  /** Targets by source, spelt as listed: what Phrase sends back, found without lower-casing or joining. */
  listed: ReadonlyMap<string, ReadonlySet<string>>;
}

const pairKey = (source: string, target: string) => `${source.toLowerCase()}>${target.toLowerCase()}`;

/** `en_us` -> [`en_us`, `en`]: a top-level code covers its sub-locales. */
function codeAndParent(code: string): string[] {
  const separator = code.search(/[_-]/);
  return separator > 0 ? [code, code.slice(0, separator)] : [code];
}

/** Returns a message naming the field and the rule when `pairs` is not a valid list of pairs. */
export type LanguagePairsCheck = (pairs: unknown) => string | undefined;

/** `languagePairs/0/targetLanguage must be string` -> `languages[0].targetLanguage must be string`: the option's own name. */
function asOptionPath(problem: string): string {
  return problem.replace(/^languagePairs(\S*)/, (_, path: string) => {
    const steps = path.split('/').filter(Boolean);
    return `languages${steps.map((step) => (/^\d+$/.test(step) ? `[${step}]` : `.${step}`)).join('')}`;
  });
}

function snapshot(pairs: readonly LanguagePair[], check?: LanguagePairsCheck): Snapshot {
  const problem = check?.(pairs);
  if (problem) throw new Error(`byo-engine: options.languages is invalid: ${asOptionPath(problem)}`);
  const listed = new Map<string, Set<string>>();
  for (const { sourceLanguage, targetLanguage } of pairs) {
    listed.set(sourceLanguage, (listed.get(sourceLanguage) ?? new Set()).add(targetLanguage));
  }
  return { pairs, keys: new Set(pairs.map((pair) => pairKey(pair.sourceLanguage, pair.targetLanguage))), listed };
}

/** The engine's supported pairs, with a cache for a loader function. */
export class Languages {
  private readonly load: () => Promise<Snapshot>;
  /** The list when it is at hand now (a fixed list, or a loaded one still fresh): checks need not wait. */
  private readonly ready: () => Snapshot | undefined;

  /** `check` validates every list (a fixed one at once, so a bad list stops the start-up). */
  constructor(source: LanguagesSource, cacheMs: number, check?: LanguagePairsCheck) {
    if (typeof source !== 'function') {
      if (Array.isArray(source) && source.length === 0) {
        throw new Error('byo-engine: options.languages is empty: list at least one { sourceLanguage, targetLanguage } pair');
      }
      const fixedSnapshot = snapshot(source, check);
      const fixed = Promise.resolve(fixedSnapshot);
      this.load = () => fixed;
      this.ready = () => fixedSnapshot;
      return;
    }
    const loader = source;
    let cached: { value: Promise<Snapshot>; expiresAt: number; settled?: Snapshot } | undefined;
    this.ready = () => (cached?.settled && cached.expiresAt > Date.now() ? cached.settled : undefined);
    this.load = () => {
      const now = Date.now();
      if (!cached || cached.expiresAt <= now) {
        const value = Promise.resolve()
          .then(loader)
          .then((pairs) => snapshot(pairs, check));
        const entry: { value: Promise<Snapshot>; expiresAt: number; settled?: Snapshot } = { value, expiresAt: now + cacheMs };
        cached = entry;
        value.then(
          (loaded) => (entry.settled = loaded),
          // a failed load is not cached: the next request tries again
          () => {
            if (cached === entry) cached = undefined;
          },
        );
      }
      return cached.value;
    };
  }

  async list(): Promise<readonly LanguagePair[]> {
    return (await this.load()).pairs;
  }

  /** Whether a listed pair covers `source -> target`; at once when the list is at hand. */
  covers(source: string, target: string): MaybePromise<boolean> {
    const ready = this.ready();
    return ready ? coveredBy(ready, source, target) : this.load().then((loaded) => coveredBy(loaded, source, target));
  }
}

function coveredBy({ keys, listed }: Snapshot, source: string, target: string): boolean {
  if (listed.get(source)?.has(target) === true) return true;
  for (const sourceCode of codeAndParent(source)) {
    for (const targetCode of codeAndParent(target)) {
      if (keys.has(pairKey(sourceCode, targetCode))) return true;
    }
  }
  return false;
}
