import type { TranslatorFailureKind } from '../translation/translator-failure.js';
import type { Attributes, Context, Counter, Histogram, Meter, Span, Tracer } from '@opentelemetry/api';
import type { TranslateRequest } from '../api-types.js';
import type { Principal } from '../auth/principal.js';
import type { EngineRequest, EngineResponse } from '../http/engine-request.js';
import type { Operation } from '../openapi/operations.js';
import type { OpenTelemetryApi } from './load-otel-api.js';
import { phraseIds, type PhraseIds } from './phrase-ids.js';
import { ATTR, METRIC, semconvMethod } from './semconv.js';

const SCOPE = 'byo-engine';
/** Translator outcomes as metrics and spans report them. */
export type TranslatorOutcome = 'ok' | TranslatorFailureKind;

interface Instruments {
  requestDuration: Histogram;
  translatorDuration: Histogram;
  translatorSegments: Histogram;
  jobsSubmitted: Counter;
  jobsFinished: Counter;
  queueWait: Histogram;
  rejected: Counter;
  tokenFailures: Counter;
}

const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;

function phraseAttributes(ids: PhraseIds | undefined, into: Attributes): Attributes {
  if (ids) for (const [key, value] of Object.entries(ids)) into[`phrase.${key}`] = value;
  return into;
}

/**
 * The engine's traces and metrics through `@opentelemetry/api`. Built once, and only when an SDK is
 * registered: without one the engine holds no Telemetry at all and pays nothing per request.
 */
export class Telemetry {
  private readonly tracer: Tracer;
  private readonly instruments: Instruments;

  constructor(
    readonly api: OpenTelemetryApi,
    meter: Meter,
    jobStats: () => { running: number; queued: number },
  ) {
    this.tracer = api.trace.getTracer(SCOPE);
    const histogram = (name: string, description: string, unit: string, boundaries?: number[]) =>
      meter.createHistogram(name, { description, unit, advice: boundaries ? { explicitBucketBoundaries: boundaries } : undefined });
    this.instruments = {
      requestDuration: histogram(
        METRIC.requestDuration,
        'Duration of HTTP server requests, by operation and status.',
        's',
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      ),
      translatorDuration: histogram(
        METRIC.translatorDuration,
        'Duration of calls to the translator.',
        's',
        [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      ),
      translatorSegments: histogram(
        METRIC.translatorSegments,
        'Segments per translator call.',
        '{segment}',
        [1, 5, 10, 25, 50, 100, 250, 500],
      ),
      jobsSubmitted: meter.createCounter(METRIC.jobsSubmitted, { description: 'Async jobs accepted.', unit: '{job}' }),
      jobsFinished: meter.createCounter(METRIC.jobsFinished, { description: 'Async jobs finished, by status.', unit: '{job}' }),
      queueWait: histogram(METRIC.queueWait, 'Time async jobs waited for a slot.', 's', [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300]),
      rejected: meter.createCounter(METRIC.rejected, { description: 'Requests answered 429 or 503, by reason.', unit: '{request}' }),
      tokenFailures: meter.createCounter(METRIC.tokenFailures, {
        description: 'Failed client authentications at the token endpoint, and requests refused for too many.',
        unit: '{request}',
      }),
    };
    meter
      .createObservableUpDownCounter(METRIC.jobsRunning, { description: 'Async jobs translating now.', unit: '{job}' })
      .addCallback((result) => result.observe(jobStats().running));
    meter
      .createObservableUpDownCounter(METRIC.jobsQueued, { description: 'Async jobs waiting for a slot.', unit: '{job}' })
      .addCallback((result) => result.observe(jobStats().queued));
  }

  /** Starts the span of one request, as a child of the host's span or of the caller's `traceparent`. */
  startRequest(request: EngineRequest): RequestTelemetry {
    const { api } = this;
    let parent = api.context.active();
    if (!api.trace.getSpan(parent)) parent = api.propagation.extract(parent, request.headers);
    const method = semconvMethod(request.method);
    const queryStart = request.path.indexOf('?');
    const attributes: Attributes = {
      [ATTR.httpMethod]: method,
      [ATTR.urlPath]: queryStart === -1 ? request.path : request.path.slice(0, queryStart),
    };
    const userAgent = request.headers['user-agent'];
    if (typeof userAgent === 'string') attributes[ATTR.userAgent] = userAgent;
    if (request.remoteAddress) attributes[ATTR.clientAddress] = request.remoteAddress;
    const span = this.tracer.startSpan(method, { kind: api.SpanKind.SERVER, attributes }, parent);
    return new RequestTelemetry(this, span, api.trace.setSpan(parent, span), method);
  }

  /** Runs `work` with `context` active, so spans of the translator's own calls nest below ours. */
  within<T>(context: Context, work: () => T): T {
    return this.api.context.with(context, work);
  }

  translatorCall(mode: 'sync' | 'async', segments: number, startedMs: number, outcome: TranslatorOutcome): void {
    this.instruments.translatorDuration.record(seconds(startedMs), { [ATTR.mode]: mode, [ATTR.outcome]: outcome });
    this.instruments.translatorSegments.record(segments, { [ATTR.mode]: mode });
  }

  /** A failed client authentication at the token endpoint (`invalid_client`), or a request refused for too many (`limited`). */
  tokenFailure(kind: 'invalid_client' | 'limited'): void {
    this.instruments.tokenFailures.add(1, { [ATTR.tokenFailure]: kind });
  }

  /** @internal */
  record(kind: 'request', attributes: Attributes, startedMs: number): void;
  record(kind: 'rejected' | 'submitted' | 'finished', attributes: Attributes): void;
  record(kind: 'queue-wait', attributes: Attributes, startedMs: number): void;
  record(kind: 'request' | 'rejected' | 'submitted' | 'finished' | 'queue-wait', attributes: Attributes, startedMs = 0): void {
    const { instruments } = this;
    if (kind === 'request') instruments.requestDuration.record(seconds(startedMs), attributes);
    else if (kind === 'rejected') instruments.rejected.add(1, attributes);
    else if (kind === 'submitted') instruments.jobsSubmitted.add(1, attributes);
    else if (kind === 'finished') instruments.jobsFinished.add(1, attributes);
    else instruments.queueWait.record(seconds(startedMs), attributes);
  }

  /** @internal */
  startSpan(name: string, options: Parameters<Tracer['startSpan']>[1], context?: Context): Span {
    return this.tracer.startSpan(name, options, context);
  }
}

/** One request's span and measurements; made only when telemetry is on. */
export class RequestTelemetry {
  private readonly startedMs = performance.now();
  private operation?: Operation;
  private principal?: Principal;
  private errorMessage?: string;
  private rejection?: string;

  constructor(
    readonly telemetry: Telemetry,
    private readonly span: Span,
    /** The context with this request's span active. */
    readonly context: Context,
    private readonly method: string,
  ) {}

  setOperation(operation: Operation, jobId: string | undefined): void {
    this.operation = operation;
    this.span.updateName(operation.id);
    this.span.setAttribute(ATTR.operation, operation.id);
    this.span.setAttribute(ATTR.httpRoute, operation.path);
    if (jobId !== undefined) this.span.setAttribute(ATTR.jobId, jobId);
  }

  setRoute(route: string): void {
    this.span.updateName(`${this.method} ${route}`);
    this.span.setAttribute(ATTR.httpRoute, route);
  }

  setPrincipal(principal: Principal): void {
    this.principal = principal;
    this.span.setAttribute(ATTR.enduser, principal.name);
    this.span.setAttribute(ATTR.authScheme, principal.scheme);
  }

  setBody(body: unknown): void {
    this.span.setAttributes(phraseAttributes(phraseIds(body), {}));
  }

  /** The message of an error answer, and for 429 and 503 why the request was refused. */
  fail(message: string, rejection?: string): void {
    this.errorMessage = message;
    this.rejection = rejection;
  }

  /** A job this request submitted: its span starts now and links back to this request's span. */
  submitJob(id: string, request: TranslateRequest): JobTelemetry {
    this.span.setAttribute(ATTR.jobId, id);
    return new JobTelemetry(this.telemetry, id, request, this.principal, this.span);
  }

  /** A `/translate` call to the translator finished. */
  translatorCall(segments: number, startedMs: number, outcome: TranslatorOutcome): void {
    this.telemetry.translatorCall('sync', segments, startedMs, outcome);
  }

  end(response: EngineResponse): void {
    const { status } = response;
    const { api } = this.telemetry;
    this.span.setAttribute(ATTR.httpStatus, status);
    const attributes: Attributes = { [ATTR.httpMethod]: this.method, [ATTR.httpStatus]: status };
    if (this.operation) {
      attributes[ATTR.httpRoute] = this.operation.path;
      attributes[ATTR.operation] = this.operation.id;
    }
    if (status >= 400) {
      attributes[ATTR.errorType] = String(status);
      this.span.setAttribute(ATTR.errorType, String(status));
      if (this.errorMessage !== undefined) this.span.setAttribute(ATTR.errorMessage, this.errorMessage);
      // Server spans: 4xx is the caller's error, not the server's (semantic conventions leave the status unset).
      if (status >= 500) this.span.setStatus({ code: api.SpanStatusCode.ERROR, message: this.errorMessage });
    }
    if (status === 429 || status === 503) {
      const rejected: Attributes = { [ATTR.httpStatus]: status, [ATTR.rejection]: this.rejection ?? 'unspecified' };
      if (this.operation) rejected[ATTR.operation] = this.operation.id;
      this.telemetry.record('rejected', rejected);
    }
    this.telemetry.record('request', attributes, this.startedMs);
    this.span.end();
  }
}

/** One async job's span, from submission (queue wait included) to its outcome, with a child span for the translator call. */
export class JobTelemetry {
  private readonly submittedMs = performance.now();
  private readonly span: Span;
  private translatorSpan?: Span;
  private translatorStartedMs = 0;
  private ended = false;

  constructor(
    private readonly telemetry: Telemetry,
    id: string,
    private readonly request: TranslateRequest,
    principal: Principal | undefined,
    submitter: Span,
  ) {
    const attributes: Attributes = phraseAttributes(phraseIds(request), {
      [ATTR.jobId]: id,
      [ATTR.segments]: request.segments.length,
      [ATTR.sourceLanguage]: request.sourceLanguage,
      [ATTR.targetLanguage]: request.targetLanguage,
    });
    if (principal) attributes[ATTR.enduser] = principal.name;
    // A root of its own: the job outlives the request that submitted it; the link leads back to it.
    this.span = telemetry.startSpan(
      'translateAsync job',
      { kind: telemetry.api.SpanKind.CONSUMER, attributes, links: [{ context: submitter.spanContext() }], root: true },
      undefined,
    );
    telemetry.record('submitted', {});
  }

  /** The job got a slot: the queue wait ends and the translator call begins. Returns the context to run it in. */
  started(): Context {
    const now = performance.now();
    this.telemetry.record('queue-wait', {}, this.submittedMs);
    this.span.addEvent('job started');
    const { api } = this.telemetry;
    const jobContext = api.trace.setSpan(api.context.active(), this.span);
    this.translatorStartedMs = now;
    this.translatorSpan = this.telemetry.startSpan('translator', { kind: api.SpanKind.INTERNAL }, jobContext);
    return api.trace.setSpan(jobContext, this.translatorSpan);
  }

  /** The translator call ended with `outcome`. */
  translated(outcome: TranslatorOutcome, message?: string): void {
    if (!this.translatorSpan) return;
    this.telemetry.translatorCall('async', this.request.segments.length, this.translatorStartedMs, outcome);
    this.translatorSpan.setAttribute(ATTR.outcome, outcome);
    if (outcome !== 'ok') this.translatorSpan.setStatus({ code: this.telemetry.api.SpanStatusCode.ERROR, message });
    this.translatorSpan.end();
    this.translatorSpan = undefined;
  }

  /** Runs the translator call with its span active. */
  within<T>(context: Context, work: () => T): T {
    return this.telemetry.within(context, work);
  }

  /** The job reached its final state; ends the span once. */
  finished(status: 'done' | 'failed', detail?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.translated('aborted', detail);
    this.span.setAttribute(ATTR.jobStatus, status);
    if (status === 'failed') {
      this.span.setAttribute(ATTR.errorMessage, detail ?? 'failed');
      this.span.setStatus({ code: this.telemetry.api.SpanStatusCode.ERROR, message: detail });
    }
    this.telemetry.record('finished', { [ATTR.jobStatus]: status });
    this.span.end();
  }
}

/**
 * The engine's telemetry, or `undefined` when `@opentelemetry/api` is missing or no SDK is registered yet
 * (register the SDK before creating the engine).
 */
export function createTelemetry(
  api: OpenTelemetryApi | undefined,
  jobStats: () => { running: number; queued: number },
): Telemetry | undefined {
  if (!api) return undefined;
  const noopTracers = new api.ProxyTracerProvider().getDelegate();
  const tracerProvider = api.trace.getTracerProvider();
  const tracing = !(tracerProvider instanceof api.ProxyTracerProvider && tracerProvider.getDelegate() === noopTracers);
  const meter = api.metrics.getMeter(SCOPE);
  const metering = meter !== api.createNoopMeter();
  if (!tracing && !metering) return undefined;
  return new Telemetry(api, meter, jobStats);
}
