import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRows, type RunningApp } from './support/adapter-rows.js';
import { AUTH_HEADERS, testEngine, translateBody } from './support/test-engine.js';

for (const row of adapterRows) {
  describe(`smoke ${row.name}`, () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await row.start(testEngine(), { prefix: '/api/byo', hostBodyParser: true });
    });
    afterAll(() => app.close());
    it('translates', async () => {
      const response = await fetch(`${app.origin}/api/byo/translate`, {
        method: 'POST',
        headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
        body: JSON.stringify(translateBody(2)),
      });
      expect(response.status).toBe(200);
      expect((await response.json()).segments[1].translatedText).toBe('<de>segment 1');
      const host = await fetch(`${app.origin}/host/hello`);
      expect(await host.json()).toEqual({ host: row.name });
    });
  });
}
