// The web session: a signed token (JWT, HS256, signed with SESSION_SECRET so it
// is never a valid API token) in an httpOnly cookie, SameSite=Lax, Secure
// outside development and test. The user is re-read on every request by the
// same users service the API uses, so a changed role or a removed account
// takes effect at once.
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import type { Config } from '../config.ts';
import type { Viewer } from '../auth/viewer.ts';
import { verifyToken } from '../auth/tokens.ts';
import { DomainError } from '../errors.ts';
import { getUser, toViewer, tokenFor, userForClaims } from '../services/users.ts';
import { databaseKnownDown } from '../db.ts';
import { OperationFailed } from './operations.ts';

export interface WebSession {
  /** The signed-in user, or null. */
  viewer: Viewer | null;
  /** The session cookie's value (binds CSRF tokens to the session), '' when signed out. */
  token: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    session?: WebSession;
  }
}

export const sessionCookieName = (config: Config) => (config.NODE_ENV === 'production' ? '__Host-tp.session' : 'tp.session');

export const secureCookies = (config: Config) => config.NODE_ENV === 'production';

function cookieOptions(config: Config): CookieOptions {
  return { httpOnly: true, secure: secureCookies(config), sameSite: 'lax', path: '/' };
}

/** A session for the account as it is now: its token version, so a new password or "sign out everywhere" ends it. */
export async function startSession(res: Response, config: Config, userId: string): Promise<void> {
  const { token } = await tokenFor(await getUser(userId), config.SESSION_SECRET, config.SESSION_TTL_SECONDS);
  res.cookie(sessionCookieName(config), token, { ...cookieOptions(config), maxAge: config.SESSION_TTL_SECONDS * 1000 });
}

export function endSession(res: Response, config: Config): void {
  res.clearCookie(sessionCookieName(config), cookieOptions(config));
}

/** The viewer behind a session cookie's value; null for a missing, expired, forged, revoked or orphaned one. */
export async function viewerFromSessionToken(token: string | undefined, config: Config): Promise<Viewer | null> {
  if (!token) return null;
  try {
    return toViewer(await userForClaims(await verifyToken(token, config.SESSION_SECRET)));
  } catch (err) {
    if (err instanceof DomainError) return null; // UNAUTHENTICATED: a bad or revoked token, a deactivated or removed account
    throw err;
  }
}

/** Reads the session on every page request (cookie-parser runs first); a dead cookie is cleared. */
export function loadSession(config: Config) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const raw: unknown = req.cookies?.[sessionCookieName(config)];
      const token = typeof raw === 'string' ? raw : '';
      // Known to be away: the service-unavailable page at once, not after the driver's timeout.
      if (token && databaseKnownDown()) throw new OperationFailed([{ message: 'The database is not answering', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
      const viewer = await viewerFromSessionToken(token, config);
      if (token && !viewer) endSession(res, config);
      req.session = { viewer, token: viewer ? token : '' };
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** A same-site path to go back to after signing in: only "/..." (not "//host" or "/\\host"), else "/". */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) return '/';
  if (!/^\/(?![/\\])/.test(raw)) return '/';
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')) return '/';
  return raw;
}

/** Pages behind sign-in: a signed-out request is sent to /sign-in?next=<where it was going>. */
export function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.viewer) {
    next();
    return;
  }
  const next_ = safeNext(req.originalUrl);
  res.redirect(303, next_ === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next_)}`);
}

/** The signed-in viewer of a page behind requireSignIn. */
export function viewerOf(req: Request): Viewer {
  const viewer = req.session?.viewer;
  if (!viewer) throw new Error('viewerOf: the route is not behind requireSignIn');
  return viewer;
}
