// The append-only audit log: every change to a booking, agreement, central
// contract or project status, with who, when, and the state before and after.
// Nothing updates or deletes these documents.
import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';

export const AUDITED_ENTITIES = ['Booking', 'Agreement', 'CentralContract', 'Project', 'Practitioner', 'Pool', 'User', 'Plan'] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

const auditEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: String, default: null }, // user id; null for the system (reconciler, imports)
    actorRole: { type: String, default: null },
    action: { type: String, required: true }, // e.g. "project.submit", "contract.approve"
    entityType: { type: String, required: true, enum: AUDITED_ENTITIES },
    entityId: { type: String, required: true },
    poolId: { type: String, default: null }, // lets a lead see their pool's log
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    // Where the event stands in the whole log and in its pool's log (each
    // position taken once, under a unique key), and the blocks of BLOCK_SIZE
    // those positions fall in: a page is read as one or two block
    // equalities, never by scanning the log (server/store/audit-events.ts).
    seq: { type: Number, required: true },
    block: { type: Number, required: true },
    poolSeq: { type: Number, default: null },
    poolPos: { type: String, required: true }, // "<poolId>:<poolSeq>", or "-:<seq>" for an event of no pool
    poolBlock: { type: String, default: null }, // "<poolId>:<block>"
  },
  { versionKey: false, collection: 'audit_events' },
);
auditEventSchema.index({ seq: 1 }, { unique: true });
auditEventSchema.index({ poolPos: 1 }, { unique: true });
auditEventSchema.index({ block: 1 });
auditEventSchema.index({ poolBlock: 1 });
auditEventSchema.index({ entityId: 1, entityType: 1 });

export type AuditEventDoc = InferSchemaType<typeof auditEventSchema> & { _id: Types.ObjectId };
export const AuditEvent = mongoose.model('AuditEvent', auditEventSchema);

/** The last position given out in one log (the whole log: "all"; a pool's: "pool:<id>"). A hint, raised with $max. */
const auditHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { versionKey: false, collection: 'audit_heads' },
);
export const AuditHead = mongoose.model('AuditHead', auditHeadSchema);
