// A user of the service and the one role they act in: a practitioner (linked
// to one practitioner), a council requester (scoped to one council), a
// programme lead (scoped to one pool), or an admin.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';

export const USER_ROLES = ['ADMIN', 'PROGRAMME_LEAD', 'COUNCIL_REQUESTER', 'PRACTITIONER'] as const;
export type UserRole = (typeof USER_ROLES)[number];

const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true, enum: USER_ROLES },
    councilId: { type: String, default: null }, // COUNCIL_REQUESTER
    poolId: { type: String, default: null }, // PROGRAMME_LEAD
    practitionerId: { type: Schema.Types.ObjectId, default: null }, // PRACTITIONER
    calendarToken: { type: String, default: null }, // sha256 (hex) of the calendar feed's secret; the secret itself is never stored
    // Every token carries the version it was signed at; a new password, "sign out everywhere" and deactivation raise it, so older tokens stop working.
    tokenVersion: { type: Number, default: 0 },
    deactivatedAt: { type: Date, default: null }, // set by an admin: no sign-in, no token accepted
    notificationDelivery: { type: String, enum: ['IMMEDIATE', 'DAILY_DIGEST'], default: 'IMMEDIATE' }, // a mail per notification, or one a day
  },
  { versionKey: false, collection: 'users', timestamps: MODEL_TIMESTAMPS },
);
// Unique keys: one account per email; a practitioner has at most one login.
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, councilId: 1 });
userSchema.index({ role: 1, poolId: 1 });
// The calendar feed finds its user by the token's hash (not unique: most users have none, and FerretDB has no partial indexes).
userSchema.index({ calendarToken: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const User = mongoose.model('User', userSchema);
