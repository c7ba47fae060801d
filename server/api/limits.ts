/**
 * Request sizes, checked before any route (or the request log) sees a request. Node refuses a header
 * block over 16 KiB with 431 by itself (http.maxHeaderSize); bodies are capped by express.json.
 */
import type { RequestHandler } from 'express';
import { ApiError, sendError } from './errors.ts';

/** Longest request target (path and query) the lab answers; its own routes need a few hundred bytes. */
export const MAX_URL_LENGTH = 2048;

export function refuseLongUrls(refused: () => void): RequestHandler {
  return (req, res, next) => {
    if (req.url.length <= MAX_URL_LENGTH) return next();
    refused();
    sendError(res, new ApiError(414, 'uri_too_long', `The request path is longer than ${MAX_URL_LENGTH} characters.`));
  };
}
