// GET /agreements/:id/document.html and .md (?version=N): an agreement as a
// document to save or print, for the same people who may read it over
// GraphQL, signed in as every file is (./file-request.ts). HTML is served with a Content
// Security Policy that allows no scripts, on top of the escaping in
// server/agreements/render.ts.
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { DomainError } from '../errors.ts';
import { agreementDocument, getAgreement } from '../services/agreements.ts';
import { canReadAgreement } from '../agreements/agreement-access.ts';
import { sendFileError, viewerOfFileRequest } from './file-request.ts';

const FILE = /^document\.(html|md)$/;
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function agreementDocumentRoute(config: Config): RequestHandler {
  return async (req: Request, res: Response, next) => {
    try {
      const file = FILE.exec(String(req.params.file));
      if (!file) throw new DomainError('NOT_FOUND', 'Documents are at /agreements/<id>/document.html or document.md');
      const viewer = await viewerOfFileRequest(req, res, config);
      if (!viewer) return;
      const raw = req.query.version;
      if (raw !== undefined && (typeof raw !== 'string' || !/^[1-9]\d{0,3}$/.test(raw))) throw new DomainError('BAD_USER_INPUT', 'must be a version number', ['version']);
      const doc = await getAgreement(String(req.params.id));
      if (!canReadAgreement(viewer, { poolId: doc.poolId, homeCouncilId: doc.homeCouncilId, hostCouncilIds: doc.hostCouncilIds, practitionerId: String(doc.practitionerId) })) {
        throw new DomainError('FORBIDDEN', 'You are not allowed to do this');
      }
      const html = file[1] === 'html';
      const text = await agreementDocument(doc, html ? 'HTML' : 'MARKDOWN', raw === undefined ? null : Number(raw));
      res.set({
        'Content-Type': html ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8',
        'Content-Disposition': `inline; filename="agreement-${String(doc._id)}${raw ? `-v${raw}` : ''}.${file[1]}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        ...(html ? { 'Content-Security-Policy': CSP } : {}),
      });
      res.send(text);
    } catch (err) {
      if (err instanceof DomainError) sendFileError(res, err);
      else next(err);
    }
  };
}
