// The programme lead's pool pages: /pool/plans (run a programme plan, the saved
// plans, two side by side, commit one), /pool/agreements (the queue and the
// pool's decisions), /pool/ledger (chart and table) and /pool/contracts (the
// pool's central contracts, their moves, a proposal). The pool is the lead's
// own (me.pool); every read and change is a GraphQL operation run as them.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { requireSignIn, viewerOf } from '../session.ts';
import { OperationFailed } from '../operations.ts';
import { formErrorsFrom, noErrors, type FormErrors } from '../view-models/form-errors.ts';
import { datePartsFrom, doneMessage, isoFromParts, noDate, partsFromIso } from '../view-models/govuk-display.ts';
import { now } from '../../clock.ts';
import {
  AGREEMENTS_DONE,
  agreementsQueueView,
  COMMIT_PLAN,
  COMPARE_QUERY,
  compareView,
  CONTRACT_STATUSES,
  contractFormFrom,
  contractInput,
  CONTRACTS_DONE,
  contractsView,
  emptyContractForm,
  emptyPlanForm,
  LEAD_APPROVE,
  LEAD_DECLINE,
  leadDeclineErrors,
  ledgerErrors,
  ledgerView,
  MY_POOL_QUERY,
  PLAN_QUERY,
  planErrors,
  planFormFrom,
  planMissingRequired,
  PLANS_DONE,
  PLANS_QUERY,
  plansView,
  planVariables,
  planView,
  POOL_AGREEMENTS_QUERY,
  POOL_CONTRACTS_QUERY,
  POOL_LEDGER_QUERY,
  POOL_PRACTITIONERS_QUERY,
  PROPOSE_CONTRACT,
  proposeErrors,
  proposeView,
  RUN_PLAN,
  TRANSITION_CONTRACT,
  yearOf,
  type CompareData,
  type ContractForm,
  type MyPoolData,
  type PlanDetail,
  type PlanForm,
  type PlansData,
  type PoolAgreementsData,
  type PoolContractsData,
  type PoolLedgerData,
  type PoolPractitionersData,
} from '../view-models/pool-lead.ts';

const notFound = () => new OperationFailed([{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }]);

/** These pages are a programme lead's, for their own pool; anyone else gets "page not found". */
function requireLead(req: Request, _res: Response, next: NextFunction): void {
  if (viewerOf(req).role === 'PROGRAMME_LEAD' && viewerOf(req).poolId) next();
  else next(notFound());
}

const param = (req: Request, name: string) => String(req.params[name] ?? '');
const queryString = (v: unknown) => (typeof v === 'string' ? v : '');

export function poolLeadRoutes({ operations, render }: WebDeps): Router {
  const router = Router();
  const gate = [requireSignIn, requireLead];

  const myPool = async (req: Request, res: Response) => {
    const data = await operations.query<MyPoolData>(req, res, MY_POOL_QUERY);
    if (!data.me.pool) throw notFound();
    return data.me.pool;
  };

  // ---- /pool/plans ----------------------------------------------------------------
  const showPlans = async (req: Request, res: Response, form: PlanForm, errors: FormErrors, status = 200) => {
    const pool = await myPool(req, res);
    const data = await operations.query<PlansData>(req, res, PLANS_QUERY, { poolId: pool.id });
    render(res, 'pool-lead/plans.njk', plansView(pool, data, form, errors, status === 200 ? doneMessage(PLANS_DONE, req.query.done) : null), status);
  };

  router.get('/pool/plans', ...gate, async (req, res) => {
    await showPlans(req, res, emptyPlanForm(), noErrors());
  });

  router.post('/pool/plans', ...gate, async (req, res) => {
    const form = planFormFrom(req.body as Record<string, unknown>);
    if (planMissingRequired(form)) {
      await showPlans(req, res, form, planErrors(form, []), 400);
      return;
    }
    const pool = await myPool(req, res);
    const r = await operations.run<{ planProgramme: { id: string } }>(req, res, RUN_PLAN, planVariables(pool.id, form));
    if (r.data?.planProgramme && !r.errors.length) {
      res.redirect(303, `/pool/plans/${encodeURIComponent(r.data.planProgramme.id)}`);
      return;
    }
    await showPlans(req, res, form, planErrors(form, r.errors), 400);
  });

  // Before /pool/plans/:id, so "compare" is not taken for an id.
  router.get('/pool/plans/compare', ...gate, async (req, res) => {
    const a = queryString(req.query.a);
    const b = queryString(req.query.b);
    if (!a || !b || a === b) {
      const pool = await myPool(req, res);
      const data = await operations.query<PlansData>(req, res, PLANS_QUERY, { poolId: pool.id });
      const errors = noErrors();
      errors.summary.push({ text: a && a === b ? 'Choose two different plans to compare' : 'Choose two plans to compare', href: a ? '#compare-b' : '#compare-a' });
      render(res, 'pool-lead/plans.njk', plansView(pool, data, emptyPlanForm(), errors, null, { a, b }), 400);
      return;
    }
    const data = await operations.query<CompareData>(req, res, COMPARE_QUERY, { a, b });
    render(res, 'pool-lead/compare.njk', compareView(data));
  });

  const loadPlan = async (req: Request, res: Response) => (await operations.query<{ plan: PlanDetail }>(req, res, PLAN_QUERY, { id: param(req, 'id') })).plan;

  router.get('/pool/plans/:id', ...gate, async (req, res) => {
    render(res, 'pool-lead/plan.njk', planView(await loadPlan(req, res), doneMessage(PLANS_DONE, req.query.done)));
  });

  router.get('/pool/plans/:id/commit', ...gate, async (req, res) => {
    const plan = await loadPlan(req, res);
    if (plan.status !== 'DRAFT') {
      res.redirect(303, `/pool/plans/${encodeURIComponent(plan.id)}`);
      return;
    }
    render(res, 'pool-lead/commit.njk', { ...planView(plan, null), pageTitle: `Commit ${plan.name}` });
  });

  router.post('/pool/plans/:id/commit', ...gate, async (req, res) => {
    const r = await operations.run(req, res, COMMIT_PLAN, { id: param(req, 'id') });
    if (!r.errors.length) {
      res.redirect(303, `/pool/plans/${encodeURIComponent(param(req, 'id'))}?done=committed`);
      return;
    }
    const plan = await loadPlan(req, res);
    render(res, 'pool-lead/commit.njk', { ...planView(plan, null, formErrorsFrom(r.errors, {})), pageTitle: `Commit ${plan.name}` }, 400);
  });

  // ---- /pool/agreements -------------------------------------------------------------
  const showAgreements = async (req: Request, res: Response, errors: FormErrors, declining: { id: string; reason: string } | null, status = 200) => {
    const pool = await myPool(req, res);
    const data = await operations.query<PoolAgreementsData>(req, res, POOL_AGREEMENTS_QUERY, { poolId: pool.id, statuses: ['DRAFT', 'AWAITING_APPROVALS', 'ACTIVE'] });
    const awaiting = { agreements: { ...data.agreements, nodes: data.agreements.nodes.filter((a) => a.status !== 'ACTIVE' || a.pendingVersion) } };
    render(res, 'pool-lead/agreements.njk', agreementsQueueView(pool, awaiting, status === 200 ? doneMessage(AGREEMENTS_DONE, req.query.done) : null, errors, declining), status);
  };

  router.get('/pool/agreements', ...gate, async (req, res) => {
    await showAgreements(req, res, noErrors(), null);
  });

  router.post('/pool/agreements/:id/approve', ...gate, async (req, res) => {
    const r = await operations.run(req, res, LEAD_APPROVE, { id: param(req, 'id') });
    if (!r.errors.length) {
      res.redirect(303, '/pool/agreements?done=approved');
      return;
    }
    await showAgreements(req, res, formErrorsFrom(r.errors, {}), null, 400);
  });

  router.post('/pool/agreements/:id/decline', ...gate, async (req, res) => {
    const id = param(req, 'id');
    const reason = typeof req.body?.reason === 'string' ? (req.body.reason as string) : '';
    const r = await operations.run(req, res, LEAD_DECLINE, { id, reason });
    if (!r.errors.length) {
      res.redirect(303, '/pool/agreements?done=declined');
      return;
    }
    await showAgreements(req, res, leadDeclineErrors(id, r.errors), { id, reason }, 400);
  });

  // ---- /pool/ledger -------------------------------------------------------------------
  router.get('/pool/ledger', ...gate, async (req, res) => {
    const pool = await myPool(req, res);
    const q = req.query as Record<string, unknown>;
    const year = yearOf(now().toISOString().slice(0, 10));
    let form = { from: datePartsFrom(q, 'from'), to: datePartsFrom(q, 'to') };
    if (noDate(form.from) && noDate(form.to)) form = { from: partsFromIso(year.from), to: partsFromIso(year.to) };
    const vars = { poolId: pool.id, from: isoFromParts(form.from), to: isoFromParts(form.to) };
    const r = await operations.run<PoolLedgerData>(req, res, POOL_LEDGER_QUERY, vars);
    if (r.data && !r.errors.length) {
      render(res, 'pool-lead/ledger.njk', ledgerView(r.data, form, noErrors()));
      return;
    }
    // A period the API refuses: the errors on the form, with the default year's figures below it.
    if (r.errors.some((e) => e.extensions?.code !== 'BAD_USER_INPUT')) throw new OperationFailed(r.errors);
    const fallback = await operations.query<PoolLedgerData>(req, res, POOL_LEDGER_QUERY, { poolId: pool.id, ...year });
    render(res, 'pool-lead/ledger.njk', ledgerView(fallback, form, ledgerErrors(r.errors)), 400);
  });

  // ---- /pool/contracts ------------------------------------------------------------------
  const statusFilter = (v: unknown) => (CONTRACT_STATUSES as readonly string[]).includes(queryString(v)) ? queryString(v) : null;

  const showContracts = async (req: Request, res: Response, status: string | null, errors: FormErrors, code = 200) => {
    const pool = await myPool(req, res);
    const data = await operations.query<PoolContractsData>(req, res, POOL_CONTRACTS_QUERY, { poolId: pool.id, statuses: status ? [status] : null });
    render(res, 'pool-lead/contracts.njk', contractsView(pool, data, status, code === 200 ? doneMessage(CONTRACTS_DONE, req.query.done) : null, errors), code);
  };

  router.get('/pool/contracts', ...gate, async (req, res) => {
    await showContracts(req, res, statusFilter(req.query.status), noErrors());
  });

  router.post('/pool/contracts/:id/transition', ...gate, async (req, res) => {
    const status = statusFilter(req.body?.status);
    const r = await operations.run(req, res, TRANSITION_CONTRACT, { id: param(req, 'id'), to: queryString(req.body?.to) });
    if (!r.errors.length) {
      res.redirect(303, `/pool/contracts?done=moved${status ? `&status=${status}` : ''}`);
      return;
    }
    await showContracts(req, res, status, formErrorsFrom(r.errors, {}), 400);
  });

  const showPropose = async (req: Request, res: Response, form: ContractForm, errors: FormErrors, status = 200) => {
    const pool = await myPool(req, res);
    const data = await operations.query<PoolPractitionersData>(req, res, POOL_PRACTITIONERS_QUERY, { poolId: pool.id });
    render(res, 'pool-lead/propose-contract.njk', proposeView(pool, data, form, errors), status);
  };

  router.get('/pool/contracts/new', ...gate, async (req, res) => {
    await showPropose(req, res, emptyContractForm(), noErrors());
  });

  router.post('/pool/contracts/new', ...gate, async (req, res) => {
    const form = contractFormFrom(req.body as Record<string, unknown>);
    const pool = await myPool(req, res);
    const { input, errors } = contractInput(pool.id, form);
    if (!input) {
      await showPropose(req, res, form, errors, 400);
      return;
    }
    const r = await operations.run(req, res, PROPOSE_CONTRACT, { input });
    if (!r.errors.length) {
      res.redirect(303, '/pool/contracts?done=proposed&status=PROPOSED');
      return;
    }
    await showPropose(req, res, form, proposeErrors(r.errors), 400);
  });

  return router;
}
