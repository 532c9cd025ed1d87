// The Nest app both NestJS examples serve (server.ts on Express, fastify-server.ts on Fastify): a health route of
// its own, next to which the BYO Engine API is mounted, and the engine over the demo translator.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { createByoEngine, type ByoEngine } from 'byo-engine';
import { demoApiToken, demoLanguages, demoTranslate } from '../shared/demo-translator.js';

// Decorators called as functions: the example runs under tsx without `experimentalDecorators`.
class HealthController {
  health() {
    return { ok: true };
  }
}
Get()(HealthController.prototype, 'health', Object.getOwnPropertyDescriptor(HealthController.prototype, 'health')!);
Controller('health')(HealthController);

export class AppModule {}
Module({ controllers: [HealthController] })(AppModule);

/** The engine, and the API token it admits (from BYO_API_TOKEN). */
export function demoEngine(): { engine: ByoEngine; token: string } {
  const token = demoApiToken();
  const engine = createByoEngine({
    translate: demoTranslate, // stand-in: put your engine here
    languages: demoLanguages,
    auth: { apiTokens: { phrase: token } },
  });
  return { engine, token };
}
