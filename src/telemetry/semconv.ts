/**
 * Attribute and metric names. OpenTelemetry's semantic conventions where one exists (HTTP server, error,
 * end user); `byo_engine.*` and `phrase.*` for what they do not name. Inlined so the core needs no
 * semantic-conventions package.
 */
export const ATTR = {
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
  urlPath: 'url.path',
  userAgent: 'user_agent.original',
  clientAddress: 'client.address',
  errorType: 'error.type',
  errorMessage: 'error.message',
  enduser: 'enduser.id',
  operation: 'byo_engine.operation',
  authScheme: 'byo_engine.auth.scheme',
  jobId: 'byo_engine.job.id',
  jobStatus: 'byo_engine.job.status',
  mode: 'byo_engine.translation.mode',
  outcome: 'byo_engine.translator.outcome',
  segments: 'byo_engine.segments',
  sourceLanguage: 'byo_engine.source_language',
  targetLanguage: 'byo_engine.target_language',
  rejection: 'byo_engine.rejection.reason',
  tokenFailure: 'byo_engine.token.failure',
} as const;

export const METRIC = {
  requestDuration: 'http.server.request.duration',
  translatorDuration: 'byo_engine.translator.duration',
  translatorSegments: 'byo_engine.translator.segments',
  jobsSubmitted: 'byo_engine.jobs.submitted',
  jobsFinished: 'byo_engine.jobs.finished',
  jobsRunning: 'byo_engine.jobs.running',
  jobsQueued: 'byo_engine.jobs.queued',
  queueWait: 'byo_engine.jobs.queue_wait.duration',
  rejected: 'byo_engine.requests.rejected',
  tokenFailures: 'byo_engine.token_endpoint.failures',
} as const;

/** The HTTP methods semantic conventions name; others are reported as `_OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

export function semconvMethod(method: string): string {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}
