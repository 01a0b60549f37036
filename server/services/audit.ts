// Use-case: append to the audit log. Callers record after their write has
// succeeded; snapshots are plain JSON (ids as strings, dates as ISO strings).
import { AuditEvent, type AuditedEntity } from '../../models/audit-event.ts';
import type { Viewer } from '../auth/viewer.ts';

export interface AuditEntry {
  actor: Viewer | null;
  action: string;
  entityType: AuditedEntity;
  entityId: string;
  poolId?: string | null;
  before?: unknown;
  after?: unknown;
  at?: Date;
}

const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

export async function recordAudit(e: AuditEntry): Promise<void> {
  await AuditEvent.create({
    at: e.at ?? new Date(),
    actorId: e.actor?.userId ?? null,
    actorRole: e.actor?.role ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    poolId: e.poolId ?? null,
    before: toJson(e.before),
    after: toJson(e.after),
  });
}
