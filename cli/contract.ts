import type { OpenAPIObject } from 'openapi3-ts/oas30';
import { buildOpenApiDocument } from '../src/index.js';
import { readOperations, type Operation, type OperationId } from '../src/index.js';
import { SchemaValidators } from '../src/index.js';
import { likelyCause } from './answer-hints.js';
import { headerValue, type Answer } from './engine-client.js';

const ERROR_SCHEMA_REF = '#/components/schemas/Error';
const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

export interface AnswerCheck {
  problems: string[];
  /** The parsed body, when it was JSON. */
  body: unknown;
}

/** The API as the document bundled in this package describes it: paths, and what each answer must be. */
export class ApiContract {
  private readonly validators: SchemaValidators;
  private readonly operations: Map<OperationId, Operation>;

  constructor(document: OpenAPIObject = buildOpenApiDocument()) {
    this.validators = new SchemaValidators(document);
    this.operations = new Map(readOperations(document).map((operation) => [operation.id, operation]));
  }

  operation(id: OperationId): Operation {
    const operation = this.operations.get(id);
    if (!operation) throw new Error(`the document has no operation ${id}`);
    return operation;
  }

  /** `POST /translate`, `GET /translateAsyncStatus/{id}`: how a report names an endpoint. */
  label(id: OperationId): string {
    const { method, path } = this.operation(id);
    return `${method} ${path}`;
  }

  /** The path of a call, with the job id filled in. */
  path(id: OperationId, jobId?: string): string {
    const { path } = this.operation(id);
    return jobId === undefined ? path : path.replace('{id}', encodeURIComponent(jobId));
  }

  /**
   * Checks an answer against the document: one of the expected statuses, a JSON content type, and
   * a body matching the operation's 200 schema (or `Error` for any other status).
   */
  checkAnswer(id: OperationId, answer: Answer, expectedStatuses: readonly number[]): AnswerCheck {
    const problems: string[] = [];
    if (!expectedStatuses.includes(answer.status)) {
      const cause = likelyCause(answer, expectedStatuses);
      problems.push(`status ${answer.status}, expected ${expectedStatuses.join(' or ')}${errorHint(answer)}${cause ? `: ${cause}` : ''}`);
    }
    const contentType = headerValue(answer.headers, 'content-type');
    if (!contentType || !JSON_CONTENT_TYPE.test(contentType)) {
      problems.push(`Content-Type is ${contentType ? `"${contentType}"` : 'missing'}, expected application/json`);
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      problems.push(`body is not JSON: ${JSON.stringify(answer.text.slice(0, 80))}`);
      return { problems, body: undefined };
    }
    const schemaRef = answer.status === 200 ? this.operation(id).responseSchemaRef : ERROR_SCHEMA_REF;
    const schemaProblem = this.validators.check(schemaRef, body);
    if (schemaProblem) problems.push(`${schemaRef.split('/').pop()}: ${schemaProblem}`);
    return { problems, body };
  }
}

/** The `error` text of an error answer, to show why a call was refused. */
function errorHint(answer: Answer): string {
  try {
    const { error } = JSON.parse(answer.text) as { error?: unknown };
    return typeof error === 'string' ? ` (${JSON.stringify(error.slice(0, 120))})` : '';
  } catch {
    return '';
  }
}
