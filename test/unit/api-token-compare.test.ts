// The API-token comparison on zero-padded bytes: only the exact token matches, whatever its width or encoding.
import { describe, expect, it } from 'vitest';
import { apiTokenAuthenticator } from '../../src/auth/api-tokens.js';
import type { AuthResult } from '../../src/auth/authenticator.js';
import type { Operation } from '../../src/openapi/operations.js';

const SHORT = 'short-token-0123'; // 16 bytes
const WIDE = 'a-much-wider-token-0123456789abcdef-0123456789'; // the widest: sets the padded width
const UNICODE = 'tökén-ünïcødé-0123456789'; // two bytes per accented letter

const authenticator = apiTokenAuthenticator({ short: SHORT, wide: WIDE, unicode: UNICODE });
const translate = { id: 'translateTexts', method: 'POST', path: '/translate', scope: 'translate' } as Operation;
const callerOf = (token: string | undefined) => {
  const result = authenticator.authenticate({ method: 'GET', path: '/', headers: { 'x-api-token': token } }, translate) as AuthResult;
  return result.kind === 'accepted' ? result.principal.name : result.kind;
};

describe('API-token comparison', () => {
  it('admits each configured token, whatever its width, as its own caller', () => {
    expect([callerOf(SHORT), callerOf(WIDE), callerOf(UNICODE)]).toEqual(['short', 'wide', 'unicode']);
  });

  it('refuses a shorter token padded with NUL characters to look like its padded bytes', () => {
    expect(callerOf(SHORT + '\0'.repeat(WIDE.length - SHORT.length))).toBe('rejected');
    expect(callerOf(SHORT + '\0')).toBe('rejected');
  });

  it('refuses a token longer than the widest one that starts with it, and prefixes of every token', () => {
    expect(callerOf(`${WIDE}x`)).toBe('rejected');
    expect(callerOf(`${WIDE}${'x'.repeat(10_000)}`)).toBe('rejected');
    for (const token of [SHORT, WIDE, UNICODE]) expect(callerOf(token.slice(0, -1))).toBe('rejected');
  });

  it('compares UTF-8 bytes: a look-alike without the accents, or a lone surrogate, does not match', () => {
    expect(callerOf(UNICODE.normalize('NFD'))).toBe('rejected');
    expect(callerOf('tokén-ünïcødé-0123456789')).toBe('rejected');
    expect(callerOf(`${SHORT.slice(0, -1)}\ud800`)).toBe('rejected');
  });

  it('answers absent for a missing or empty header, and keeps answering after a refusal', () => {
    expect(callerOf(undefined)).toBe('absent');
    expect(callerOf('')).toBe('absent');
    expect(callerOf(WIDE.toUpperCase())).toBe('rejected');
    expect(callerOf(SHORT)).toBe('short');
  });
});
