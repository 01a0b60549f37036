// GET /pools/:poolId/recharges.csv and recharges.html (?from&to&councilId): a
// pool's recharge statement as a file finance can invoice from, for the same
// people and with the same scope as the rechargeStatement query
// (server/services/recharges.ts), signed in as every file is
// (./file-request.ts). The CSV's layout is described in
// server/ledger/recharge-document.ts; the HTML is a printable statement
// served with a Content Security Policy that allows no scripts.
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { DomainError } from '../errors.ts';
import { rechargeDocument } from '../services/recharges.ts';
import { RECHARGE_CSV_HEADER, rechargeCsvRows, renderRechargeHtml } from '../ledger/recharge-document.ts';
import { sendFileError, viewerOfFileRequest } from './file-request.ts';
import { csvResponse, type CsvColumn, type CsvValue } from './csv.ts';

/** The statement's rows are already cells in the header's order (server/ledger/recharge-document.ts). */
const COLUMNS: CsvColumn<unknown[]>[] = RECHARGE_CSV_HEADER.map((header, i) => ({ header, value: (row) => row[i] as CsvValue }));

const FILE = /^recharges\.(csv|html)$/;
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A query parameter given once as text ('' when absent, so the period check names the field). */
function param(req: Request, name: string): string {
  const v = req.query[name];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new DomainError('BAD_USER_INPUT', 'must be given once', [name]);
  return v;
}

export function rechargesRoute(config: Config): RequestHandler {
  return async (req: Request, res: Response, next) => {
    try {
      const file = FILE.exec(String(req.params.file));
      // Other files under /pools/<id>/ are not this route's.
      if (!file) return next();
      const viewer = await viewerOfFileRequest(req, res, config);
      if (!viewer) return;
      const poolId = String(req.params.poolId);
      const period = { from: param(req, 'from'), to: param(req, 'to') };
      const doc = await rechargeDocument(viewer, poolId, period, param(req, 'councilId') || null);
      const name = `recharges-${poolId}-${doc.from}-${doc.to}${doc.councilId ? `-${doc.councilId}` : ''}`;
      if (file[1] === 'csv') {
        await csvResponse(res, `${name}.csv`, COLUMNS, rechargeCsvRows(doc));
        return;
      }
      res.set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Disposition': `inline; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}.html"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CSP,
      });
      res.send(renderRechargeHtml(doc));
    } catch (err) {
      if (err instanceof DomainError) sendFileError(res, err);
      else next(err);
    }
  };
}
