// Sign in with email and password (the API's own `login` mutation, run
// in-process), into a session cookie; sign out (a POST, CSRF-checked like
// every form). Failed attempts are limited per account and per address.
import { Router, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { endSession, safeNext, startSession } from '../session.ts';
import { addFieldError, formErrorsFrom, hasErrors, noErrors, type FormErrors } from '../view-models/form-errors.ts';

const LOGIN = /* GraphQL */ `
  mutation WebSignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) { user { id } }
  }
`;

interface SignInForm {
  email: string;
  next: string;
}

function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

export function signInRoutes({ operations, config, render }: WebDeps): Router {
  const router = Router();
  const show = (res: Response, form: SignInForm, errors: FormErrors = noErrors(), status = 200) =>
    render(res, 'sign-in.njk', { pageTitle: 'Sign in', form, errors }, status);

  router.get('/sign-in', (req: Request, res: Response) => {
    const next = safeNext(req.query.next);
    if (req.session?.viewer) {
      res.redirect(303, next);
      return;
    }
    show(res, { email: '', next });
  });

  router.post('/sign-in', async (req: Request, res: Response) => {
    const email = field(req.body, 'email').trim();
    const password = field(req.body, 'password');
    const form = { email, next: safeNext(field(req.body, 'next')) };
    const errors = noErrors();
    if (!email) addFieldError(errors, 'email', 'Enter your email address');
    if (!password) addFieldError(errors, 'password', 'Enter your password');
    if (hasErrors(errors)) {
      show(res, form, errors, 400);
      return;
    }
    // The login mutation counts failures and refuses past the limits (server/auth/login-limits.ts).
    const r = await operations.run<{ login: { user: { id: string } } }>(req, res, LOGIN, { email, password });
    const userId = r.data?.login.user.id;
    if (!userId) {
      const limited = r.errors.find((e) => e.extensions?.code === 'RATE_LIMITED');
      if (limited) {
        const wait = Number(limited.extensions?.details?.retryAfterSeconds ?? 60);
        const minutes = Math.ceil(wait / 60);
        res.set('Retry-After', String(wait));
        show(res, form, { summary: [{ text: `Too many sign-in attempts. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again`, href: '#email' }], fields: {} }, 429);
        return;
      }
      const unauthenticated = r.errors.find((e) => e.extensions?.code === 'UNAUTHENTICATED');
      if (unauthenticated?.extensions?.details?.reason === 'ACCOUNT_DEACTIVATED') {
        const failed = noErrors();
        addFieldError(failed, 'email', 'This account has been deactivated. Ask an admin of the service to reactivate it');
        show(res, form, failed, 403);
        return;
      }
      if (unauthenticated) {
        const failed = noErrors();
        // One message for both fields, as the API does not say which was wrong.
        addFieldError(failed, 'email', 'Enter a correct email address and password');
        show(res, form, failed, 401);
        return;
      }
      show(res, form, formErrorsFrom(r.errors, { email: { id: 'email', label: 'Email address' }, password: { id: 'password', label: 'Password' } }), 400);
      return;
    }
    await startSession(res, config, userId);
    req.log.info({ userId }, 'signed in to the web service');
    res.redirect(303, form.next);
  });

  router.post('/sign-out', (req: Request, res: Response) => {
    endSession(res, config);
    res.redirect(303, '/sign-in');
  });

  return router;
}
