// CSRF protection for every form: csrf-csrf's double-submit cookie, its token
// an HMAC (SESSION_SECRET) over a random value and the session, so a token from
// before signing in (or another user's) is refused. Forms post it as the
// hidden field `_csrf` (the layout's `csrfField()` macro writes it).
import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config.ts';
import { secureCookies } from './session.ts';

export const CSRF_FIELD = '_csrf';

export function csrfProtection(config: Config) {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => config.SESSION_SECRET,
    // Signed out: bound to no session (the sign-in form); signed in: to the session cookie.
    getSessionIdentifier: (req) => req.session?.token ?? '',
    cookieName: config.NODE_ENV === 'production' ? '__Host-tp.csrf' : 'tp.csrf',
    cookieOptions: { sameSite: 'strict', secure: secureCookies(config), httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const token = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof token === 'string' ? token : null;
    },
  });
  return {
    /** Refuses a POST (PUT, PATCH, DELETE) without a valid token: a 403 error with code EBADCSRFTOKEN. */
    verify: doubleCsrfProtection,
    /** Puts a token for this request's forms in res.locals.csrfToken (a new one when the session changed). */
    issue: (req: Request, res: Response, next: NextFunction) => {
      res.locals.csrfToken = generateCsrfToken(req, res);
      next();
    },
  };
}
