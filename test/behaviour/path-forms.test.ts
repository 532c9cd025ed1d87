// A base URL entered with a trailing slash, or joined with one slash too many, still reaches the operation
// on every adapter row; an id no job can have answers the job-not-found 404, not "No such endpoint".
import { expect, it } from 'vitest';
import { translateBody } from '../support/test-engine.js';
import { describeEachHost } from './harness.js';

describeEachHost('path forms', (host) => {
  it('answers POST /status/ and //status like POST /status', async () => {
    const api = await host.start();
    for (const path of ['/status', '/status/', '//status', '//status//']) {
      const answer = await api.request('POST', path);
      expect({ path, status: answer.status, body: answer.body }).toEqual({ path, status: 200, body: { status: 'ok' } });
    }
  });

  it('translates at /translate/, and polls a job at translateAsyncStatus//id/', async () => {
    const api = await host.start();
    const answer = await api.request('POST', '/translate/', { json: translateBody(2) });
    expect(answer.status, answer.text).toBe(200);
    const id = await api.submit(translateBody(1));
    await api.waitForJob(id);
    const polled = await api.request('GET', `/translateAsyncStatus//${id}/`);
    expect(polled.body).toEqual({ status: 'done' });
  });

  it('answers an over-long job id with the job-not-found 404', async () => {
    const api = await host.start();
    const id = 'x'.repeat(2_000);
    const answer = await api.error('translateAsyncResult', 404, { id });
    expect(answer.body.error).toBe(`Job ${'x'.repeat(100)}... was not found (unknown, expired, or submitted by another caller)`);
  });
});

describeEachHost('401 challenge', (host) => {
  it('carries WWW-Authenticate naming the API token scheme, with and without a token', async () => {
    const api = await host.start();
    for (const token of [null, 'wrong-token-0123456789abcdef']) {
      const answer = await api.error('getStatus', 401, { token });
      expect(answer.headers.get('www-authenticate')).toBe('ApiToken realm="byo-engine", header="X-Api-Token"');
    }
  });
});
