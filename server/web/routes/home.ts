// GET /: what awaits the signed-in user's decision.
import { Router } from 'express';
import type { WebDeps } from '../index.ts';
import { requireSignIn, viewerOf } from '../session.ts';
import { AWAITING_DECISION_QUERY, HOME_ROWS, homeView, type AwaitingDecisionData } from '../view-models/home.ts';

export function homeRoutes({ operations, render }: WebDeps): Router {
  const router = Router();
  router.get('/', requireSignIn, async (req, res) => {
    const data = await operations.query<AwaitingDecisionData>(req, res, AWAITING_DECISION_QUERY, { first: HOME_ROWS });
    render(res, 'home.njk', homeView(viewerOf(req).role, data));
  });
  return router;
}
