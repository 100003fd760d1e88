import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One error family for everything a handler refuses. Each carries its HTTP status, a stable code
 * (what clients branch on) and a message that is safe to show; one middleware turns it into
 * RFC 9457 application/problem+json. Anything else becomes a plain 500 without internals.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra members of the problem document (e.g. the failing parameter, a conflicting version). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'InvalidParameterValue', message, details);
export const unauthorized = (message = 'Потрібно увійти. Sign-in required.') => new AppError(401, 'Unauthorized', message);
export const forbidden = (message = 'Недостатньо прав. Not allowed.') => new AppError(403, 'Forbidden', message);
export const notFound = (message = 'Не знайдено. Not found.') => new AppError(404, 'NotFound', message);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError(409, 'Conflict', message, details);

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function problemBody(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return { type: `about:blank`, title: TITLES[status] ?? 'Error', status, code, detail, ...extra };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`Немає такої адреси. No such path: ${req.path}`));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let status = 500;
    let body;
    if (error instanceof AppError) {
      status = error.status;
      body = problemBody(status, error.code, error.message, error.details);
    } else if (error?.type === 'entity.parse.failed' || error?.type === 'entity.too.large') {
      // body-parser's own errors carry a safe status and type
      status = error.status ?? 400;
      body = problemBody(status, error.type, status === 413 ? 'Запит завеликий. Request body too large.' : 'Тіло запиту не є коректним JSON. Malformed JSON body.');
    } else {
      (req.log ?? logger).error({ err: error }, 'unhandled error');
      body = problemBody(500, 'InternalError', 'Внутрішня помилка сервера. Internal server error.');
    }
    if (res.headersSent) return res.end();
    res.status(status).type('application/problem+json').send(JSON.stringify(body));
  };
}
