import { styleText } from 'node:util';

/** The output streams the CLI writes to; `isTTY` and `columns` decide colours, progress and widths. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

type Format = Parameters<typeof styleText>[0] & string;

/**
 * Colours text for `stream`: styleText leaves it plain when the stream is not a terminal, or when
 * NO_COLOR / NODE_DISABLE_COLORS / FORCE_COLOR say so.
 */
export function paint(stream: OutputStream, format: Format, text: string): string {
  if (!stream.isTTY) return text;
  return styleText(format, text, { stream: stream as NodeJS.WritableStream });
}
