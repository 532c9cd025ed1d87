// A NestJS app (Express platform) that mounts the BYO Engine API under /byo with one call.
// The same app on Nest's Fastify platform: fastify-server.ts.
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { byoExpress } from 'byo-engine/express';
import { printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { AppModule, demoEngine } from './app-module.js';

const { engine, token } = demoEngine();

// bodyParser: false: Nest's JSON parser (100 kB limit) would refuse 500-segment requests before the
// engine sees them; the engine reads the body itself within its own limit.
const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
app.use('/byo', byoExpress(engine));

await app.listen(Number(process.env.PORT ?? 8080)); // PORT=0 picks a free port
const address = app.getHttpServer().address() as { port: number };
printCurl(`http://localhost:${address.port}/byo`, token);

closeOnSignals(engine, () => app.close());
