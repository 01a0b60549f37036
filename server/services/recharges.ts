// Use-case: a pool's recharge statement over a period (who pays whom, line by
// line and per pair of councils), from the placements the ledger counts
// (./ledger.ts placementsIn: amendments apply from their effective dates)
// handed to the pure core (server/ledger/recharges.ts). Three reads whatever
// the period: bookings, their agreements, the names on the lines (by _id),
// plus the cached bank holidays.
//
// Who sees what: admins any pool; a lead their own pool; a council's
// requesters only the lines their council pays or is paid for (so never
// another pair's). Admins and leads may narrow to one council with
// `councilId`; a requester naming another council is refused.
import type { Viewer } from '../auth/viewer.ts';
import { forbidden } from '../errors.ts';
import { rechargeStatement as statementOf, type RechargeStatement } from '../ledger/recharges.ts';
import { directoryEntriesByIds } from '../store/practitioners.ts';
import { councilsByIds } from '../store/councils.ts';
import type { RechargeDocumentView } from '../ledger/recharge-document.ts';
import { checkPeriod, placementsIn, type Period } from './ledger.ts';
import { getCouncil } from './councils.ts';
import { getPool } from './pools.ts';
import { bankHolidayDates } from './bank-holidays.ts';

export interface PoolRecharges extends RechargeStatement {
  poolId: string;
  poolName: string;
  from: string;
  to: string;
  /** The council the statement is limited to, or null for the whole pool. */
  councilId: string | null;
}

/** The council a viewer's statement is limited to (null: the whole pool), or FORBIDDEN. */
function scopeOf(viewer: Viewer, poolId: string, councilId: string | null): string | null {
  switch (viewer.role) {
    case 'ADMIN':
      return councilId;
    case 'PROGRAMME_LEAD':
      if (viewer.poolId !== poolId) throw forbidden("A lead sees their own pool's recharges only");
      return councilId;
    case 'COUNCIL_REQUESTER':
      if (!viewer.councilId || (councilId && councilId !== viewer.councilId)) throw forbidden("A requester sees their own council's recharges only");
      return viewer.councilId;
    default:
      throw forbidden();
  }
}

export async function poolRecharges(viewer: Viewer, poolId: string, period: Period, councilId?: string | null): Promise<PoolRecharges> {
  const p = checkPeriod(period);
  const council = scopeOf(viewer, poolId, councilId ?? null);
  const [pool] = await Promise.all([getPool(poolId, ['poolId']), council ? getCouncil(council, ['councilId']) : null]);
  // A council's share: only its placements (home or host), by one equality.
  const scope: Record<string, unknown> = council ? { poolId, partyCouncilIds: council } : { poolId };
  const [placements, holidays] = await Promise.all([placementsIn(scope, p), bankHolidayDates(p.start, p.end)]);
  const ids = [...new Set(placements.map((x) => x.practitionerId))];
  const names = new Map((await directoryEntriesByIds(ids)).flatMap((e) => (e ? [[String(e._id), e.name] as const] : [])));
  const named = placements.map((x) => ({ ...x, practitionerName: names.get(x.practitionerId) ?? 'name not recorded' }));
  return { ...statementOf(named, p, holidays, council), poolId, poolName: pool.name, from: p.start, to: p.end, councilId: council };
}

/** The statement with the names of its councils: what the CSV and HTML files are made from. */
export async function rechargeDocument(viewer: Viewer, poolId: string, period: Period, councilId?: string | null): Promise<RechargeDocumentView> {
  const s = await poolRecharges(viewer, poolId, period, councilId);
  const ids = new Set<string>(s.councilId ? [s.councilId] : []);
  for (const l of s.lines) {
    ids.add(l.payeeCouncilId);
    if (l.payer.kind === 'COUNCIL') ids.add(l.payer.councilId);
  }
  const councils = await councilsByIds([...ids]);
  return { ...s, councilNames: new Map(councils.flatMap((c) => (c ? [[String(c._id), c.name] as const] : []))) };
}
