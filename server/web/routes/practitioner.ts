// The practitioner's pages: /profile (profile, skills, working pattern, leave:
// add and remove), /bookings (their bookings by date, each with its agreement:
// consent or decline, the document) and /calendar (their feed link: create,
// copy, revoke). Every read and change is a GraphQL operation run as them.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { requireSignIn, viewerOf } from '../session.ts';
import { OperationFailed } from '../operations.ts';
import { formErrorsFrom, generalMessage, noErrors, type FormErrors } from '../view-models/form-errors.ts';
import { doneMessage } from '../view-models/govuk-display.ts';
import {
  ADD_LEAVE,
  AGREEMENT_QUERY,
  BOOKINGS_DONE,
  BOOKINGS_QUERY,
  bookingsView,
  CALENDAR_DONE,
  calendarView,
  CONSENT,
  CREATE_FEED,
  DECLINE_CONSENT,
  declineErrors,
  decisionView,
  emptyLeaveForm,
  HAS_FEED_QUERY,
  leaveErrors,
  leaveFormFrom,
  leaveInput,
  PROFILE_DONE,
  PROFILE_QUERY,
  profileView,
  REMOVE_LEAVE,
  REVOKE_FEED,
  type AgreementData,
  type BookingsData,
  type LeaveForm,
  type ProfileData,
} from '../view-models/practitioner.ts';

/** Only practitioners have these pages; anyone else gets "page not found", as for a page they may not see. */
function requirePractitioner(req: Request, _res: Response, next: NextFunction): void {
  if (viewerOf(req).role === 'PRACTITIONER' && viewerOf(req).practitionerId) next();
  else next(new OperationFailed([{ message: 'Not a practitioner', extensions: { code: 'NOT_FOUND' } }]));
}

const param = (req: Request, name: string) => String(req.params[name] ?? '');

export function practitionerRoutes({ operations, render }: WebDeps): Router {
  const router = Router();
  const gate = [requireSignIn, requirePractitioner];

  // ---- /profile ---------------------------------------------------------------
  const showProfile = async (req: Request, res: Response, form: LeaveForm, errors: FormErrors, status = 200) => {
    const data = await operations.query<ProfileData>(req, res, PROFILE_QUERY);
    if (!data.me.practitioner) throw new OperationFailed([{ message: 'No profile', extensions: { code: 'NOT_FOUND' } }]);
    render(res, 'practitioner/profile.njk', profileView(data, form, errors, status === 200 ? doneMessage(PROFILE_DONE, req.query.done) : null), status);
  };

  router.get('/profile', ...gate, async (req, res) => {
    await showProfile(req, res, emptyLeaveForm(), noErrors());
  });

  router.post('/profile/leave', ...gate, async (req, res) => {
    const form = leaveFormFrom(req.body as Record<string, unknown>);
    const input = leaveInput(form);
    const r = input.start ? await operations.run(req, res, ADD_LEAVE, { id: viewerOf(req).practitionerId, input }) : { data: null, errors: [] };
    if (r.data && !r.errors.length) {
      const atRisk = (r.data as { addLeave: { bookingsAtRisk: unknown[] } }).addLeave.bookingsAtRisk.length > 0;
      res.redirect(303, atRisk ? '/profile?done=leave-added-at-risk#bookings-at-risk' : '/profile?done=leave-added#leave');
      return;
    }
    await showProfile(req, res, form, leaveErrors(form, r.errors), 400);
  });

  router.post('/profile/leave/:leaveId/remove', ...gate, async (req, res) => {
    const r = await operations.run(req, res, REMOVE_LEAVE, { id: viewerOf(req).practitionerId, leaveId: param(req, 'leaveId') });
    if (!r.errors.length) {
      res.redirect(303, '/profile?done=leave-removed#leave');
      return;
    }
    const errors = noErrors();
    for (const e of r.errors) errors.summary.push({ text: generalMessage(e) });
    await showProfile(req, res, emptyLeaveForm(), errors, 400);
  });

  // ---- /bookings ----------------------------------------------------------------
  router.get('/bookings', ...gate, async (req, res) => {
    const data = await operations.query<BookingsData>(req, res, BOOKINGS_QUERY, { id: viewerOf(req).practitionerId });
    render(res, 'practitioner/bookings.njk', bookingsView(data, doneMessage(BOOKINGS_DONE, req.query.done)));
  });

  const showDecision = async (req: Request, res: Response, reason: string, errors: FormErrors, status = 200) => {
    const data = await operations.query<AgreementData>(req, res, AGREEMENT_QUERY, { id: param(req, 'id') });
    render(res, 'practitioner/decide.njk', decisionView(data, reason, errors), status);
  };

  router.get('/bookings/agreements/:id', ...gate, async (req, res) => {
    await showDecision(req, res, '', noErrors());
  });

  router.post('/bookings/agreements/:id/consent', ...gate, async (req, res) => {
    const r = await operations.run(req, res, CONSENT, { id: param(req, 'id') });
    if (!r.errors.length) {
      res.redirect(303, '/bookings?done=consented');
      return;
    }
    await showDecision(req, res, '', formErrorsFrom(r.errors, {}), 400);
  });

  router.post('/bookings/agreements/:id/decline', ...gate, async (req, res) => {
    const reason = typeof req.body?.reason === 'string' ? (req.body.reason as string) : '';
    const r = await operations.run(req, res, DECLINE_CONSENT, { id: param(req, 'id'), reason });
    if (!r.errors.length) {
      res.redirect(303, '/bookings?done=declined');
      return;
    }
    await showDecision(req, res, reason, declineErrors(r.errors), 400);
  });

  // ---- /calendar -------------------------------------------------------------------
  router.get('/calendar', ...gate, async (req, res) => {
    const data = await operations.query<{ me: { hasCalendarFeed: boolean | null } }>(req, res, HAS_FEED_QUERY);
    render(res, 'practitioner/calendar.njk', calendarView(Boolean(data.me.hasCalendarFeed), null, doneMessage(CALENDAR_DONE, req.query.done)));
  });

  // The link is shown once (only its hash is kept), so this answers with the page itself rather than redirecting.
  router.post('/calendar', ...gate, async (req, res) => {
    const data = await operations.query<{ createCalendarFeed: { url: string } }>(req, res, CREATE_FEED);
    const url = new URL(data.createCalendarFeed.url, `${req.protocol}://${req.get('host')}`).toString();
    res.set('Referrer-Policy', 'no-referrer');
    render(res, 'practitioner/calendar.njk', calendarView(true, url, null));
  });

  router.post('/calendar/revoke', ...gate, async (req, res) => {
    await operations.query(req, res, REVOKE_FEED);
    res.redirect(303, '/calendar?done=revoked');
  });

  return router;
}
