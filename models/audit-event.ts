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
  },
  { versionKey: false, collection: 'audit_events' },
);
auditEventSchema.index({ entityType: 1, entityId: 1, at: 1 });
auditEventSchema.index({ poolId: 1, at: 1 });
auditEventSchema.index({ at: 1, _id: 1 });

export type AuditEventDoc = InferSchemaType<typeof auditEventSchema> & { _id: Types.ObjectId };
export const AuditEvent = mongoose.model('AuditEvent', auditEventSchema);
