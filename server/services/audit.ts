// Use-case: append to the audit log. Callers record after their write has
// succeeded; snapshots are plain JSON (ids as strings, dates as ISO strings).
import { now } from '../clock.ts';
import type { Viewer } from '../auth/viewer.ts';
import { publishAuditWritten } from '../events.ts';
import { appendAuditEvent, appendAuditEvents, type AuditedEntity, type NewAuditEvent } from '../store/audit-events.ts';

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

const eventOf = (e: AuditEntry): NewAuditEvent => ({
  at: e.at ?? now(),
  actorId: e.actor?.userId ?? null,
  actorRole: e.actor?.role ?? null,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  poolId: e.poolId ?? null,
  before: toJson(e.before),
  after: toJson(e.after),
});

export async function recordAudit(e: AuditEntry): Promise<void> {
  await appendAuditEvent(eventOf(e));
  publishAuditWritten();
}

/** Many entries, in order, in one write (loaders that make many changes at once). */
export async function recordAudits(entries: readonly AuditEntry[]): Promise<void> {
  await appendAuditEvents(entries.map(eventOf));
  publishAuditWritten();
}
