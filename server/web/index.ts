// The web service: server-rendered GOV.UK Design System pages, mounted at "/"
// beside /graphql. Every page runs its GraphQL operations in-process through
// the same Apollo server and permission rules as the API (operations.ts).
//
// Order for every request that reaches this router: static assets (no
// session), security headers and a CSP nonce, cookies, form bodies, the
// session, CSRF check (POSTs) and a token for the page's forms, then the
// routes of each area, then "page not found" and the error page.
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import type { ApolloServer } from '@apollo/server';
import type { Config } from '../config.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { securityHeaders } from './security.ts';
import { isDatabaseUnavailable } from '../../graphql/errors.ts';
import { loadSession } from './session.ts';
import { csrfProtection } from './csrf.ts';
import { createOperations, OperationFailed, type Operations } from './operations.ts';
import { AUTOCOMPLETE_DIST, createViewEnvironment, GOVUK_FRONTEND_DIST, MOJ_FRONTEND_ROOT, renderPage } from './render.ts';
import type { LoginLimits } from '../auth/login-limits.ts';
import { navigationFor, ROLE_NAMES } from './navigation.ts';
import { signInRoutes } from './routes/sign-in.ts';
import { homeRoutes } from './routes/home.ts';
import { practitionerRoutes } from './routes/practitioner.ts';
import { poolLeadRoutes } from './routes/pool-lead.ts';
import { poolRoutes } from './routes/pool.ts';
import { councilProjectRoutes } from './routes/council-projects.ts';
import { councilAgreementRoutes } from './routes/council-agreements.ts';
import { councilLedgerRoutes } from './routes/council-ledger.ts';
import { accountRoutes } from './routes/account.ts';

/** What every area's routes get. */
export interface WebDeps {
  config: Config;
  operations: Operations;
  /** Render a template from server/web/views with the page's view model (see render.ts). */
  render(res: Response, template: string, view?: object, status?: number): void;
}

// Asset URLs carry no fingerprint: a day's caching, then revalidated by ETag.
const ASSET_MAX_AGE = '1d';
const ASSET_OPTIONS = { maxAge: ASSET_MAX_AGE, index: false, redirect: false } as const;

export function createWebRouter(apollo: ApolloServer<GraphQLContext>, config: Config, limits: LoginLimits): Router {
  const views = createViewEnvironment();
  const render: WebDeps['render'] = (res, template, view = {}, status = 200) => renderPage(views, res, template, view, status);
  const deps: WebDeps = { config, operations: createOperations(apollo, config, limits), render };
  const csrf = csrfProtection(config);
  const router = Router();

  router.use(securityHeaders(config));
  // govuk-frontend's compiled CSS asks for /assets/fonts/... and /assets/images/...
  const govuk = path.join(GOVUK_FRONTEND_DIST, 'govuk');
  for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.js']) {
    router.get(`/assets/${file}`, (_req, res, next) => res.sendFile(path.join(govuk, file), { maxAge: ASSET_MAX_AGE }, (err) => err && next(err)));
  }
  router.use('/assets/moj', express.static(path.join(MOJ_FRONTEND_ROOT, 'moj'), ASSET_OPTIONS));
  router.use('/assets/autocomplete', express.static(AUTOCOMPLETE_DIST, ASSET_OPTIONS));
  router.use('/assets/app', express.static(path.join(import.meta.dirname, 'assets'), ASSET_OPTIONS));
  router.use('/assets', express.static(path.join(govuk, 'assets'), ASSET_OPTIONS));

  router.use(cookieParser());
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 }));
  router.use(loadSession(config));
  router.use((req: Request, res: Response, next: NextFunction) => {
    // Signing out when already signed out does nothing, so needs no token (a session that expired before its sign-out button was pressed).
    if (req.method === 'POST' && req.path === '/sign-out' && !req.session?.viewer) {
      next();
      return;
    }
    csrf.verify(req, res, next);
  });
  router.use(csrf.issue);
  router.use((req: Request, res: Response, next: NextFunction) => {
    const viewer = req.session?.viewer ?? null;
    res.locals.viewer = viewer ? { name: viewer.name, role: viewer.role, roleName: ROLE_NAMES[viewer.role] } : null;
    res.locals.currentPath = req.path;
    res.locals.navigation = navigationFor(viewer, req.path);
    next();
  });

  router.use(signInRoutes(deps));
  router.use(homeRoutes(deps));
  router.use(practitionerRoutes(deps));
  router.use(poolLeadRoutes(deps));
  router.use(poolRoutes(deps));
  router.use(councilProjectRoutes(deps));
  router.use(councilAgreementRoutes(deps));
  router.use(councilLedgerRoutes(deps));
  router.use(accountRoutes(deps));

  router.use((req: Request, res: Response) => {
    render(res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
  });
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = err as { code?: string; status?: number; type?: string };
    if (e.code === 'EBADCSRFTOKEN') {
      req.log.info('form refused: missing or wrong CSRF token');
      render(res, 'errors/error.njk', { pageTitle: 'Sorry, this form has expired', heading: 'Sorry, this form has expired', body: 'Go back, reload the page and try again.' }, 403);
      return;
    }
    if (err instanceof OperationFailed) {
      if (err.code === 'UNAUTHENTICATED') {
        res.redirect(303, '/sign-in');
        return;
      }
      if (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN') {
        // The same page for both: a page must not tell someone what exists that they may not see.
        render(res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
        return;
      }
      if (err.code === 'SERVICE_UNAVAILABLE' || err.code === 'TRY_AGAIN') {
        render(res, 'errors/error.njk', { pageTitle: 'Sorry, the service is unavailable', heading: 'Sorry, the service is unavailable', body: 'Try again in a few minutes.' }, 503);
        return;
      }
    }
    if (isDatabaseUnavailable(err)) {
      // Found out by the page's own reads (the session's user) rather than by an operation.
      render(res, 'errors/error.njk', { pageTitle: 'Sorry, the service is unavailable', heading: 'Sorry, the service is unavailable', body: 'Try again in a few minutes.' }, 503);
      return;
    }
    if (e.type === 'entity.too.large' || (e.status && e.status >= 400 && e.status < 500)) {
      render(res, 'errors/error.njk', { pageTitle: 'Sorry, there is a problem', heading: 'Sorry, there is a problem', body: 'The form could not be sent. Go back and try again.' }, e.status ?? 400);
      return;
    }
    req.log.error({ err }, 'page failed');
    render(res, 'errors/error.njk', { pageTitle: 'Sorry, there is a problem with the service', heading: 'Sorry, there is a problem with the service', body: 'Try again later.' }, 500);
  });
  return router;
}
