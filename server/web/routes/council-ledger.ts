// GET /ledger: a council requester's give-and-take ledger (councilLedger),
// a year at a time (?year=), as a table and a server-drawn bar chart.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebDeps } from '../index.ts';
import { requireSignIn, viewerOf } from '../session.ts';
import { now } from '../../clock.ts';
import { COUNCIL_LEDGER_QUERY, ledgerVariables, ledgerView, ledgerYear, type CouncilLedgerData } from '../view-models/council-ledger.ts';

function requesterOnly(req: Request, _res: Response, next: NextFunction): void {
  next(viewerOf(req).role === 'COUNCIL_REQUESTER' && viewerOf(req).councilId ? undefined : 'router');
}

export function councilLedgerRoutes({ operations, render }: WebDeps): Router {
  const router = Router();
  router.get('/ledger', requireSignIn, requesterOnly, async (req, res) => {
    const thisYear = now().getUTCFullYear();
    const year = ledgerYear(req.query.year, thisYear);
    const data = await operations.query<CouncilLedgerData>(req, res, COUNCIL_LEDGER_QUERY, ledgerVariables(viewerOf(req).councilId!, year));
    render(res, 'council/ledger.njk', ledgerView(data, year, thisYear));
  });
  return router;
}
