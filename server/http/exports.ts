// CSV exports over HTTP, for the people who may read the same lists through
// the API (the same permission rule, graphql/permission-rules.ts, and the same
// scoped use-cases, server/services/exports.ts), signed in as every file is
// (./file-request.ts):
//   GET /exports/bookings.csv    ?poolId&councilId&projectId&practitionerId&statuses&from&to
//   GET /exports/agreements.csv  ?poolId&councilId&projectId&practitionerId&statuses
//   GET /exports/audit-log.csv   ?poolId&entityType&entityId&action&from&to  (leads and admins)
//   GET /exports/ledger.csv      ?poolId or councilId (and poolId), from, to
//   GET /exports/capacity.csv    ?poolId&from&to  (demand against supply per ISO week)
// Long lists stream page by page (./csv.ts). Bad parameters answer
// BAD_USER_INPUT naming the parameter.
import express, { type Request, type Response, type Router } from 'express';
import cookieParser from 'cookie-parser';
import type { Config } from '../config.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, DomainError } from '../errors.ts';
import { isValidIsoDate } from '../calendar/iso-week.ts';
import { check } from '../../graphql/permissions.ts';
import { permissionRules } from '../../graphql/permission-rules.ts';
import { createLoaders } from '../../graphql/loaders.ts';
import { BOOKING_STATUSES, type BookingStatus } from '../../models/booking.ts';
import { AGREEMENT_STATUSES, type AgreementStatus } from '../agreements/agreement-status.ts';
import type { AuditEventDoc, AuditedEntity } from '../../models/audit-event.ts';
import { agreementRows, auditRows, bookingRows, capacityRows, ledgerRows, type AgreementRow, type BookingRow, type CapacityRow, type LedgerRow } from '../services/exports.ts';
import { csvResponse, type CsvColumn } from './csv.ts';
import { sendFileError, viewerOfFileRequest } from './file-request.ts';

const days = (units: number) => units / 2;
const pounds = (pence: number) => (pence / 100).toFixed(2);

const BOOKING_COLUMNS: CsvColumn<BookingRow>[] = [
  { header: 'Booking ID', value: (r) => String(r.booking._id) },
  { header: 'Status', value: (r) => r.booking.status },
  { header: 'Project', value: (r) => r.projectTitle },
  { header: 'Project ID', value: (r) => String(r.booking.projectId) },
  { header: 'Practitioner', value: (r) => r.practitionerName },
  { header: 'Practitioner ID', value: (r) => String(r.booking.practitionerId) },
  { header: 'Role level', value: (r) => r.roleLevel },
  { header: 'Home council', value: (r) => r.homeCouncil },
  { header: 'Host councils', value: (r) => r.hostCouncils },
  { header: 'Pool', value: (r) => r.booking.poolId },
  { header: 'Start', value: (r) => r.booking.start },
  { header: 'End', value: (r) => r.booking.end },
  { header: 'Days per week', value: (r) => days(r.booking.unitsPerWeek) },
];

const AGREEMENT_COLUMNS: CsvColumn<AgreementRow>[] = [
  { header: 'Agreement ID', value: (r) => String(r.agreement._id) },
  { header: 'Status', value: (r) => r.agreement.status },
  { header: 'Version in force', value: (r) => r.agreement.activeVersion || null },
  { header: 'Project', value: (r) => r.projectTitle },
  { header: 'Practitioner', value: (r) => r.practitionerName },
  { header: 'Role level', value: (r) => r.terms.roleLevelName },
  { header: 'Home council', value: (r) => r.homeCouncil },
  { header: 'Host councils', value: (r) => r.hostCouncils },
  { header: 'Pool', value: (r) => r.agreement.poolId },
  { header: 'Start', value: (r) => r.terms.start },
  { header: 'End', value: (r) => r.terms.end },
  { header: 'Days per week', value: (r) => r.terms.daysPerWeek },
  { header: 'Weekdays', value: (r) => r.terms.weekdays.join(' ') },
  { header: 'Day rate (£)', value: (r) => pounds(r.terms.dayRatePence) },
  { header: 'Payer', value: (r) => r.terms.payer },
  { header: 'Backfill per day (£)', value: (r) => pounds(r.terms.backfillPerDayPence) },
  { header: 'Review date', value: (r) => r.terms.reviewDate },
  { header: 'Booking ID', value: (r) => String(r.agreement.bookingId) },
];

const AUDIT_COLUMNS: CsvColumn<AuditEventDoc>[] = [
  { header: 'Position', value: (e) => e.seq },
  { header: 'At', value: (e) => e.at },
  { header: 'Action', value: (e) => e.action },
  { header: 'Entity type', value: (e) => e.entityType },
  { header: 'Entity ID', value: (e) => e.entityId },
  { header: 'Pool', value: (e) => e.poolId },
  { header: 'Actor ID', value: (e) => e.actorId },
  { header: 'Actor role', value: (e) => e.actorRole },
  { header: 'Before', value: (e) => (e.before === null ? null : JSON.stringify(e.before)) },
  { header: 'After', value: (e) => (e.after === null ? null : JSON.stringify(e.after)) },
];

const LEDGER_COLUMNS: CsvColumn<LedgerRow>[] = [
  { header: 'Council', value: (r) => r.councilName },
  { header: 'GSS code', value: (r) => r.councilId },
  { header: 'From', value: (r) => r.from },
  { header: 'To', value: (r) => r.to },
  { header: 'Pool', value: (r) => r.poolId },
  { header: 'Days given', value: (r) => r.daysGiven },
  { header: 'Days received', value: (r) => r.daysReceived },
  { header: 'Net days', value: (r) => r.net },
  { header: 'Charges paid (£)', value: (r) => pounds(r.chargesPaidPence) },
  { header: 'Charges received (£)', value: (r) => pounds(r.chargesReceivedPence) },
  { header: 'Backfill received (£)', value: (r) => pounds(r.backfillReceivedPence) },
];

const CAPACITY_COLUMNS: CsvColumn<CapacityRow>[] = [
  { header: 'Pool', value: (r) => r.poolId },
  { header: 'Role family', value: (r) => r.familyName ?? 'All role families' },
  { header: 'Role family ID', value: (r) => r.familyId },
  { header: 'Role level', value: (r) => r.roleLevelName ?? 'All role levels' },
  { header: 'Role level ID', value: (r) => r.roleLevelId },
  { header: 'ISO week', value: (r) => r.week },
  { header: 'Week starting', value: (r) => r.weekStart },
  { header: 'Practitioners', value: (r) => r.practitionerCount },
  { header: 'Capacity (days)', value: (r) => r.capacityDays },
  { header: 'Booked (days)', value: (r) => r.bookedDays },
  { header: 'Free (days)', value: (r) => r.freeDays },
  { header: 'Asked for (days)', value: (r) => r.demandDays },
  { header: 'Filled (days)', value: (r) => r.filledDays },
  { header: 'Unfilled (days)', value: (r) => r.unfilledDays },
];

/** One query parameter as text, or null; refused when repeated or too long. */
function param(req: Request, name: string): string | null {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string') throw badInput([name], 'give it once');
  if (raw.length > 200) throw badInput([name], 'is too long');
  return raw;
}

function date(req: Request, name: string): string | null {
  const v = param(req, name);
  if (v !== null && !isValidIsoDate(v)) throw badInput([name], 'must be a calendar date YYYY-MM-DD');
  return v;
}

function required<T>(v: T | null, name: string): T {
  if (v === null) throw badInput([name], 'is required');
  return v;
}

/** A comma-separated list of statuses, each one of `allowed`. */
function statuses<S extends string>(req: Request, allowed: readonly S[]): S[] | null {
  const v = param(req, 'statuses');
  if (v === null) return null;
  return v.split(',').map((s, i) => {
    if (!allowed.includes(s as S)) throw badInput(['statuses', i], `must be one of ${allowed.join(', ')}`);
    return s as S;
  });
}

/** The API's rule for the query whose figures the file holds: the file is no wider a door. */
async function allow(viewer: Viewer, query: string, args: Record<string, unknown>): Promise<void> {
  await check(permissionRules.Query[query]!)({ viewer, loaders: createLoaders(), authError: null }, args);
}

type Export = (viewer: Viewer, req: Request, res: Response) => Promise<void>;

const EXPORTS: Record<string, Export> = {
  bookings: async (viewer, req, res) => {
    const filter = {
      poolId: param(req, 'poolId'),
      councilId: param(req, 'councilId'),
      projectId: param(req, 'projectId'),
      practitionerId: param(req, 'practitionerId'),
      statuses: statuses<BookingStatus>(req, BOOKING_STATUSES.filter((s) => s !== 'CLAIMING')),
      from: date(req, 'from'),
      to: date(req, 'to'),
    };
    await allow(viewer, 'bookings', { filter });
    await csvResponse(res, 'bookings.csv', BOOKING_COLUMNS, bookingRows(viewer, filter));
  },
  agreements: async (viewer, req, res) => {
    const filter = {
      poolId: param(req, 'poolId'),
      councilId: param(req, 'councilId'),
      projectId: param(req, 'projectId'),
      practitionerId: param(req, 'practitionerId'),
      statuses: statuses<AgreementStatus>(req, AGREEMENT_STATUSES),
    };
    await allow(viewer, 'agreements', { filter });
    await csvResponse(res, 'agreements.csv', AGREEMENT_COLUMNS, agreementRows(viewer, filter));
  },
  'audit-log': async (viewer, req, res) => {
    const from = date(req, 'from');
    const to = date(req, 'to');
    const filter = {
      poolId: param(req, 'poolId'),
      entityType: param(req, 'entityType') as AuditedEntity | null,
      entityId: param(req, 'entityId'),
      action: param(req, 'action'),
      // Whole days: from the start of `from` to the end of `to` (UTC).
      from: from ? new Date(`${from}T00:00:00.000Z`) : null,
      to: to ? new Date(`${to}T23:59:59.999Z`) : null,
    };
    await allow(viewer, 'auditEvents', { filter });
    await csvResponse(res, 'audit-log.csv', AUDIT_COLUMNS, auditRows(viewer, filter));
  },
  ledger: async (viewer, req, res) => {
    const poolId = param(req, 'poolId');
    const councilId = param(req, 'councilId');
    const period = { from: required(date(req, 'from'), 'from'), to: required(date(req, 'to'), 'to') };
    if (councilId) await allow(viewer, 'councilLedger', { councilId, poolId, ...period });
    else await allow(viewer, 'poolLedger', { poolId: required(poolId, 'poolId'), ...period });
    const rows = await ledgerRows(viewer, { poolId, councilId }, period);
    await csvResponse(res, `ledger-${councilId ?? poolId}-${period.from}-${period.to}.csv`, LEDGER_COLUMNS, rows);
  },
  capacity: async (viewer, req, res) => {
    const poolId = required(param(req, 'poolId'), 'poolId');
    const from = required(date(req, 'from'), 'from');
    const to = required(date(req, 'to'), 'to');
    await allow(viewer, 'poolDemand', { poolId, from, to });
    await csvResponse(res, `capacity-${poolId}-${from}-${to}.csv`, CAPACITY_COLUMNS, await capacityRows(poolId, from, to));
  },
};

export function exportsRouter(config: Config): Router {
  const router = express.Router();
  // cookie-parser: a signed-in browser downloads with its session cookie.
  router.get('/exports/:file', cookieParser(), async (req, res, next) => {
    try {
      const m = /^([a-z-]+)\.csv$/.exec(String(req.params.file));
      const run = m ? EXPORTS[m[1]!] : undefined;
      if (!run) throw new DomainError('NOT_FOUND', `Exports are at /exports/<name>.csv, where name is one of ${Object.keys(EXPORTS).join(', ')}`);
      const viewer = await viewerOfFileRequest(req, res, config);
      if (!viewer) return;
      await run(viewer, req, res);
    } catch (err) {
      // Once rows have gone out the file can only be cut short (csvResponse has closed it).
      if (res.headersSent) req.log.error({ err }, 'export cut short');
      else if (err instanceof DomainError) sendFileError(res, err);
      else next(err);
    }
  });
  return router;
}
