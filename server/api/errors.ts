/**
 * The API's error shape: {"error": {"code", "message", ...details}} with a 4xx/5xx status; never a
 * stack trace or a path. Details carry machine-readable extras, such as a queue place.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../log/index.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what = 'No such session') => new ApiError(404, 'not_found', what);

export function sendError(res: Response, error: ApiError): void {
  res.set(error.headers).status(error.status).json({ error: { ...error.details, code: error.code, message: error.message } });
}

/** Maps body-parser's errors and everything unexpected onto the error shape. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof ApiError) return sendError(res, error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') return sendError(res, new ApiError(400, 'bad_json', 'The request body is not valid JSON.'));
    if (type === 'entity.too.large') return sendError(res, new ApiError(413, 'too_large', 'The request body is too large.'));
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') return sendError(res, new ApiError(415, 'unsupported', 'Send the body as UTF-8 JSON.'));
    // body-parser's other 400s, such as a gzip body whose bytes do not inflate.
    if ((error as { status?: number }).status === 400) return sendError(res, new ApiError(400, 'bad_body', 'The request body could not be read: send UTF-8 JSON, compressed correctly if at all.'));
    (req.log ?? logger).error({ event: 'request-error', method: req.method, path: req.path, err: (error as Error).message }, 'unexpected error');
    sendError(res, new ApiError(500, 'internal', 'Something went wrong on the server. It has been logged.'));
  };
}
