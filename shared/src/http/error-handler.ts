/**
 * The one place errors become responses. Known domain errors (AppError) and the client errors
 * Fastify raises become `application/problem+json` with a stable `code`; anything else is logged
 * with the request id and answered as a bare 500 that reveals nothing about the internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors.ts';
import type { ProblemBody } from './schemas.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Codes for the client errors Fastify and its plugins raise. */
const codesByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'GONE',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

/**
 * Statuses a non-AppError may keep although it is a server-side failure: they tell the client
 * something true and useful (try again later) without revealing why.
 */
const passThroughServerCodes: Record<number, { code: string; detail: string }> = {
  502: { code: 'UPSTREAM_ERROR', detail: 'A service this request depends on failed' },
  503: { code: 'SERVICE_UNAVAILABLE', detail: 'The service is temporarily unavailable, try again later' },
  504: { code: 'UPSTREAM_TIMEOUT', detail: 'A service this request depends on did not answer in time' },
};

const fastifyCodes: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON', detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_JSON', detail: 'The request body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'This content type is not accepted here',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    detail: 'Content-Length does not match the request body',
  },
};

const validationPlaces: Record<string, string> = {
  body: 'The request body is invalid',
  querystring: 'The query string is invalid',
  params: 'The path parameters are invalid',
  headers: 'The request headers are invalid',
};

export function problemType(code: string): string {
  return `urn:b2b:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export interface ProblemReply {
  status: number;
  body: ProblemBody;
  headers: Record<string, string>;
  /** Unexpected: log it as an error with its stack. */
  unexpected: boolean;
}

function instanceOf(request: FastifyRequest): string {
  // The path only: query strings may carry tokens from emailed links.
  return request.url.split('?')[0] ?? request.url;
}

export function problemFromError(error: unknown, request: FastifyRequest): ProblemReply {
  const instance = instanceOf(request);
  if (isAppError(error)) {
    return {
      status: error.status,
      headers: { ...error.headers },
      unexpected: false,
      body: {
        type: problemType(error.code),
        title: error.title,
        status: error.status,
        detail: error.detail,
        instance,
        code: error.code,
        ...(error.errors ? { errors: error.errors } : {}),
      },
    };
  }

  // `throw null`, `throw 'text'`: nothing to read a status from, and nothing to reveal.
  if (typeof error !== 'object' || error === null) return internalProblem(instance);
  const fe = error as Partial<FastifyError> & { validation?: { instancePath?: string; message?: string }[] };
  if (Array.isArray(fe.validation)) {
    return {
      status: 400,
      headers: {},
      unexpected: false,
      body: {
        type: problemType('VALIDATION_FAILED'),
        title: 'Bad Request',
        status: 400,
        detail: validationPlaces[fe.validationContext ?? ''] ?? 'The request is invalid',
        instance,
        code: 'VALIDATION_FAILED',
        errors: fe.validation.map((v) => ({
          path: v.instancePath ?? '',
          message: v.message ?? 'is invalid',
        })),
      },
    };
  }

  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const known = fe.code ? fastifyCodes[fe.code] : undefined;
    // A JSON syntax error from the body parser has no FST code in every Fastify version.
    const badJson = !known && status === 400 && error instanceof SyntaxError;
    const code = known?.code ?? (badJson ? 'INVALID_JSON' : (codesByStatus[status] ?? 'BAD_REQUEST'));
    return {
      status,
      headers: {},
      unexpected: false,
      body: {
        type: problemType(code),
        title: titles[status] ?? 'Bad Request',
        status,
        // Client errors from Fastify and its plugins (FST_* codes) describe the request. Any other
        // error that merely carries a 4xx statusCode (a driver's, a library's) may quote internals,
        // so its message stays in the log and the client gets the status's title.
        detail:
          known?.detail ??
          (badJson
            ? 'The request body is not valid JSON'
            : isFastifyError(fe)
              ? fe.message
              : (titles[status] ?? 'Bad Request')),
        instance,
        code,
      },
    };
  }

  const passThrough = passThroughServerCodes[status];
  if (passThrough) {
    return {
      status,
      headers: status === 503 ? { 'retry-after': '5' } : {},
      unexpected: true,
      body: {
        type: problemType(passThrough.code),
        title: titles[status] ?? 'Internal Server Error',
        status,
        detail: passThrough.detail,
        instance,
        code: passThrough.code,
      },
    };
  }
  return internalProblem(instance);
}

function isFastifyError(error: { code?: unknown; message?: unknown }): boolean {
  return typeof error.code === 'string' && error.code.startsWith('FST_') && typeof error.message === 'string';
}

function internalProblem(instance: string): ProblemReply {
  return {
    status: 500,
    headers: {},
    unexpected: true,
    body: {
      type: problemType('INTERNAL'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; quote the x-request-id header when reporting it',
      instance,
      code: 'INTERNAL',
    },
  };
}

export function sendProblem(reply: FastifyReply, problem: ProblemReply): FastifyReply {
  return reply.code(problem.status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE).send(problem.body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = problemFromError(error, request);
    if (problem.unexpected) {
      request.log.error({ err: error }, 'unhandled error');
    } else if (problem.status >= 500) {
      request.log.warn(
        { code: problem.body.code, status: problem.status, detail: problem.body.detail },
        'request failed',
      );
    } else {
      request.log.info({ code: problem.body.code, status: problem.status }, 'request rejected');
    }
    return sendProblem(reply, problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const method = request.method;
    return sendProblem(
      reply,
      problemFromError(
        new AppError({
          status: 404,
          code: 'NOT_FOUND',
          detail: `No route for ${method} ${instanceOf(request)}`,
        }),
        request,
      ),
    );
  });
}
