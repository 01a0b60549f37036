// /account: the signed-in user's own account: who they are, a new password
// (changePassword: every other session and token ends, this browser gets a
// fresh session) and "sign out everywhere" (signOutEverywhere).
import { Router, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { endSession, requireSignIn, startSession, viewerOf } from '../session.ts';
import { addFieldError, formErrorsFrom, hasErrors, noErrors, type FormErrors } from '../view-models/form-errors.ts';
import { doneMessage } from '../view-models/govuk-display.ts';
import { ROLE_NAMES } from '../navigation.ts';

const ME = /* GraphQL */ `query WebAccount { me { name email role council { name } pool { name } } }`;
const CHANGE_PASSWORD = /* GraphQL */ `
  mutation WebChangePassword($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { user { id } } }
`;
const SIGN_OUT_EVERYWHERE = /* GraphQL */ `mutation WebSignOutEverywhere { signOutEverywhere }`;

interface MeData {
  me: { name: string; email: string; role: keyof typeof ROLE_NAMES; council: { name: string } | null; pool: { name: string } | null };
}

const FIELDS = {
  currentPassword: { id: 'currentPassword', label: 'Current password' },
  newPassword: { id: 'newPassword', label: 'New password' },
};
const DONE = { password: 'Your password has been changed. You have been signed out everywhere else.' };

const text = (body: unknown, name: string) => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

export function accountRoutes({ operations, config, render }: WebDeps): Router {
  const router = Router();
  const show = async (req: Request, res: Response, errors: FormErrors, status = 200) => {
    const { me } = await operations.query<MeData>(req, res, ME);
    render(
      res,
      'account/account.njk',
      {
        pageTitle: 'Your account',
        done: status === 200 ? doneMessage(DONE, req.query.done) : null,
        rows: [
          { key: { text: 'Name' }, value: { text: me.name } },
          { key: { text: 'Email address' }, value: { text: me.email } },
          { key: { text: 'Role' }, value: { text: [ROLE_NAMES[me.role], me.council?.name ?? me.pool?.name].filter(Boolean).join(', ') } },
        ],
        errors,
      },
      status,
    );
  };

  router.get('/account', requireSignIn, (req, res) => show(req, res, noErrors()));

  router.post('/account/password', requireSignIn, async (req, res) => {
    const current = text(req.body, 'currentPassword');
    const next = text(req.body, 'newPassword');
    const errors = noErrors();
    if (!current) addFieldError(errors, FIELDS.currentPassword, 'Enter your current password');
    if (!next) addFieldError(errors, FIELDS.newPassword, 'Enter a new password');
    else if (next !== text(req.body, 'confirmPassword')) addFieldError(errors, { id: 'confirmPassword', label: 'Confirm new password' }, 'Enter the same new password twice');
    if (hasErrors(errors)) return show(req, res, errors, 400);
    const r = await operations.run(req, res, CHANGE_PASSWORD, { current, next });
    if (r.errors.length) return show(req, res, formErrorsFrom(r.errors, FIELDS), 400);
    // The change ended this session too: start one at the account's new token version.
    await startSession(res, config, viewerOf(req).userId);
    res.redirect(303, '/account?done=password');
  });

  router.post('/account/sign-out-everywhere', requireSignIn, async (req, res) => {
    const r = await operations.run(req, res, SIGN_OUT_EVERYWHERE);
    if (r.errors.length) return show(req, res, formErrorsFrom(r.errors, {}), 400);
    endSession(res, config);
    res.redirect(303, '/sign-in');
  });
  return router;
}
