/** The realm named in `WWW-Authenticate: Bearer` challenges (RFC 6750 §3). */
export const BEARER_REALM = 'byo-engine';

/** The challenge for a request without a token: no error code, as RFC 6750 §3.1 says. */
export const BEARER_CHALLENGE = `Bearer realm="${BEARER_REALM}"`;

/** The challenge for a bad token. `description` is one of our fixed, quote-free texts. */
export const invalidTokenChallenge = (description: string): Record<string, string> => ({
  'www-authenticate': `Bearer realm="${BEARER_REALM}", error="invalid_token", error_description="${description}"`,
});

/** The challenge for a valid token without the operation's scope (RFC 6750 §3.1, sent with a 403). */
export const insufficientScopeChallenge = (scope: string): Record<string, string> => ({
  'www-authenticate': `Bearer realm="${BEARER_REALM}", error="insufficient_scope", scope="${scope}"`,
});
