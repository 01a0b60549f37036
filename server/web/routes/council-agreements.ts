// GET /agreements: a council requester's agreements (their council home or
// host), those waiting for their decision with approve and decline forms;
// POST /agreements/:id/approve and /agreements/:id/decline. Each links to
// its document (/agreements/:id/document.html, served by server/http).
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { requireSignIn, viewerOf } from '../session.ts';
import { addFieldError, formErrorsFrom, noErrors, type FormErrors } from '../view-models/form-errors.ts';
import { agreementRows, APPROVE_AGREEMENT, COUNCIL_AGREEMENTS_QUERY, DECLINE_AGREEMENT, type AgreementItem } from '../view-models/council-agreements.ts';

function requesterOnly(req: Request, _res: Response, next: NextFunction): void {
  next(viewerOf(req).role === 'COUNCIL_REQUESTER' ? undefined : 'router');
}

const NOTICES: Record<string, string> = { approved: 'Agreement approved.', declined: 'Agreement declined.' };

export function councilAgreementRoutes({ operations, render }: WebDeps): Router {
  const router = Router();
  router.use(['/agreements', '/agreements/*splat'], requireSignIn, requesterOnly);

  const renderList = async (req: Request, res: Response, errors: FormErrors, reasons: Record<string, string>, notice: string | null, status = 200) => {
    const viewer = viewerOf(req);
    const items: AgreementItem[] = [];
    let after: string | null = null;
    do {
      const d: { agreements: { nodes: AgreementItem[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await operations.query(req, res, COUNCIL_AGREEMENTS_QUERY, {
        councilId: viewer.councilId,
        after,
      });
      items.push(...d.agreements.nodes);
      after = d.agreements.pageInfo.hasNextPage ? d.agreements.pageInfo.endCursor : null;
    } while (after);
    const rows = agreementRows(items, viewer.councilId);
    render(res, 'council/agreements.njk', { pageTitle: 'Agreements', waiting: rows.filter((r) => r.awaitingMe), rows, errors, reasons, notice }, status);
  };

  router.get('/agreements', async (req, res) => {
    await renderList(req, res, noErrors(), {}, NOTICES[String(req.query.done ?? '')] ?? null);
  });

  router.post('/agreements/:id/approve', async (req, res) => {
    const r = await operations.run(req, res, APPROVE_AGREEMENT, { id: String(req.params.id) });
    if (!r.errors.length) return res.redirect(303, '/agreements?done=approved');
    await renderList(req, res, formErrorsFrom(r.errors, {}), {}, null, 400);
  });

  router.post('/agreements/:id/decline', async (req, res) => {
    const aid = String(req.params.id);
    const raw = (req.body as Record<string, unknown>).reason;
    const reason = typeof raw === 'string' ? raw.trim() : '';
    const field = { id: `reason-${aid}`, label: 'Reason' };
    if (!reason) {
      await renderList(req, res, addFieldError(noErrors(), field, 'Enter why you are declining the agreement'), { [aid]: '' }, null, 400);
      return;
    }
    const r = await operations.run(req, res, DECLINE_AGREEMENT, { id: aid, reason });
    if (!r.errors.length) return res.redirect(303, '/agreements?done=declined');
    await renderList(req, res, formErrorsFrom(r.errors, { reason: field }), { [aid]: reason }, null, 400);
  });

  return router;
}
