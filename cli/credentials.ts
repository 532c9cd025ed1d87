export type CredentialsOptions =
  | { kind: 'api-token'; token: string }
  | { kind: 'client-credentials'; clientId: string; clientSecret: string; tokenUrl: string; scope?: string };

/** Supplies the headers that authenticate a call, as Phrase sends them. */
export interface Credentials {
  readonly kind: CredentialsOptions['kind'];
  /** Headers of an authenticated call (fetches or refreshes an OAuth2 token when needed). */
  headers(): Promise<Record<string, string>>;
  /** Headers carrying credentials of the same kind that no engine can accept. */
  invalidHeaders(): Record<string, string>;
}

export const INVALID_TOKEN = 'byo-engine-check-invalid-token';

/** Refresh a token this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;

export function createCredentials(options: CredentialsOptions, timeoutMs: number): Credentials {
  if (options.kind === 'api-token') {
    const headers = { 'x-api-token': options.token };
    return {
      kind: options.kind,
      headers: async () => headers,
      invalidHeaders: () => ({ 'x-api-token': INVALID_TOKEN }),
    };
  }
  let cached: { headers: Record<string, string>; refreshAt: number } | undefined;
  let pending: Promise<Record<string, string>> | undefined;
  const refresh = async () => {
    const token = await fetchClientCredentialsToken(options, timeoutMs);
    const lifetimeMs = token.expiresInSeconds === undefined ? Infinity : token.expiresInSeconds * 1000;
    cached = {
      headers: { authorization: `Bearer ${token.accessToken}` },
      refreshAt: Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    return cached.headers;
  };
  return {
    kind: options.kind,
    async headers() {
      if (cached && Date.now() < cached.refreshAt) return cached.headers;
      // One refresh at a time, however many requests ask for headers meanwhile.
      pending ??= refresh().finally(() => (pending = undefined));
      return pending;
    },
    invalidHeaders: () => ({ authorization: `Bearer ${INVALID_TOKEN}` }),
  };
}

export interface ClientCredentialsToken {
  accessToken: string;
  expiresInSeconds?: number;
}

/** RFC 6749 2.3.1: id and secret are form-encoded, then sent with HTTP Basic. */
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/** The OAuth2 client credentials grant (RFC 6749 4.4) as Phrase performs it: form body, Basic auth. */
export async function fetchClientCredentialsToken(
  options: Extract<CredentialsOptions, { kind: 'client-credentials' }>,
  timeoutMs: number,
): Promise<ClientCredentialsToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (options.scope) form.set('scope', options.scope);
  const basic = Buffer.from(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`).toString('base64');
  const response = await fetch(options.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form.toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below as a missing access_token
  }
  if (response.status !== 200 || typeof body.access_token !== 'string' || body.access_token === '') {
    const reason = [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ');
    throw new Error(
      `token endpoint ${options.tokenUrl} answered ${response.status}` +
        (reason ? ` (${reason.slice(0, 200)})` : typeof body.access_token === 'string' ? '' : ' without an access_token'),
    );
  }
  const expiresIn = Number(body.expires_in);
  return { accessToken: body.access_token, expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined };
}
