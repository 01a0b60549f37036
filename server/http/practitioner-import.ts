// Importing practitioners from a spreadsheet over HTTP:
//   GET  /imports/practitioners/template.csv | template.xlsx: the columns to fill in;
//   POST /imports/practitioners[?dryRun=true]: the file as the body, Content-Type
//        text/csv or the XLSX type, at most IMPORT_MAX_BODY_BYTES (413 beyond).
// The answer is { created, updated, unchanged, dryRun, errors }; a bad file is
// 400 BAD_USER_INPUT with every error (row, column, field, message) and
// nothing written. The import takes a Bearer token (./file-request.ts); the
// templates are open to anyone (they hold nothing but column names).
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Config } from '../config.ts';
import { badInput, DomainError } from '../errors.ts';
import { importErrorsOf, importPractitioners } from '../services/practitioner-import.ts';
import { templateColumns } from '../practitioners/practitioner-import.ts';
import { CSV_TYPE, XLSX_TYPE, readCsv, readXlsx, toCsv, toXlsx } from '../practitioners/spreadsheet.ts';
import { sendFileError, viewerOfFileRequest } from './file-request.ts';

const CSV_TYPES = [CSV_TYPE, 'application/csv'];

function sendTemplate(format: string, res: Response): Promise<void> | void {
  const cols = templateColumns();
  const headers = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
  if (format === 'csv') {
    res.set({ ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="practitioners-template.csv"' });
    res.send(toCsv([cols.map((c) => c.header)]));
    return;
  }
  // The workbook's second sheet says how to fill each column in; an import reads the first only.
  return toXlsx(
    { name: 'Practitioners', rows: [cols.map((c) => c.header)] },
    { name: 'How to fill it in', rows: [['Column', 'What to write', 'Example'], ...cols.map((c) => [c.header, c.help, c.example])] },
  ).then((buffer) => {
    res.set({ ...headers, 'Content-Type': XLSX_TYPE, 'Content-Disposition': 'attachment; filename="practitioners-template.xlsx"' });
    res.send(buffer);
  });
}

function dryRunOf(req: Request): boolean {
  const raw = req.query.dryRun;
  if (raw === undefined) return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw badInput(['dryRun'], 'must be true or false');
}

export function practitionerImportRouter(config: Config): Router {
  const router = express.Router();
  router.get('/imports/practitioners/:file', (req, res, next) => {
    const m = /^template\.(csv|xlsx)$/.exec(String(req.params.file));
    if (!m) {
      sendFileError(res, new DomainError('NOT_FOUND', 'The templates are /imports/practitioners/template.csv and template.xlsx'));
      return;
    }
    Promise.resolve(sendTemplate(m[1]!, res)).catch(next);
  });

  const body = express.raw({ type: [...CSV_TYPES, XLSX_TYPE], limit: config.IMPORT_MAX_BODY_BYTES });
  const handler: RequestHandler = async (req, res, next) => {
    try {
      // A Bearer token only: a session cookie would let another site's page post a file in a signed-in browser's name.
      if (!req.headers.authorization) throw new DomainError('UNAUTHENTICATED', 'Log in first: send "Authorization: Bearer <token>"');
      const viewer = await viewerOfFileRequest(req, res, config);
      if (!viewer) return;
      const dryRun = dryRunOf(req);
      if (!Buffer.isBuffer(req.body)) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Send the file as the body with Content-Type ${CSV_TYPE} or ${XLSX_TYPE}`, ['Content-Type']);
      }
      const xlsx = req.is(XLSX_TYPE) === XLSX_TYPE;
      const table = xlsx ? await readXlsx(req.body) : readCsv(decodeUtf8(req.body));
      res.json(await importPractitioners(viewer, table, { dryRun }));
    } catch (err) {
      const errors = importErrorsOf(err);
      if (errors) {
        // The answer's own shape, each error also in the GraphQL one (extensions.code, extensions.field).
        res.status(400).json({
          created: 0,
          updated: 0,
          unchanged: 0,
          errors: errors.map((e) => ({ ...e, extensions: { code: 'BAD_USER_INPUT', field: ['file', ...(e.row === null ? [] : ['rows', e.row]), ...(e.field ?? [])] } })),
        });
      } else if (err instanceof DomainError) sendFileError(res, err);
      else next(err);
    }
  };
  // A body over the limit: 413 with a code, before the handler runs.
  const tooLarge = (err: { type?: string }, _req: Request, res: Response, next: express.NextFunction) => {
    if (err.type !== 'entity.too.large') return next(err);
    sendFileError(res, new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than ${config.IMPORT_MAX_BODY_BYTES} bytes, the limit (IMPORT_MAX_BODY_BYTES): split it`, ['file'], { limitBytes: config.IMPORT_MAX_BODY_BYTES }));
  };
  router.post('/imports/practitioners', body, tooLarge, handler);
  return router;
}

function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw badInput(['file'], 'is not UTF-8 text: save the CSV as "CSV UTF-8"');
  }
}
