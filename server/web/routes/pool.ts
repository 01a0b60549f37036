// A programme lead's pool pages: GET /pool (the dashboard), the staffing of
// one of the pool's projects (GET /pool/projects/:id/staffing, POST .../why-not,
// POST .../approve), booking a candidate (GET and POST /pool/projects/:id/book),
// and a proposed squad (POST /pool/projects/:id/squad, GET .../squad/:planId,
// POST .../squad/:planId/book). Everything runs as the signed-in lead through
// the API (poolDemand, slotCandidates, whyNot, bookPractitioner, proposeSquad,
// plan, commitPlan), so its permission rules decide what the lead sees.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { requireSignIn, viewerOf } from '../session.ts';
import { addFieldError, formErrorsFrom, hasErrors, noErrors, type FormErrors } from '../view-models/form-errors.ts';
import { dateItems, dateMessage, datePartsFrom, days, doneMessage, formatPeriod, isoFromParts, partsFromIso, statusTag, type DateParts } from '../view-models/govuk-display.ts';
import { addWeeks, isoWeekKey, isValidIsoDate, londonDateOf, weekEnd, weekStart } from '../../calendar/iso-week.ts';
import { now } from '../../clock.ts';
import {
  BOOK_FIELDS,
  BOOK_FORM_QUERY,
  BOOK_PRACTITIONER,
  COMMIT_SQUAD,
  DASHBOARD_QUERY,
  DASHBOARD_WEEKS,
  dashboardView,
  PROPOSE_SQUAD,
  projectSummaryRows,
  SLOT_CANDIDATES_QUERY,
  slotTitle,
  slotView,
  SQUAD_QUERY,
  squadName,
  squadView,
  STAFFING_DONE,
  STAFFING_QUERY,
  staffingHref,
  WHY_NOT_QUERY,
  whyNotOptions,
  whyNotResult,
  type BookFormData,
  type CandidatesData,
  type DashboardData,
  type SquadData,
  type StaffingData,
  type WhyNotData,
  type WhyNotForm,
} from '../view-models/pool.ts';

/** These pages are a programme lead's: anyone else goes on to other areas' routes (or "page not found"). */
function leadOnly(req: Request, _res: Response, next: NextFunction): void {
  const v = viewerOf(req);
  next(v.role === 'PROGRAMME_LEAD' && v.poolId ? undefined : 'router');
}

const param = (req: Request, name: string) => String(req.params[name]);
const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

const TRANSITION_PROJECT = /* GraphQL */ `
  mutation WebPoolApproveProject($id: ID!) { transitionProject(id: $id, to: APPROVED) { id status } }
`;

export function poolRoutes({ operations, render }: WebDeps): Router {
  const router = Router();
  router.use(['/pool', '/pool/*splat'], requireSignIn, leadOnly);

  // ---- the dashboard --------------------------------------------------------
  router.get('/pool', async (req, res) => {
    const asked = typeof req.query.from === 'string' && isValidIsoDate(req.query.from) ? req.query.from : londonDateOf(now());
    const firstWeek = isoWeekKey(asked);
    const from = weekStart(firstWeek);
    const to = weekEnd(addWeeks(firstWeek, DASHBOARD_WEEKS - 1));
    const data = await operations.query<DashboardData>(req, res, DASHBOARD_QUERY, { poolId: viewerOf(req).poolId, from, to });
    const links = { earlier: `/pool?from=${weekStart(addWeeks(firstWeek, -DASHBOARD_WEEKS))}`, later: `/pool?from=${weekStart(addWeeks(firstWeek, DASHBOARD_WEEKS))}` };
    render(res, 'pool/dashboard.njk', dashboardView(data, from, links));
  });

  // ---- a project's staffing -------------------------------------------------------
  async function staffingPage(req: Request, res: Response, extra: { whyNot?: WhyNotForm; whyNotErrors?: FormErrors; whyNotResult?: ReturnType<typeof whyNotResult> } = {}, status = 200) {
    const pid = param(req, 'id');
    const data = await operations.query<StaffingData>(req, res, STAFFING_QUERY, { id: pid, poolId: viewerOf(req).poolId });
    const p = data.project;
    const candidates = await Promise.all(p.slots.map((s) => operations.query<CandidatesData>(req, res, SLOT_CANDIDATES_QUERY, { projectId: pid, slotId: s.id })));
    const form = extra.whyNot ?? { slotId: p.slots.length === 1 ? p.slots[0]!.id : '', practitionerId: '' };
    render(
      res,
      'pool/staffing.njk',
      {
        pageTitle: `Staffing: ${p.title}`,
        project: { id: p.id, title: p.title, rows: projectSummaryRows(p), status: statusTag(p.status), canApprove: p.nextStatuses.includes('APPROVED') },
        paths: { staffing: staffingHref(p.id), whyNot: `${staffingHref(p.id)}/why-not`, approve: `${staffingHref(p.id)}/approve`, squad: `/pool/projects/${encodeURIComponent(p.id)}/squad` },
        slots: p.slots.map((s, i) => slotView(p, s, i, data.bookings.nodes, candidates[i]!.slotCandidates)),
        whyNot: { ...whyNotOptions(data, form), form, result: extra.whyNotResult ?? null },
        errors: extra.whyNotErrors ?? noErrors(),
        done: doneMessage(STAFFING_DONE, req.query.done),
      },
      status,
    );
  }

  router.get('/pool/projects/:id/staffing', (req, res) => staffingPage(req, res));

  router.post('/pool/projects/:id/staffing/why-not', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const form = { slotId: field(body, 'slotId'), practitionerId: field(body, 'practitionerId') };
    const errors = noErrors();
    if (!form.slotId) addFieldError(errors, 'slotId', 'Select the slot to ask about');
    if (!form.practitionerId) addFieldError(errors, 'practitionerId', 'Select the practitioner to ask about');
    if (hasErrors(errors)) return staffingPage(req, res, { whyNot: form, whyNotErrors: errors }, 400);
    const r = await operations.run<WhyNotData>(req, res, WHY_NOT_QUERY, { projectId: param(req, 'id'), ...form });
    if (r.errors.length || !r.data) {
      const e = formErrorsFrom(r.errors, { slotId: { id: 'slotId', label: 'Slot' }, practitionerId: { id: 'practitionerId', label: 'Practitioner' } }, { slotId: 'Select a slot of this project', practitionerId: 'Select a practitioner of the pool' });
      return staffingPage(req, res, { whyNot: form, whyNotErrors: e }, 400);
    }
    const staffing = await operations.query<{ project: { slots: { id: string }[] } }>(req, res, `query($id: ID!) { project(id: $id) { slots { id } } }`, { id: param(req, 'id') });
    const index = staffing.project.slots.findIndex((s) => s.id === r.data!.whyNot.slot.id);
    return staffingPage(req, res, { whyNot: form, whyNotResult: whyNotResult(r.data.whyNot, index) });
  });

  router.post('/pool/projects/:id/staffing/approve', async (req, res) => {
    const r = await operations.run(req, res, TRANSITION_PROJECT, { id: param(req, 'id') });
    if (r.errors.length) return staffingPage(req, res, { whyNotErrors: formErrorsFrom(r.errors, {}) }, 400);
    res.redirect(303, `${staffingHref(param(req, 'id'))}?done=approved`);
  });

  // ---- booking a candidate: check the details, then book ----------------------------
  interface BookValues {
    start: DateParts;
    end: DateParts;
    daysPerWeek: string;
  }

  async function bookPage(req: Request, res: Response, slotId: string, practitionerId: string, values: BookValues | null, errors: FormErrors = noErrors(), status = 200) {
    const pid = param(req, 'id');
    const data = await operations.query<BookFormData>(req, res, BOOK_FORM_QUERY, { projectId: pid, practitionerId });
    const index = data.project.slots.findIndex((s) => s.id === slotId);
    const slot = data.project.slots[index];
    if (!slot) return render(res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const v = values ?? { start: partsFromIso(slot.start), end: partsFromIso(slot.end), daysPerWeek: String(slot.daysPerWeek) };
    render(
      res,
      'pool/book.njk',
      {
        pageTitle: `Book ${data.practitioner.name}`,
        back: staffingHref(pid),
        action: `/pool/projects/${encodeURIComponent(pid)}/book`,
        slotId,
        practitionerId,
        rows: [
          { key: { text: 'Practitioner' }, value: { text: `${data.practitioner.name}, ${data.practitioner.roleLevel.name}` } },
          { key: { text: 'Home council' }, value: { text: data.practitioner.homeCouncil.name } },
          { key: { text: 'Project' }, value: { text: data.project.title } },
          { key: { text: 'Slot' }, value: { text: slotTitle(slot, index) } },
          { key: { text: 'The slot asks for' }, value: { text: `${days(slot.daysPerWeek)} a week, ${formatPeriod(slot.start, slot.end)}` } },
        ],
        values: v,
        startItems: dateItems(v.start, Boolean(errors.fields['start-day'])),
        endItems: dateItems(v.end, Boolean(errors.fields['end-day'])),
        errors,
      },
      status,
    );
  }

  router.get('/pool/projects/:id/book', async (req, res) => {
    const slotId = typeof req.query.slotId === 'string' ? req.query.slotId : '';
    const practitionerId = typeof req.query.practitionerId === 'string' ? req.query.practitionerId : '';
    if (!slotId || !practitionerId) return render(res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return bookPage(req, res, slotId, practitionerId, null);
  });

  router.post('/pool/projects/:id/book', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const slotId = field(body, 'slotId');
    const practitionerId = field(body, 'practitionerId');
    if (!slotId || !practitionerId) return render(res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const values: BookValues = { start: datePartsFrom(body, 'start'), end: datePartsFrom(body, 'end'), daysPerWeek: field(body, 'daysPerWeek') };
    const errors = noErrors();
    const start = isoFromParts(values.start);
    const end = isoFromParts(values.end);
    if (!start) addFieldError(errors, BOOK_FIELDS['input.start'], 'Enter the start date');
    else if (!isValidIsoDate(start)) addFieldError(errors, BOOK_FIELDS['input.start'], 'Start date must be a real date, for example 1 3 2027');
    if (!end) addFieldError(errors, BOOK_FIELDS['input.end'], 'Enter the end date');
    else if (!isValidIsoDate(end)) addFieldError(errors, BOOK_FIELDS['input.end'], 'End date must be a real date, for example 28 3 2027');
    const daysPerWeek = Number(values.daysPerWeek);
    if (!values.daysPerWeek) addFieldError(errors, BOOK_FIELDS['input.daysPerWeek'], 'Enter the days per week');
    else if (!Number.isFinite(daysPerWeek)) addFieldError(errors, BOOK_FIELDS['input.daysPerWeek'], 'Days per week must be a number, like 2 or 2.5');
    if (hasErrors(errors)) return bookPage(req, res, slotId, practitionerId, values, errors, 400);
    const pid = param(req, 'id');
    const r = await operations.run(req, res, BOOK_PRACTITIONER, { input: { projectId: pid, slotId, practitionerId, start, end, daysPerWeek } });
    if (r.errors.length) {
      const e = formErrorsFrom(
        r.errors.map((x) => ({ ...x, message: dateMessage(x.message) })),
        BOOK_FIELDS,
      );
      return bookPage(req, res, slotId, practitionerId, values, e, 400);
    }
    res.redirect(303, `${staffingHref(pid)}?done=booked#slot-${encodeURIComponent(slotId)}`);
  });

  // ---- a proposed squad -----------------------------------------------------------------
  router.post('/pool/projects/:id/squad', async (req, res) => {
    const pid = param(req, 'id');
    const project = await operations.query<{ project: { title: string } }>(req, res, `query($id: ID!) { project(id: $id) { title } }`, { id: pid });
    const r = await operations.run<{ proposeSquad: { id: string } }>(req, res, PROPOSE_SQUAD, { projectId: pid, name: squadName(project.project.title, now()) });
    if (r.errors.length || !r.data) return staffingPage(req, res, { whyNotErrors: formErrorsFrom(r.errors, {}) }, 400);
    res.redirect(303, `/pool/projects/${encodeURIComponent(pid)}/squad/${encodeURIComponent(r.data.proposeSquad.id)}`);
  });

  async function squadPage(req: Request, res: Response, errors: FormErrors = noErrors(), status = 200) {
    const pid = param(req, 'id');
    const [data, project] = await Promise.all([
      operations.query<SquadData>(req, res, SQUAD_QUERY, { id: param(req, 'planId') }),
      operations.query<{ project: { id: string; title: string; slots: StaffingData['project']['slots'] } }>(
        req,
        res,
        `query($id: ID!) { project(id: $id) { id title slots { id roleLevel { name } daysPerWeek start end headcount } } }`,
        { id: pid },
      ),
    ]);
    // A plan of another project (or a programme plan) is not this page's.
    if (data.plan.kind !== 'SQUAD' || !data.plan.projects.some((p) => p.id === pid)) return render(res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    render(
      res,
      'pool/squad.njk',
      {
        pageTitle: `Proposed squad: ${project.project.title}`,
        projectTitle: project.project.title,
        back: staffingHref(pid),
        action: `/pool/projects/${encodeURIComponent(pid)}/squad/${encodeURIComponent(data.plan.id)}/book`,
        squad: squadView(data, project.project.slots),
        errors,
      },
      status,
    );
  }

  router.get('/pool/projects/:id/squad/:planId', (req, res) => squadPage(req, res));

  router.post('/pool/projects/:id/squad/:planId/book', async (req, res) => {
    const r = await operations.run(req, res, COMMIT_SQUAD, { id: param(req, 'planId') });
    if (r.errors.length) return squadPage(req, res, formErrorsFrom(r.errors, {}), 400);
    res.redirect(303, `${staffingHref(param(req, 'id'))}?done=squad-booked`);
  });

  return router;
}
