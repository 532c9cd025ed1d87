// The Express example with OAuth2: a built-in token endpoint (client credentials), optionally an identity
// provider, and optionally an API token. Run: npx tsx examples/express-oauth/server.ts
import { readFileSync } from 'node:fs';
import express from 'express';
import { createByoEngine, type AuthOptions } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { demoLanguages, demoTranslate } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';

const env = process.env;

function demoClientSecret(): string {
  if (env.BYO_CLIENT_SECRET) return env.BYO_CLIENT_SECRET;
  process.stderr.write('BYO_CLIENT_SECRET is not set: using "demo-secret-change-me" (for local trials only)\n');
  return 'demo-secret-change-me';
}

const clientId = env.BYO_CLIENT_ID ?? 'phrase';
const auth: AuthOptions = {
  tokenEndpoint: {
    clients: { [clientId]: { secret: demoClientSecret() } },
    // A fixed key lets tokens survive restarts and work on every instance; without it one is generated.
    signingKey: env.BYO_SIGNING_KEY_FILE ? readFileSync(env.BYO_SIGNING_KEY_FILE, 'utf8') : undefined,
  },
};
if (env.BYO_OAUTH_ISSUER) {
  // Your identity provider: tokens it issues for this audience are accepted too.
  auth.oauth2 = {
    issuer: env.BYO_OAUTH_ISSUER,
    audience: env.BYO_OAUTH_AUDIENCE ?? 'byo-engine',
    jwksUri: env.BYO_OAUTH_JWKS_URI ?? `${env.BYO_OAUTH_ISSUER.replace(/\/$/, '')}/.well-known/jwks.json`,
  };
}
if (env.BYO_API_TOKEN) auth.apiTokens = { phrase: env.BYO_API_TOKEN };

const engine = createByoEngine({ translate: demoTranslate, languages: demoLanguages, auth });

const app = express();
app.use('/byo', byoExpress(engine));

const port = Number(env.PORT ?? 8080);
const server = app.listen(port, (error) => {
  if (error) exitOnListenError(error, port); // Express 5 passes a listen error (a busy port) here
  const base = `http://localhost:${port}/byo`;
  console.log(`BYO Engine API on ${base}`);
  console.log(`Token URL: ${base}/oauth/token (client id "${clientId}"), public keys: ${base}/.well-known/jwks.json`);
});

closeOnSignals(engine, () => server.close());
