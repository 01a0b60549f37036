// What every file served over plain HTTP (agreement documents, exports,
// recharge statements) shares: who is asking, from a Bearer token (API
// clients) or the web session cookie (a signed-in browser; a signed-out one
// is sent to sign in first), and domain errors answered as GraphQL-shaped
// JSON with the HTTP status their code means.
import type { Request, Response } from 'express';
import type { Config } from '../config.ts';
import type { Viewer } from '../auth/viewer.ts';
import { DomainError } from '../errors.ts';
import { viewerFromAuthorization } from '../services/users.ts';
import { safeNext, sessionCookieName, viewerFromSessionToken } from '../web/session.ts';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
};

export function sendFileError(res: Response, err: DomainError): void {
  if (err.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(STATUS[err.code] ?? 400).json({
    errors: [{ message: err.message, extensions: { code: err.code, ...(err.field ? { field: err.field } : {}), ...(err.details ? { details: err.details } : {}) } }],
  });
}

/**
 * The viewer of a file request, or null when a signed-out browser has been
 * redirected to sign in (the caller returns). Throws UNAUTHENTICATED otherwise.
 * The route must run cookie-parser first.
 */
export async function viewerOfFileRequest(req: Request, res: Response, config: Config): Promise<Viewer | null> {
  const cookie: unknown = req.cookies?.[sessionCookieName(config)];
  const viewer = req.headers.authorization
    ? await viewerFromAuthorization(req.headers.authorization, config.JWT_SECRET)
    : await viewerFromSessionToken(typeof cookie === 'string' ? cookie : undefined, config);
  if (viewer) return viewer;
  if (!req.headers.authorization && req.accepts(['json', 'html']) === 'html') {
    res.redirect(303, `/sign-in?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
    return null;
  }
  throw new DomainError('UNAUTHENTICATED', 'Log in first: send "Authorization: Bearer <token>"');
}
