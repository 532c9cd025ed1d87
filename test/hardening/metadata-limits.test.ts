// Metadata key-count and size limits on every adapter row. Was: nothing limited them; metadata with 550,000
// keys (9.1 MB, under the body limit) blocked the event loop for 1.47 s. Now: a 400 naming the limit.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from 'byo-engine';
import { ApiClient } from '../behaviour/harness.js';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { testEngine, translateBody } from '../support/test-engine.js';

const KEYS = 100;
const BYTES = 2_000;
const keysMessage = `metadata must have at most ${KEYS} keys in all (the request's and the segments', nested keys and array items included)`;
const bytesMessage = `metadata must be at most ${BYTES} bytes of JSON in all (the request's and the segments')`;
const withKeys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index]));

for (const row of adapterRows) {
  describe(`metadata limits ${row.name}`, () => {
    const mounted = mountForBlock(row, () => testEngine({ limits: { maxMetadataKeys: KEYS, maxMetadataBytes: BYTES } }), {
      prefix: '/byo',
      hostBodyParser: false,
    });
    const api = () => new ApiClient(mounted.engine, mounted.app.origin, '/byo');

    it('accepts metadata up to the key count and echoes it', async () => {
      // 50 request keys + 2 segments x (1 key holding an array of 24 items) = 100 entries.
      const segments = [0, 1].map((index) => ({ text: `s${index}`, metadata: { list: Array.from({ length: 24 }, () => 1) } }));
      const answer = await api().translate(translateBody(0, { segments, metadata: withKeys(50) }));
      expect(Object.keys(answer.metadata!)).toHaveLength(50);
      expect(answer.segments[1].metadata).toEqual(segments[1].metadata);
    });

    it('refuses one key more, counted across the request, the segments and nested levels, on both translate operations', async () => {
      const bodies = [
        translateBody(1, { metadata: withKeys(KEYS + 1) }),
        translateBody(0, { segments: [{ text: 'a', metadata: withKeys(60) }], metadata: withKeys(41) }),
        translateBody(1, { metadata: { nested: { deeper: withKeys(KEYS - 1) } } }),
      ];
      for (const body of bodies) {
        for (const operationId of ['translateTexts', 'translateAsync'] as const) {
          const answer = await api().error(operationId, 400, { json: body });
          expect(answer.body.error).toBe(keysMessage);
        }
      }
    });

    it('refuses metadata larger than the byte limit as JSON, and accepts it at the limit', async () => {
      const sized = (bytes: number) => ({ text: 'x'.repeat(bytes - '{"text":""}'.length) });
      expect(Buffer.byteLength(JSON.stringify(sized(BYTES)))).toBe(BYTES);
      await api().translate(translateBody(1, { metadata: sized(BYTES) }));
      for (const operationId of ['translateTexts', 'translateAsync'] as const) {
        const answer = await api().error(operationId, 400, { json: translateBody(1, { metadata: sized(BYTES + 1) }) });
        expect(answer.body.error).toBe(bytesMessage);
      }
      // Split over the segments, it counts together.
      const segments = [0, 1].map((index) => ({ text: `s${index}`, metadata: sized(BYTES / 2 + 1) }));
      expect((await api().error('translateTexts', 400, { json: translateBody(0, { segments }) })).body.error).toBe(bytesMessage);
    });
  });
}

describe('metadata limit defaults', () => {
  it('refuses the 550,000-key metadata of the attack by default, quickly', async () => {
    const engine = testEngine();
    const body = JSON.stringify(translateBody(1, { metadata: withKeys(550_000) }));
    expect(Buffer.byteLength(body)).toBeLessThan(DEFAULTS.maxBodyBytes);
    const answer = await engine.handle({
      method: 'POST',
      path: '/translate',
      headers: { 'x-api-token': 'test-token-0123456789abcdef', 'content-type': 'application/json' },
      body: { kind: 'bytes', bytes: body },
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: `metadata must have at most ${DEFAULTS.maxMetadataKeys} keys in all (the request's and the segments', nested keys and array items included)`,
    });
    await engine.close();
  });
});
