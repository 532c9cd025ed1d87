// `npm run bench`: the engine's cost over a bare route per framework, the JWT cost, and the job stores'
// scaling. Prints tables and writes bench/results.json. Knobs: see bench/config.ts.
import { writeFileSync } from 'node:fs';
import { readConfig } from './config.js';
import { runHttpSuite, type HttpSuiteResult } from './http-suite.js';
import { runJwtSuite, type JwtSuiteResult } from './jwt-suite.js';
import { describeMachine } from './machine.js';
import { pinLoadGenerator, unpinLoadGenerator } from './pin.js';
import { runJobsSuite, type JobsSuiteResult } from './jobs-suite.js';
import { httpTable, jobsTable, jwtTable, storeTable } from './report.js';
import { runStoreSuite, type StoreSuiteResult } from './store-suite.js';

const config = readConfig();
const machine = describeMachine();
const started = Date.now();
const log = (line: string) => console.error(`[bench ${Math.round((Date.now() - started) / 1000)}s] ${line}`);

log(
  `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; ${config.rounds} rounds of ${config.seconds}s, ${config.connections} connections`,
);
// The HTTP parts measure a server on its own CPU; the store and jobs parts run on every CPU.
const pinning = pinLoadGenerator();
const pinned =
  'serverCpus' in pinning
    ? `server on CPU ${pinning.serverCpus}, load generator on CPU ${pinning.loadCpus}`
    : `not pinned (${pinning.unpinned})`;
log(`HTTP parts: ${pinned}`);
const http: HttpSuiteResult | undefined = config.parts.has('http') ? await runHttpSuite(config, pinning, log) : undefined;
const jwt: JwtSuiteResult | undefined = config.parts.has('jwt') ? await runJwtSuite(config, pinning, log) : undefined;
if ('serverCpus' in pinning) unpinLoadGenerator(pinning);
const store: StoreSuiteResult | undefined = config.parts.has('store') ? await runStoreSuite(config, log) : undefined;
const jobs: JobsSuiteResult | undefined = config.parts.has('jobs') ? await runJobsSuite(config, log) : undefined;

const out: string[] = [`\nbyo-engine benchmark, ${machine.date}: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`];
if (http) {
  out.push(
    `\nMounted engine (API token + validation) vs bare route and hand-written-safe route; ${pinned}; medians of ${config.rounds} rotating rounds (* below target: mounted/bare 0.9 on Express and Koa, 0.8 on node:http and Fastify; mounted/safe 1.0)`,
  );
  out.push(httpTable(http.results));
  for (const { framework, reason } of http.skipped) out.push(`skipped ${framework}: ${reason}`);
}
if (jwt) {
  out.push('\nJWT cost: RS256 Bearer (JWKS cached) vs API token');
  out.push('skipped' in jwt ? `skipped: ${jwt.skipped}` : jwtTable(jwt.result));
}
if (store) {
  out.push('\nJob stores: N jobs of 50 segments created, completed and read (one at a time); memory per done job');
  out.push(storeTable(store.results));
  for (const { store: name, reason } of store.skipped) out.push(`skipped ${name}: ${reason}`);
}
if (jobs) {
  out.push(
    `\nAsync jobs on BullMQ: ${config.asyncJobs} jobs of 5 segments submitted, then completed by worker processes (instant translator)`,
  );
  out.push('skipped' in jobs ? `skipped: ${jobs.skipped}` : jobsTable(jobs.results));
}
console.log(out.join('\n'));

const resultsFile = new URL('./results.json', import.meta.url);
writeFileSync(
  resultsFile,
  `${JSON.stringify({ machine, config: { ...config, parts: [...config.parts] }, pinning, http, jwt, store, jobs }, null, 2)}\n`,
);
log(`done in ${Math.round((Date.now() - started) / 1000)}s; wrote bench/results.json`);
