// Child process: the engine on node:http with both API tokens and OAuth2 (RS256 keys from a JWKS that
// this process also serves on loopback, so the engine fetches it once and then verifies from its cache).
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { byoNode } from '../../adapters/node.js';
import { createByoEngine } from '../../src/index.js';
import { BENCH_CALLER, BENCH_LANGUAGES, BENCH_TOKEN, noopTranslate, silentLogger } from '../shared/workload.js';
import { MOUNT_PREFIX, listenOnLoopback } from './listen.js';
import { answerCpuQueries, reportToParent } from './report-to-parent.js';

const ISSUER = 'https://issuer.bench.invalid/';
const AUDIENCE = 'byo-engine-bench';
const KEY_ID = 'bench-key-1';
const ALL_SCOPES = 'languages:read status:read translate:write translateAsync:write translateAsyncStatus:read translateAsyncResult:read';

const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' }] });
const jwksPort = await listenOnLoopback(createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks)));

const bearer = await new SignJWT({ scope: ALL_SCOPES, client_id: BENCH_CALLER })
  .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'at+jwt' })
  .setIssuer(ISSUER)
  .setAudience(AUDIENCE)
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(privateKey);

// `auth.oauth2` comes with issue 4; typed here so the bench compiles before and after it lands.
const oauth2 = { issuer: ISSUER, audience: AUDIENCE, jwksUri: `http://127.0.0.1:${jwksPort}/jwks.json` };
const engine = createByoEngine({
  translate: noopTranslate,
  languages: BENCH_LANGUAGES,
  auth: { apiTokens: { [BENCH_CALLER]: BENCH_TOKEN }, oauth2 },
  logger: silentLogger,
});
const port = await listenOnLoopback(createServer(byoNode(engine, { prefix: MOUNT_PREFIX })));
reportToParent({ kind: 'ready', port, bearer });
answerCpuQueries();
