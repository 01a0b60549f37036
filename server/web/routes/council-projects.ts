// A council requester's projects: /projects (by status), /projects/new and
// /projects/:id/edit (the project's fields), /projects/:id/slots/... (add,
// change, remove a slot, and its skills), /projects/:id/check (check your
// answers, then submit) and /projects/:id (the project, its slots, their
// candidates and its status history). Other roles fall through to any other
// area's routes for the same paths (next('router')).
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { requireSignIn, viewerOf } from '../session.ts';
import { formErrorsFrom, noErrors, type FormErrors } from '../view-models/form-errors.ts';
import {
  ADD_SLOT,
  candidateRows,
  CREATE_PROJECT,
  dateItems,
  PROFICIENCY_LABELS,
  PROJECT_FORM_QUERY,
  PROJECT_MESSAGES,
  PROJECT_QUERY,
  PROJECTS_QUERY,
  projectFieldMap,
  projectFormOptions,
  projectFormValues,
  projectFormValuesOf,
  projectGroups,
  projectInput,
  projectSummary,
  REMOVE_SLOT,
  ROLE_LEVEL_SKILLS_QUERY,
  ROLE_LEVELS_QUERY,
  roleLevelGroups,
  SLOT_CANDIDATES_QUERY,
  SLOT_FIELD_MAP,
  slotFormValues,
  slotFormValuesOf,
  slotInput,
  slotSummary,
  STATUS_LABELS,
  STATUS_TAG_CLASSES,
  statusHistoryRows,
  TRANSITION_PROJECT,
  UPDATE_PROJECT,
  UPDATE_SLOT,
  withProblems,
  skillRowsFor,
  skillInputs,
  type CandidateData,
  type ProjectData,
  type ProjectFormData,
  type ProjectFormValues,
  type ProjectListItem,
  type RoleLevelsData,
  type SlotData,
  type SlotFormValues,
  type SkillRoleLevelData,
} from '../view-models/council-projects.ts';

/** These pages are the requester's: anyone else goes on to other areas' routes (or "page not found"). */
function requesterOnly(req: Request, _res: Response, next: NextFunction): void {
  next(viewerOf(req).role === 'COUNCIL_REQUESTER' ? undefined : 'router');
}

const id = (req: Request, name = 'id') => String(req.params[name]);
const projectPath = (pid: string) => `/projects/${encodeURIComponent(pid)}`;

/** One-off notices after a redirect (post/redirect/get): ?done=<key>. */
const NOTICES: Record<string, string> = {
  created: 'Project created. Now add the roles it needs.',
  submitted: 'Project submitted for review by the pool’s programme lead.',
  withdrawn: 'Project withdrawn. It is a draft again.',
  'slot-removed': 'Role removed.',
};

export function councilProjectRoutes({ operations, render }: WebDeps): Router {
  const router = Router();
  router.use(['/projects', '/projects/*splat'], requireSignIn, requesterOnly);

  const loadProject = (req: Request, res: Response, pid: string) => operations.query<{ project: ProjectData }>(req, res, PROJECT_QUERY, { id: pid }).then((d) => d.project);

  // ---- the list -------------------------------------------------------------
  router.get('/projects', async (req, res) => {
    const viewer = viewerOf(req);
    const projects: ProjectListItem[] = [];
    let after: string | null = null;
    do {
      const d: { projects: { nodes: ProjectListItem[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await operations.query(req, res, PROJECTS_QUERY, {
        filter: { councilId: viewer.councilId },
        after,
      });
      projects.push(...d.projects.nodes);
      after = d.projects.pageInfo.hasNextPage ? d.projects.pageInfo.endCursor : null;
    } while (after);
    const groups = projectGroups(projects, viewer.councilId);
    render(res, 'council/projects.njk', { pageTitle: 'Your council’s projects', groups, total: projects.length });
  });

  // ---- the project's fields ------------------------------------------------------
  const renderProjectForm = async (req: Request, res: Response, values: ProjectFormValues, errors: FormErrors, project: ProjectData | null, status = 200) => {
    const data = await operations.query<ProjectFormData>(req, res, PROJECT_FORM_QUERY);
    render(
      res,
      'council/project-form.njk',
      {
        pageTitle: project ? `Change ${project.title}` : 'Ask for squad support',
        project,
        values,
        options: projectFormOptions(data, values),
        startItems: dateItems(values.start, !!errors.fields['start-day']),
        endItems: dateItems(values.end, !!errors.fields['end-day']),
        errors,
        backHref: project ? `${projectPath(project.id)}/check` : '/projects',
      },
      status,
    );
  };

  const emptyProject: ProjectFormValues = {
    title: '',
    outcome: '',
    serviceArea: '',
    phase: '',
    priority: '',
    onSiteExpectation: '',
    poolId: '',
    councilIds: [],
    start: { day: '', month: '', year: '' },
    end: { day: '', month: '', year: '' },
  };

  router.get('/projects/new', async (req, res) => {
    const data = await operations.query<ProjectFormData>(req, res, PROJECT_FORM_QUERY);
    const own = data.me.council?.gssCode;
    const pools = data.pools.filter((p) => p.footprint.some((c) => c.gssCode === own));
    // One pool to ask: chosen already (the user can still see which).
    await renderProjectForm(req, res, { ...emptyProject, poolId: pools.length === 1 ? pools[0]!.id : '' }, noErrors(), null);
  });

  router.post('/projects/new', async (req, res) => {
    const values = projectFormValues(req.body as Record<string, unknown>);
    const { input, problems } = projectInput(values);
    let errors = noErrors();
    if (!problems.length) {
      const r = await operations.run<{ createProject: { id: string } }>(req, res, CREATE_PROJECT, { input });
      if (r.data?.createProject) {
        res.redirect(303, `${projectPath(r.data.createProject.id)}/slots/new?done=created`);
        return;
      }
      errors = formErrorsFrom(r.errors, projectFieldMap(values.councilIds.length), PROJECT_MESSAGES);
    }
    await renderProjectForm(req, res, values, withProblems(errors, problems), null, 400);
  });

  router.get('/projects/:id/edit', async (req, res) => {
    const project = await loadProject(req, res, id(req));
    if (!project.editable) return res.redirect(303, projectPath(project.id));
    await renderProjectForm(req, res, projectFormValuesOf(project), noErrors(), project);
  });

  router.post('/projects/:id/edit', async (req, res) => {
    const project = await loadProject(req, res, id(req));
    const values = projectFormValues(req.body as Record<string, unknown>);
    const { input, problems } = projectInput(values);
    let errors = noErrors();
    if (!problems.length) {
      const r = await operations.run(req, res, UPDATE_PROJECT, { id: project.id, input });
      if (!r.errors.length) return res.redirect(303, `${projectPath(project.id)}/check`);
      errors = formErrorsFrom(r.errors, projectFieldMap(values.councilIds.length), PROJECT_MESSAGES);
    }
    await renderProjectForm(req, res, values, withProblems(errors, problems), project, 400);
  });

  // ---- slots ---------------------------------------------------------------------
  const renderSlotForm = async (req: Request, res: Response, project: ProjectData, slot: SlotData | null, values: SlotFormValues, errors: FormErrors, status = 200) => {
    const roles = await operations.query<RoleLevelsData>(req, res, ROLE_LEVELS_QUERY);
    render(
      res,
      'council/slot-form.njk',
      {
        pageTitle: slot ? `Change the ${slot.roleLevel.name} slot` : 'Add a role the project needs',
        project,
        slot,
        values,
        roleGroups: roleLevelGroups(roles, values.roleLevelId),
        startItems: dateItems(values.start, !!errors.fields['start-day']),
        endItems: dateItems(values.end, !!errors.fields['end-day']),
        errors,
        notice: NOTICES[String(req.query.done ?? '')] ?? null,
        backHref: project.slots.length ? `${projectPath(project.id)}/check` : `${projectPath(project.id)}/edit`,
      },
      status,
    );
  };

  router.get('/projects/:id/slots/new', async (req, res) => {
    const project = await loadProject(req, res, id(req));
    if (!project.editable) return res.redirect(303, projectPath(project.id));
    await renderSlotForm(req, res, project, null, { roleLevelId: '', daysPerWeek: '', headcount: '1', start: { day: '', month: '', year: '' }, end: { day: '', month: '', year: '' } }, noErrors());
  });

  router.post('/projects/:id/slots/new', async (req, res) => {
    const project = await loadProject(req, res, id(req));
    const values = slotFormValues(req.body as Record<string, unknown>);
    const { input, problems } = slotInput(values);
    let errors = noErrors();
    if (!problems.length) {
      const r = await operations.run<{ addProjectSlot: { slots: { id: string }[] } }>(req, res, ADD_SLOT, { projectId: project.id, input });
      if (r.data?.addProjectSlot) return res.redirect(303, `${projectPath(project.id)}/check`);
      errors = formErrorsFrom(r.errors, SLOT_FIELD_MAP);
    }
    await renderSlotForm(req, res, project, null, values, withProblems(errors, problems), 400);
  });

  const slotOf = (project: ProjectData, sid: string) => project.slots.find((s) => s.id === sid) ?? null;

  router.get('/projects/:id/slots/:slotId/edit', async (req, res, next) => {
    const project = await loadProject(req, res, id(req));
    const slot = slotOf(project, id(req, 'slotId'));
    if (!slot) return next();
    if (!project.editable) return res.redirect(303, projectPath(project.id));
    await renderSlotForm(req, res, project, slot, slotFormValuesOf(slot), noErrors());
  });

  router.post('/projects/:id/slots/:slotId/edit', async (req, res, next) => {
    const project = await loadProject(req, res, id(req));
    const slot = slotOf(project, id(req, 'slotId'));
    if (!slot) return next();
    const values = slotFormValues(req.body as Record<string, unknown>);
    const { input, problems } = slotInput(values);
    let errors = noErrors();
    if (!problems.length) {
      const r = await operations.run(req, res, UPDATE_SLOT, { projectId: project.id, slotId: slot.id, input });
      if (!r.errors.length) return res.redirect(303, `${projectPath(project.id)}/check`);
      errors = formErrorsFrom(r.errors, SLOT_FIELD_MAP);
    }
    await renderSlotForm(req, res, project, slot, values, withProblems(errors, problems), 400);
  });

  // The slot's skills: the role level's expected ones (and any already chosen), each required, desired or not needed, at a proficiency.
  const renderSkills = async (req: Request, res: Response, project: ProjectData, slot: SlotData, body: Record<string, unknown> | null, errors: FormErrors, status = 200) => {
    const rl = await operations.query<SkillRoleLevelData>(req, res, ROLE_LEVEL_SKILLS_QUERY, { id: slot.roleLevel.id });
    render(
      res,
      'council/slot-skills.njk',
      { pageTitle: `Skills for the ${slot.roleLevel.name} slot`, project, slot, rows: skillRowsFor(rl, slot, body), proficiencies: PROFICIENCY_LABELS, errors, backHref: `${projectPath(project.id)}/check` },
      status,
    );
  };

  router.get('/projects/:id/slots/:slotId/skills', async (req, res, next) => {
    const project = await loadProject(req, res, id(req));
    const slot = slotOf(project, id(req, 'slotId'));
    if (!slot) return next();
    if (!project.editable) return res.redirect(303, projectPath(project.id));
    await renderSkills(req, res, project, slot, null, noErrors());
  });

  router.post('/projects/:id/slots/:slotId/skills', async (req, res, next) => {
    const project = await loadProject(req, res, id(req));
    const slot = slotOf(project, id(req, 'slotId'));
    if (!slot) return next();
    const body = req.body as Record<string, unknown>;
    const r = await operations.run(req, res, UPDATE_SLOT, { projectId: project.id, slotId: slot.id, input: skillInputs(body) });
    if (!r.errors.length) return res.redirect(303, `${projectPath(project.id)}/check`);
    await renderSkills(req, res, project, slot, body, formErrorsFrom(r.errors, {}), 400);
  });

  router.post('/projects/:id/slots/:slotId/remove', async (req, res) => {
    const pid = id(req);
    const r = await operations.run(req, res, REMOVE_SLOT, { projectId: pid, slotId: id(req, 'slotId') });
    if (!r.errors.length) return res.redirect(303, `${projectPath(pid)}/check?done=slot-removed`);
    const project = await loadProject(req, res, pid);
    renderCheck(res, project, formErrorsFrom(r.errors, {}), null, 400);
  });

  // ---- check your answers, submit -----------------------------------------------------
  const renderCheck = (res: Response, project: ProjectData, errors: FormErrors, notice: string | null, status = 200) => {
    render(
      res,
      'council/check.njk',
      {
        pageTitle: `Check your answers: ${project.title}`,
        project,
        summary: projectSummary(project),
        slots: project.slots.map(slotSummary),
        maySubmit: project.nextStatuses.includes('SUBMITTED'),
        errors,
        notice,
      },
      status,
    );
  };

  router.get('/projects/:id/check', async (req, res) => {
    const project = await loadProject(req, res, id(req));
    if (!project.editable) return res.redirect(303, projectPath(project.id));
    renderCheck(res, project, noErrors(), NOTICES[String(req.query.done ?? '')] ?? null);
  });

  router.post('/projects/:id/submit', async (req, res) => {
    const pid = id(req);
    const r = await operations.run(req, res, TRANSITION_PROJECT, { id: pid, to: 'SUBMITTED' });
    if (!r.errors.length) return res.redirect(303, `${projectPath(pid)}?done=submitted`);
    const project = await loadProject(req, res, pid);
    renderCheck(res, project, formErrorsFrom(r.errors, {}), null, 400);
  });

  router.post('/projects/:id/withdraw', async (req, res) => {
    const pid = id(req);
    const r = await operations.run(req, res, TRANSITION_PROJECT, { id: pid, to: 'DRAFT' });
    if (!r.errors.length) return res.redirect(303, `${projectPath(pid)}/check?done=withdrawn`);
    await renderProjectPage(req, res, await loadProject(req, res, pid), formErrorsFrom(r.errors, {}), null, 400);
  });

  // ---- the project page ------------------------------------------------------------------
  const renderProjectPage = async (req: Request, res: Response, project: ProjectData, errors: FormErrors, notice: string | null, status = 200) => {
    // Each slot's candidates, exactly as the API ranks and labels them for this requester.
    const candidates = await Promise.all(
      project.slots.map(async (s) => {
        const r = await operations.run<{ slotCandidates: CandidateData }>(req, res, SLOT_CANDIDATES_QUERY, { projectId: project.id, slotId: s.id });
        return r.data?.slotCandidates ? { ok: true as const, ...candidateRows(r.data.slotCandidates) } : { ok: false as const, message: r.errors[0]?.message ?? 'Candidates are not available' };
      }),
    );
    render(
      res,
      'council/project.njk',
      {
        pageTitle: project.title,
        project,
        statusLabel: STATUS_LABELS[project.status],
        statusTag: STATUS_TAG_CLASSES[project.status],
        summary: projectSummary(project),
        slots: project.slots.map((s, i) => ({ ...slotSummary(s), candidates: candidates[i] })),
        history: statusHistoryRows(project),
        mayWithdraw: project.status === 'SUBMITTED' && project.nextStatuses.includes('DRAFT'),
        errors,
        notice,
      },
      status,
    );
  };

  router.get('/projects/:id', async (req, res) => {
    const project = await loadProject(req, res, id(req));
    await renderProjectPage(req, res, project, noErrors(), NOTICES[String(req.query.done ?? '')] ?? null);
  });

  return router;
}

