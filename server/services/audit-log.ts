// Use-case: read the append-only audit log. Admins read all of it; a
// programme lead reads their pool's events (bookings, agreements, central
// contracts and projects of the pool). Oldest first, cursor-paginated.
//
// A page reads the log block by block (server/store/audit-events.ts), or an
// entity's own events when one is named, so its cost follows the page, not
// the length of the history. A filter that matches rarely (an action, a time
// window) looks at no more than SCAN_BUDGET events per page: the page may
// then be short, with hasNextPage set and a cursor that carries on from
// where it stopped.
import { AUDITED_ENTITIES, type AuditEventDoc, type AuditedEntity } from '../../models/audit-event.ts';
import { eventsOfEntity, logLength, readLog, type LogPosition } from '../store/audit-events.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, forbidden } from '../errors.ts';
import { decodeCursor, encodeCursor, pageSize, type Page, type PageArgs } from '../pagination.ts';
import { OBJECT_ID } from '../ids.ts';

export interface AuditEventFilter {
  entityType?: AuditedEntity | null;
  entityId?: string | null;
  /** An action, e.g. "agreement.approve", or a prefix ending in "." (e.g. "agreement."). */
  action?: string | null;
  poolId?: string | null;
  /** Inclusive instants. */
  from?: Date | null;
  to?: Date | null;
}

const SCAN_BUDGET = 2_000;

/** The log the viewer reads: a pool's (null for the whole log), or refused. */
function logOf(viewer: Viewer, filter: AuditEventFilter): string | null {
  if (viewer.role === 'PROGRAMME_LEAD' && viewer.poolId) {
    if (filter.poolId && filter.poolId !== viewer.poolId) return '\u0000none';
    return viewer.poolId;
  }
  if (viewer.role === 'ADMIN') return filter.poolId ?? null;
  throw forbidden('The audit log is for programme leads and admins');
}

const cursorOf = (p: LogPosition) => encodeCursor(`${p.seq}:${p.id}`);

function positionFrom(after: string | null | undefined): LogPosition | null {
  if (!after) return null;
  const key = decodeCursor(after);
  const m = typeof key === 'string' ? /^(\d+):([0-9a-f]{24})$/.exec(key) : null;
  if (!m || !OBJECT_ID.test(m[2]!)) throw badInput(['after'], 'is not a cursor this API gave out');
  return { seq: Number(m[1]), id: m[2]! };
}

/** The filter as a test of one event (the scope is the log read). */
function matcherOf(filter: AuditEventFilter, poolId: string | null): (e: AuditEventDoc) => boolean {
  if (filter.entityType && !AUDITED_ENTITIES.includes(filter.entityType)) throw badInput(['filter', 'entityType'], 'is not an audited kind of thing');
  if (filter.entityId && filter.entityId.length > 200) throw badInput(['filter', 'entityId'], 'is too long');
  let action: ((a: string) => boolean) | null = null;
  if (filter.action) {
    const a = filter.action.trim();
    if (!/^[a-z][a-z.-]{0,99}$/.test(a)) throw badInput(['filter', 'action'], 'is not an action name (e.g. "agreement.approve", or "agreement." for all of them)');
    action = a.endsWith('.') ? (x) => x.startsWith(a) : (x) => x === a;
  }
  if (filter.from && filter.to && filter.to < filter.from) throw badInput(['filter', 'to'], 'must not be before from');
  const from = filter.from?.getTime();
  const to = filter.to?.getTime();
  return (e) =>
    (!poolId || e.poolId === poolId) &&
    (!filter.entityType || e.entityType === filter.entityType) &&
    (!filter.entityId || e.entityId === filter.entityId) &&
    (!action || action(e.action)) &&
    (from === undefined || e.at.getTime() >= from) &&
    (to === undefined || e.at.getTime() <= to);
}

export async function listAuditEvents(viewer: Viewer, filter: AuditEventFilter = {}, page: PageArgs = {}): Promise<Page<AuditEventDoc>> {
  const log = logOf(viewer, filter);
  const limit = pageSize(page.first);
  const start = positionFrom(page.after);
  const matches = matcherOf(filter, log);
  if (log === '\u0000none') return { nodes: [], hasNextPage: false, endCursor: null, totalCount: async () => 0 };

  if (filter.entityId) {
    // One entity's history: read it whole (it is short) and page it here.
    const all = (await eventsOfEntity(filter.entityType ?? ('' as AuditedEntity), filter.entityId)).filter(matches);
    const position = (e: AuditEventDoc): LogPosition => ({ seq: e.seq ?? 0, id: String(e._id) });
    const rest = start ? all.filter((e) => position(e).seq > start.seq || (position(e).seq === start.seq && String(e._id) > start.id)) : all;
    const nodes = rest.slice(0, limit);
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rest.length > limit, endCursor: last ? cursorOf(position(last)) : null, totalCount: async () => all.length, cursorOf: (e) => cursorOf(position(e)) };
  }

  const read = await readLog(log, start, limit, matches, SCAN_BUDGET);
  const position = (e: AuditEventDoc): LogPosition => ({ seq: (log ? e.poolSeq : e.seq) ?? 0, id: String(e._id) });
  const unfiltered = !filter.entityType && !filter.action && !filter.from && !filter.to;
  return {
    nodes: read.events,
    hasNextPage: read.more,
    endCursor: read.last ? cursorOf(read.last) : null,
    cursorOf: (e) => cursorOf(position(e)),
    // The whole log's length is its head; a filtered count reads the log through.
    totalCount: async () => (unfiltered ? logLength(log) : (await readLog(log, null, Number.MAX_SAFE_INTEGER - 1, matches, Number.MAX_SAFE_INTEGER)).events.length),
  };
}
