// Detects prototype pollution: a snapshot of the built-in prototypes' own properties, compared later.

const GUARDED: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['Promise.prototype', Promise.prototype],
  ['RegExp.prototype', RegExp.prototype],
  ['Error.prototype', Error.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
];

type Snapshot = Map<string, Map<PropertyKey, PropertyDescriptor>>;

function take(): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const [name, prototype] of GUARDED) {
    const descriptors = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(prototype)) descriptors.set(key, Object.getOwnPropertyDescriptor(prototype, key)!);
    snapshot.set(name, descriptors);
  }
  return snapshot;
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable;

/** Takes a snapshot now; `changes()` lists every property added, removed or replaced since, on any guarded prototype. */
export function guardPrototypes(): { changes(): string[] } {
  const before = take();
  const prototypeOfObjectPrototype = Object.getPrototypeOf(Object.prototype);
  return {
    changes() {
      const after = take();
      const changes: string[] = [];
      for (const [name, descriptors] of before) {
        const now = after.get(name)!;
        for (const [key, descriptor] of descriptors) {
          const current = now.get(key);
          if (!current) changes.push(`${name}.${String(key)} was removed`);
          else if (!sameDescriptor(descriptor, current)) changes.push(`${name}.${String(key)} was changed`);
        }
        for (const key of now.keys()) if (!descriptors.has(key)) changes.push(`${name}.${String(key)} was added`);
      }
      if (Object.getPrototypeOf(Object.prototype) !== prototypeOfObjectPrototype) changes.push('Object.prototype has a new prototype');
      return changes;
    },
  };
}
