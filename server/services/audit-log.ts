// Use-case: read the append-only audit log. Admins read all of it; a
// programme lead reads their pool's events (bookings, agreements, central
// contracts and projects of the pool). Oldest first, cursor-paginated.
import { AuditEvent, AUDITED_ENTITIES, type AuditEventDoc, type AuditedEntity } from '../../models/audit-event.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, forbidden } from '../errors.ts';
import { decodeCursor, paginate, type PageArgs } from '../pagination.ts';
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

function scopeOf(viewer: Viewer): Record<string, unknown> {
  if (viewer.role === 'ADMIN') return {};
  if (viewer.role === 'PROGRAMME_LEAD' && viewer.poolId) return { poolId: viewer.poolId };
  throw forbidden('The audit log is for programme leads and admins');
}

export async function listAuditEvents(viewer: Viewer, filter: AuditEventFilter = {}, page: PageArgs = {}) {
  const conditions: Record<string, unknown>[] = [scopeOf(viewer)];
  if (filter.entityType) {
    if (!AUDITED_ENTITIES.includes(filter.entityType)) throw badInput(['filter', 'entityType'], 'is not an audited kind of thing');
    conditions.push({ entityType: filter.entityType });
  }
  if (filter.entityId) {
    if (filter.entityId.length > 200) throw badInput(['filter', 'entityId'], 'is too long');
    conditions.push({ entityId: filter.entityId });
  }
  if (filter.action) {
    const a = filter.action.trim();
    if (!/^[a-z][a-z.-]{0,99}$/.test(a)) throw badInput(['filter', 'action'], 'is not an action name (e.g. "agreement.approve", or "agreement." for all of them)');
    conditions.push(a.endsWith('.') ? { action: { $regex: `^${a.replace(/\./g, '\\.')}` } } : { action: a });
  }
  if (filter.poolId) conditions.push({ poolId: filter.poolId });
  if (filter.from && filter.to && filter.to < filter.from) throw badInput(['filter', 'to'], 'must not be before from');
  if (filter.from) conditions.push({ at: { $gte: filter.from } });
  if (filter.to) conditions.push({ at: { $lte: filter.to } });
  if (page.after && !OBJECT_ID.test(String(decodeCursor(page.after)))) throw badInput(['after'], 'is not a cursor this API gave out');
  return paginate<AuditEventDoc>(AuditEvent, { $and: conditions }, page);
}
