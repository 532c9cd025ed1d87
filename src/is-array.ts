/**
 * `Array.isArray` that keeps the element type: the built-in narrows a `readonly T[]` to `any[]`, which
 * would switch off type checking for what follows.
 */
export function isArray<T>(value: T): value is Extract<T, readonly unknown[]> {
  return Array.isArray(value);
}
