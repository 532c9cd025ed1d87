/**
 * The length of `value` as JSON in characters (UTF-16 code units), without building the JSON: each string
 * counts its characters and quotes, not its escapes. For ASCII text without escapes it equals the JSON's byte
 * length. `MemoryJobStore` sizes results with it: serialising a 50-segment result only to count it cost more
 * than the rest of the job's bookkeeping (the string itself, then the GC of it).
 */
export function jsonTextLength(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value !== 'object' || value === null) return (JSON.stringify(value) ?? 'null').length;
  if (Array.isArray(value)) {
    const count = value.length;
    let total = count > 1 ? count + 1 : 2; // brackets and commas
    for (let index = 0; index < count; index++) total += jsonTextLength(value[index]);
    return total;
  }
  let total = 1;
  let members = 0;
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    total += key.length + 3 + jsonTextLength(member); // quotes, colon
    members++;
  }
  return total + (members > 0 ? members : 1); // commas and the closing brace
}
