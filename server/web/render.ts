// Nunjucks, set up once: templates in server/web/views, govuk-frontend's as
// "govuk/..." and MOJ Frontend's as "moj/...". Autoescaping is on, so only a
// value passed through `| safe` is output as HTML.
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Response } from 'express';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
export const GOVUK_FRONTEND_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const MOJ_FRONTEND_ROOT = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));
/** alphagov's accessible-autocomplete (the GOV.UK Design System's autocomplete), served to enhance long selects. */
export const AUTOCOMPLETE_DIST = path.join(path.dirname(require.resolve('accessible-autocomplete/package.json')), 'dist');
export const VIEWS_DIR = path.join(import.meta.dirname, 'views');

export const SERVICE_NAME = 'Talent pool';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createViewEnvironment(opts: { watch?: boolean } = {}): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_FRONTEND_DIST, MOJ_FRONTEND_ROOT], { noCache: opts.watch ?? false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  env.addGlobal('serviceName', SERVICE_NAME);
  // Every form's hidden CSRF field: {{ csrfField(csrfToken) }} (server/web/csrf.ts checks it).
  env.addGlobal('csrfField', (token: unknown) => new nunjucks.runtime.SafeString(`<input type="hidden" name="_csrf" value="${escapeHtml(String(token ?? ''))}">`));
  return env;
}

/**
 * Render a page: the template gets res.locals (cspNonce, csrfToken, viewer,
 * navigation, currentPath: set for every page in server/web/index.ts) and the
 * view model, the view model winning.
 */
export function renderPage(env: nunjucks.Environment, res: Response, template: string, view: object = {}, status = 200): void {
  const html = env.render(template, { ...res.locals, ...view });
  res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
}
