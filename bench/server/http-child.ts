// Child process: one framework's server with both the bare routes and the mounted engine, so that the
// two are measured alternately in the same warm process. The parent runs the load generator.
import { createByoEngine, type ByoEngine } from '../../src/index.js';
import { BENCH_CALLER, BENCH_LANGUAGES, BENCH_TOKEN, noopTranslate, silentLogger } from '../shared/workload.js';
import { startExpress } from './hosts/express.js';
import { startFastify } from './hosts/fastify.js';
import { startKoa } from './hosts/koa.js';
import { startNode } from './hosts/node.js';
import { Unavailable } from './optional-module.js';
import { answerCpuQueries, reportToParent } from './report-to-parent.js';

const hosts: Record<string, (engine: ByoEngine) => Promise<number>> = {
  express: startExpress,
  koa: startKoa,
  fastify: startFastify,
  node: startNode,
};

const framework = process.argv[2];
const engine = createByoEngine({
  translate: noopTranslate,
  languages: BENCH_LANGUAGES,
  auth: { apiTokens: { [BENCH_CALLER]: BENCH_TOKEN } },
  logger: silentLogger,
});

try {
  const start = hosts[framework];
  if (!start) throw new Error(`unknown framework ${framework}`);
  reportToParent({ kind: 'ready', port: await start(engine) });
  answerCpuQueries();
} catch (error) {
  if (!(error instanceof Unavailable)) throw error;
  reportToParent({ kind: 'unavailable', reason: error.message });
}
