// A NestJS app (Express platform) that mounts the BYO Engine API under /byo with one call.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';

// Decorators called as functions: the example runs under tsx without `experimentalDecorators`.
class HealthController {
  health() {
    return { ok: true };
  }
}
Get()(HealthController.prototype, 'health', Object.getOwnPropertyDescriptor(HealthController.prototype, 'health')!);
Controller('health')(HealthController);

class AppModule {}
Module({ controllers: [HealthController] })(AppModule);

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

// bodyParser: false: Nest's JSON parser (100 kB limit) would refuse 500-segment requests before the
// engine sees them; the engine reads the body itself within its own limit.
const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
app.use('/byo', byoExpress(engine));

await app.listen(Number(process.env.PORT ?? 8080)); // PORT=0 picks a free port
const address = app.getHttpServer().address() as { port: number };
printCurl(`http://localhost:${address.port}/byo`, token);

closeOnSignals(engine, () => app.close());
