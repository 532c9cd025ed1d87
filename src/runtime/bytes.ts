// Byte helpers for every runtime: Node's Buffer where there is one (fast, no copy), Web-standard code elsewhere
// (Workers without `nodejs_compat` have no Buffer).

/** Counts the UTF-8 bytes of `text` without encoding it (a lone surrogate counts 3, as U+FFFD). */
export function countUtf8Bytes(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      index++;
    } else bytes += 2;
  }
  return bytes;
}

const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** The number of bytes `text` takes as UTF-8. */
export const utf8ByteLength: (text: string) => number = NodeBuffer ? (text) => NodeBuffer.byteLength(text, 'utf8') : countUtf8Bytes;

/** `chunks` (of `size` bytes in all) as one array. */
export function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (NodeBuffer) return NodeBuffer.concat(chunks, size);
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/** Compares two digests in time that depends on their length only. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let difference = 0;
  for (let index = 0; index < a.byteLength; index++) difference |= a[index] ^ b[index];
  return difference === 0;
}
