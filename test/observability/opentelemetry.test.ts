// OpenTelemetry through a real SDK (in-memory span and metric exporters), every operation through real
// adapters, and an async job: spans, their parent and link relations and attributes, and metric values.
import { metrics, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ByoEngine } from 'byo-engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenTelemetryApi } from '../../src/telemetry/load-otel-api.js';
import { createTelemetry } from '../../src/telemetry/telemetry.js';
import { adapterRows } from '../support/adapter-rows.js';
import { API_TOKEN, testEngine, translateBody } from '../support/test-engine.js';

const PHRASE_METADATA = { project_uid: 'proj-1', job_uid: 'job-1', idm_organization_uid: '{idm_organization_uid}' };

interface Sdk {
  spans: InMemorySpanExporter;
  metricExporter: InMemoryMetricExporter;
  reader: PeriodicExportingMetricReader;
  shutdown(): Promise<void>;
}

/** Registers a tracer and a meter provider globally, as a host's OTel SDK set-up does before it creates the engine. */
function registerSdk(): Sdk {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans,
    metricExporter,
    reader,
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
    },
  };
}

async function call(origin: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/byo${path}`, {
    method,
    headers: { 'x-api-token': API_TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Every operation once, an async job to its end, a 401, and a 503 from a closed engine. */
async function exercise(engine: ByoEngine, origin: string): Promise<string> {
  expect((await call(origin, 'POST', '/languages', {})).status).toBe(200);
  expect((await call(origin, 'POST', '/status', { metadata: PHRASE_METADATA })).status).toBe(200);
  expect((await call(origin, 'POST', '/translate', translateBody(3, { metadata: PHRASE_METADATA }))).status).toBe(200);
  const submitted = await call(origin, 'POST', '/translateAsync', translateBody(2, { metadata: PHRASE_METADATA }));
  const id = submitted.body.id as string;
  let status = '';
  for (let attempt = 0; attempt < 200 && status !== 'done'; attempt++) {
    status = (await call(origin, 'GET', `/translateAsyncStatus/${id}`)).body.status as string;
    if (status !== 'done') await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(status).toBe('done');
  expect((await call(origin, 'GET', `/translateAsyncResult/${id}`)).status).toBe(200);
  expect((await call(origin, 'POST', '/languages', {}, { 'x-api-token': 'wrong-token-0123456789' })).status).toBe(401);
  await engine.close();
  expect((await call(origin, 'POST', '/translate', translateBody(1))).status).toBe(503);
  return id;
}

function dataPoints(exporter: InMemoryMetricExporter, name: string): DataPoint<number | Histogram>[] {
  const found = exporter
    .getMetrics()
    .flatMap((resource) => resource.scopeMetrics)
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name);
  return (found.at(-1)?.dataPoints ?? []) as DataPoint<number | Histogram>[];
}

const countOf = (point: DataPoint<number | Histogram> | undefined) => (typeof point?.value === 'number' ? point.value : point?.value.count);

const row = adapterRows.find((candidate) => candidate.name.startsWith('express')) ?? adapterRows[0];
const fetchRow = adapterRows.find((candidate) => /hono|fetch/.test(candidate.name)) ?? adapterRows[0];

for (const adapter of [row, fetchRow]) {
  describe(`OpenTelemetry with a registered SDK, ${adapter.name}`, () => {
    let sdk: Sdk;
    let jobId: string;
    beforeAll(async () => {
      sdk = registerSdk();
      const engine = testEngine();
      const app = await adapter.start(engine, { prefix: '/byo', hostBodyParser: false });
      try {
        jobId = await exercise(engine, app.origin);
      } finally {
        await app.close();
      }
      await sdk.reader.forceFlush();
    });
    afterAll(() => sdk.shutdown());

    const spanNamed = (name: string) => sdk.spans.getFinishedSpans().filter((span) => span.name === name);

    it('makes one server span per request, named by operation, with HTTP and engine attributes', () => {
      for (const name of ['getLanguages', 'getStatus', 'translateTexts', 'translateAsync', 'translateAsyncResult']) {
        expect(spanNamed(name).length, name).toBeGreaterThanOrEqual(1);
      }
      expect(spanNamed('translateAsyncStatus').length).toBeGreaterThanOrEqual(1);
      const translate = spanNamed('translateTexts')[0];
      expect(translate.kind).toBe(SpanKind.SERVER);
      expect(translate.attributes).toMatchObject({
        'http.request.method': 'POST',
        'http.route': '/translate',
        'url.path': '/translate',
        'http.response.status_code': 200,
        'byo_engine.operation': 'translateTexts',
        'enduser.id': 'phrase',
        'byo_engine.auth.scheme': 'api-token',
        'phrase.project_uid': 'proj-1',
        'phrase.job_uid': 'job-1',
      });
      expect(translate.attributes['client.address']).toMatch(/127\.0\.0\.1/);
      // An unresolved placeholder is not an id.
      expect(translate.attributes['phrase.idm_organization_uid']).toBeUndefined();
      expect(spanNamed('getStatus')[0].attributes['phrase.project_uid']).toBe('proj-1');
      expect(spanNamed('translateAsyncResult')[0].attributes).toMatchObject({
        'http.route': '/translateAsyncResult/{id}',
        'byo_engine.job.id': jobId,
      });
    });

    it('records failures: the error message, error.type, and ERROR status for 5xx only', () => {
      const refused = spanNamed('getLanguages').find((span) => span.attributes['http.response.status_code'] === 401)!;
      expect(refused.attributes).toMatchObject({ 'error.type': '401' });
      expect(refused.attributes['error.message']).toMatch(/^Unauthorized/);
      expect(refused.status.code).toBe(SpanStatusCode.UNSET);
      const closed = spanNamed('translateTexts').find((span) => span.attributes['http.response.status_code'] === 503)!;
      expect(closed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'The translation server is shutting down; retry shortly' });
    });

    it('makes a job span linked to the submitting request, covering the queue wait, with the translator call as its child', () => {
      const submit = spanNamed('translateAsync')[0];
      const [job] = spanNamed('translateAsync job');
      expect(job.links.map((link) => link.context.spanId)).toEqual([submit.spanContext().spanId]);
      expect(job.parentSpanContext).toBeUndefined();
      expect(job.attributes).toMatchObject({
        'byo_engine.job.id': jobId,
        'byo_engine.job.status': 'done',
        'byo_engine.segments': 2,
        'enduser.id': 'phrase',
        'phrase.project_uid': 'proj-1',
      });
      expect(submit.attributes['byo_engine.job.id']).toBe(jobId);
      expect(job.events.map((event) => event.name)).toEqual(['job started']);
      const [translator] = spanNamed('translator');
      expect(translator.parentSpanContext?.spanId).toBe(job.spanContext().spanId);
      expect(translator.spanContext().traceId).toBe(job.spanContext().traceId);
      expect(translator.attributes['byo_engine.translator.outcome']).toBe('ok');
      // The job span starts at submission: before the translator call, and ends after it. Each SDK span anchors
      // its clock to Date.now() when it starts, so times of two spans compare within a millisecond or two.
      const time = (hr: [number, number]) => BigInt(hr[0]) * 1_000_000_000n + BigInt(hr[1]);
      const skew = 2_000_000n;
      expect(time(job.startTime)).toBeLessThanOrEqual(time(translator.startTime) + skew);
      expect(time(job.endTime) + skew).toBeGreaterThanOrEqual(time(translator.endTime));
    });

    it('counts requests by operation and status, translator calls, segments, jobs, queue wait and refusals', () => {
      const requests = dataPoints(sdk.metricExporter, 'http.server.request.duration');
      const point = (operation: string, status: number) =>
        requests.find(
          (entry) => entry.attributes['byo_engine.operation'] === operation && entry.attributes['http.response.status_code'] === status,
        );
      expect(countOf(point('translateTexts', 200))).toBe(1);
      expect(countOf(point('translateTexts', 503))).toBe(1);
      expect(countOf(point('getLanguages', 401))).toBe(1);
      expect(countOf(point('translateAsyncResult', 200))).toBe(1);
      expect(point('translateTexts', 200)?.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/translate' });

      const calls = dataPoints(sdk.metricExporter, 'byo_engine.translator.duration');
      expect(countOf(calls.find((entry) => entry.attributes['byo_engine.translation.mode'] === 'sync'))).toBe(1);
      expect(countOf(calls.find((entry) => entry.attributes['byo_engine.translation.mode'] === 'async'))).toBe(1);
      const segments = dataPoints(sdk.metricExporter, 'byo_engine.translator.segments');
      expect((segments.find((entry) => entry.attributes['byo_engine.translation.mode'] === 'sync')?.value as Histogram).sum).toBe(3);
      expect((segments.find((entry) => entry.attributes['byo_engine.translation.mode'] === 'async')?.value as Histogram).sum).toBe(2);

      expect(countOf(dataPoints(sdk.metricExporter, 'byo_engine.jobs.submitted')[0])).toBe(1);
      const finished = dataPoints(sdk.metricExporter, 'byo_engine.jobs.finished');
      expect(finished.map((entry) => [entry.attributes['byo_engine.job.status'], entry.value])).toEqual([['done', 1]]);
      expect(countOf(dataPoints(sdk.metricExporter, 'byo_engine.jobs.queue_wait.duration')[0])).toBe(1);
      expect(dataPoints(sdk.metricExporter, 'byo_engine.jobs.running')[0]?.value).toBe(0);
      expect(dataPoints(sdk.metricExporter, 'byo_engine.jobs.queued')[0]?.value).toBe(0);

      const rejected = dataPoints(sdk.metricExporter, 'byo_engine.requests.rejected');
      expect(rejected.map((entry) => entry.attributes)).toEqual([
        { 'http.response.status_code': 503, 'byo_engine.rejection.reason': 'shutting_down', 'byo_engine.operation': 'translateTexts' },
      ]);
      expect(rejected[0].value).toBe(1);
    });
  });
}

describe('OpenTelemetry without a registered SDK', () => {
  it('records nothing: the engine holds no telemetry, and every operation still answers', async () => {
    trace.disable();
    metrics.disable();
    expect(createTelemetry(loadOpenTelemetryApi(), () => ({ running: 0, queued: 0 }))).toBeUndefined();
    const engine = testEngine();
    // An SDK registered after the engine was made is not used by it (register the SDK first).
    const sdk = registerSdk();
    try {
      const app = await row.start(engine, { prefix: '/byo', hostBodyParser: false });
      try {
        await exercise(engine, app.origin);
      } finally {
        await app.close();
      }
      await sdk.reader.forceFlush();
      expect(sdk.spans.getFinishedSpans()).toEqual([]);
      const names = sdk.metricExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics)
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.dataPoints.length > 0);
      expect(names).toEqual([]);
    } finally {
      await sdk.shutdown();
    }
  });

  it('without the @opentelemetry/api package, the loader gives nothing and telemetry stays off', () => {
    expect(loadOpenTelemetryApi('@opentelemetry/api-not-installed')).toBeUndefined();
    expect(createTelemetry(undefined, () => ({ running: 0, queued: 0 }))).toBeUndefined();
    expect(loadOpenTelemetryApi()).toBeDefined();
  });
});
