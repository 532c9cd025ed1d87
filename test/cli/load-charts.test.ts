import { describe, expect, it } from 'vitest';
import { LatencyBuckets, LOWEST_BUCKET_MS } from '../../cli/load/latency-buckets.js';
import { LoadChartsRecorder } from '../../cli/load/load-charts.js';
import { RequestReservoir } from '../../cli/load/request-reservoir.js';

/** A deterministic stand-in for Math.random (mulberry32): the same sample on every run. */
function seededRandom(seed = 1): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('RequestReservoir', () => {
  it('keeps every request while under its capacity, in time order', () => {
    const reservoir = new RequestReservoir(5);
    for (const at of [0.3, 0.1, 0.2]) reservoir.add(at, at * 10);
    expect(reservoir.seen).toBe(3);
    expect(reservoir.kept()).toEqual([
      [0.1, 1],
      [0.2, 2],
      [0.3, 3],
    ]);
  });

  it('keeps at most its capacity, a sample spread over the whole run', () => {
    const reservoir = new RequestReservoir(1000, seededRandom());
    for (let index = 0; index < 100_000; index++) reservoir.add(index / 1000, 1);
    const kept = reservoir.kept();
    expect(reservoir.seen).toBe(100_000);
    expect(kept).toHaveLength(1000);
    // Uniform over time: each tenth of the run holds about a tenth of the sample (expected 100, sd about 9.5).
    const perTenth = Array.from({ length: 10 }, (_, tenth) => kept.filter(([at]) => Math.floor(at / 10) === tenth).length);
    for (const count of perTenth) expect(count).toBeGreaterThan(50);
    expect(kept.map(([at]) => at)).toEqual(kept.map(([at]) => at).sort((a, b) => a - b));
  });
});

describe('LatencyBuckets', () => {
  it('counts each latency in the log-spaced bucket whose printed bounds hold it', () => {
    const buckets = new LatencyBuckets();
    for (const latency of [1, 1.2, 1.26, 3, 3, 0.01]) buckets.record(latency);
    const bars = buckets.buckets();
    // From the bucket of 0.01 ms (the lowest) to that of 3 ms, ten a decade: 0.1 .. 3.16.
    expect(bars[0]).toEqual({ fromMs: LOWEST_BUCKET_MS, toMs: 0.126, count: 1 });
    expect(bars.at(-1)).toEqual({ fromMs: 2.51, toMs: 3.16, count: 2 });
    expect(bars).toHaveLength(15);
    expect(bars.find((bar) => bar.fromMs === 1)).toEqual({ fromMs: 1, toMs: 1.26, count: 2 });
    expect(bars.find((bar) => bar.fromMs === 1.26)).toEqual({ fromMs: 1.26, toMs: 1.58, count: 1 });
    expect(bars.reduce((sum, bar) => sum + bar.count, 0)).toBe(6);
    for (let index = 1; index < bars.length; index++) expect(bars[index].fromMs).toBe(bars[index - 1].toMs);
  });

  it('holds any latency in its bucket, edges included', () => {
    const buckets = new LatencyBuckets();
    const latencies = [0.1, 0.5, 1, 9.99, 10, 10.01, 100, 250, 1000, 29_999, 120_000];
    for (const latency of latencies) {
      const single = new LatencyBuckets();
      single.record(latency);
      const [bar] = single.buckets();
      expect(bar.fromMs <= latency && latency < bar.toMs, `${latency} ms in [${bar.fromMs}, ${bar.toMs})`).toBe(true);
      buckets.record(latency);
    }
    expect(buckets.buckets().reduce((sum, bar) => sum + bar.count, 0)).toBe(latencies.length);
  });

  it('is empty before the first answer', () => {
    expect(new LatencyBuckets().buckets()).toEqual([]);
  });
});

describe('LoadChartsRecorder', () => {
  it('counts every request exactly and samples 200s and failures apart, so rare failures always show', () => {
    const recorder = new LoadChartsRecorder({ ok: 100, failed: 10 }, seededRandom(7));
    for (let index = 0; index < 5000; index++) recorder.record('POST /translate', index / 100, 2 + (index % 7), 'ok');
    recorder.record('POST /translate', 12.5, 30_000, 'no-answer');
    recorder.record('POST /translate', 20.25, 4.5, 'error-answer');
    recorder.record('GET /translateAsyncStatus/{id}', 0.5, 1.234567, 'ok');
    const charts = recorder.charts();
    expect(charts.sampleLimits).toEqual({ ok: 100, failed: 10 });
    expect(Object.keys(charts.endpoints)).toEqual(['POST /translate', 'GET /translateAsyncStatus/{id}']);
    const translate = charts.endpoints['POST /translate'];
    expect(translate).toMatchObject({ requests: 5002, failed: 2 });
    expect(translate.ok.atSeconds).toHaveLength(100);
    expect(translate.ok.latencyMs).toHaveLength(100);
    expect(translate.failures).toEqual({ atSeconds: [12.5, 20.25], latencyMs: [30_000, 4.5] });
    // The histogram holds every answer (5000 of 200 and one error answer), not the request without one.
    expect(translate.histogram.reduce((sum, bar) => sum + bar.count, 0)).toBe(5001);
    expect(translate.histogram.at(-1)!.toMs).toBeLessThan(30_000);
    expect(charts.endpoints['GET /translateAsyncStatus/{id}'].ok).toEqual({ atSeconds: [0.5], latencyMs: [1.23] });
  });
});
