// The default memory store's byte budget and per-caller share, on every adapter row. Was: it capped jobs by
// count only (a legal 500 x 10,000-character job holds about 4.9 MB, so 10,000 jobs allowed about 48 GiB),
// and one caller's submissions evicted another caller's unfetched results.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../behaviour/harness.js';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { OTHER_TOKEN, testEngine, translateBody } from '../support/test-engine.js';

const other = { token: OTHER_TOKEN };

for (const row of adapterRows) {
  describe(`memory store shares ${row.name}`, () => {
    describe('by job count', () => {
      const mounted = mountForBlock(row, () => testEngine({ jobs: { maxJobs: 4, callerShare: 0.5 } }), {
        prefix: '/byo',
        hostBodyParser: false,
      });
      it("one caller's submissions evict only its own finished jobs, never another's unfetched result", async () => {
        const api = new ApiClient(mounted.engine, mounted.app.origin, '/byo');
        const theirs = await api.submit(translateBody(1), other);
        expect(await api.waitForJob(theirs, other)).toEqual({ status: 'done' });
        const mine: string[] = [];
        for (let index = 0; index < 6; index++) {
          mine.push(await api.submit(translateBody(1)));
          expect(await api.waitForJob(mine[index])).toEqual({ status: 'done' });
        }
        expect((await api.jobResult(theirs, other)).segments).toHaveLength(1);
        // The flood went to its own oldest jobs: its share is 2 of the 4 places.
        await api.error('translateAsyncStatus', 404, { id: mine[0] });
        await api.jobResult(mine[5]);
        // And the other caller still has room: no 429.
        expect(await api.waitForJob(await api.submit(translateBody(1), other), other)).toEqual({ status: 'done' });
      });
    });

    describe('by result bytes', () => {
      // A one-segment result is about 110 bytes: a caller's share of 600 holds five.
      const mounted = mountForBlock(row, () => testEngine({ jobs: { maxBytes: 1_200, callerShare: 0.5 } }), {
        prefix: '/byo',
        hostBodyParser: false,
      });
      it("keeps results within the byte budget, evicting only the caller's own, and fails a result over the share", async () => {
        const api = new ApiClient(mounted.engine, mounted.app.origin, '/byo');
        const theirs = await api.submit(translateBody(1), other);
        expect(await api.waitForJob(theirs, other)).toEqual({ status: 'done' });
        const mine: string[] = [];
        for (let index = 0; index < 12; index++) {
          mine.push(await api.submit(translateBody(1)));
          expect(await api.waitForJob(mine[index])).toEqual({ status: 'done' });
        }
        await api.error('translateAsyncStatus', 404, { id: mine[0] });
        await api.jobResult(mine[11]);
        expect((await api.jobResult(theirs, other)).segments).toHaveLength(1);
        const huge = await api.submit(translateBody(20));
        const status = await api.waitForJob(huge);
        expect(status.status).toBe('failed');
        expect(status.detail).toMatch(/^the result \(\d+ bytes\) is larger than a caller's share of the job store \(600 bytes\)/);
      });
    });
  });
}
