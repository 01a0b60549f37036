// The agreement side of a booking's life, called by the booking service
// (services/bookings.ts) at its hooks: the terms are checked with the rest
// of the booking request (before anything is written), the agreement is
// created once the capacity is claimed (while the booking is still CLAIMING,
// so a crash leaves both for the reconciler), removed with a crashed booking,
// and closed when the booking is cancelled, ended early or recalled.
import type { Types } from 'mongoose';
import type { AgreementVersionDoc } from '../../models/agreement.ts';
import { deleteAgreementsOfBooking, findAgreement, findAgreementByBooking, insertAgreement, type AgreementDoc } from '../store/agreements.ts';
import type { BookingDoc } from '../../models/booking.ts';
import type { CentralContractDoc } from '../../models/central-contract.ts';
import type { PractitionerDoc } from '../../models/practitioner.ts';
import type { SlotDoc } from '../../models/project.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { AuditEntry } from './audit.ts';
import type { FieldPath } from '../errors.ts';
import { transition, type AgreementStatus } from '../agreements/agreement-status.ts';
import { initialTerms, termsComplete, type Terms, type TermsInput } from '../agreements/agreement-terms.ts';
import { releaseCapacity, releaseCapacityFrom } from '../store/capacity-claims.ts';
import { weekAfter } from '../bookings/booking-rules.ts';
import { withPractitionerLock } from '../store/practitioner-locks.ts';
import { getRoleLevel } from './ddat.ts';
import { releaseAmendmentUnits } from './agreement-capacity.ts';
import { agreementSnapshot, auditAgreement, awaitSettlement, baseState, claimSettlement, markSettled, writeState } from './agreement-records.ts';

export interface BookingTermsRequest {
  start: string;
  end: string;
  daysPerWeek: number;
  /** Terms the lead sets at booking time; the rest default. */
  terms?: TermsInput | null;
}

/** Check the agreement's terms with the booking request; throws BAD_USER_INPUT (under `path`.terms) before anything is written. */
export async function planBookingAgreement(
  request: BookingTermsRequest,
  slot: SlotDoc,
  practitioner: PractitionerDoc,
  contract: CentralContractDoc,
  path: FieldPath,
): Promise<Terms> {
  const roleLevel = await getRoleLevel(slot.roleLevelId, [...path, 'slotId']);
  return initialTerms(
    {
      roleLevelId: slot.roleLevelId,
      roleLevelName: roleLevel.name,
      start: request.start,
      end: request.end,
      daysPerWeek: request.daysPerWeek,
      recallNoticeWeeks: contract.recallNoticeWeeks,
      workingPattern: practitioner.workingPattern,
    },
    request.terms,
    [...path, 'terms'],
  );
}

type BookingParties = Pick<BookingDoc, '_id' | 'poolId' | 'practitionerId' | 'projectId' | 'slotId' | 'homeCouncilId' | 'hostCouncilIds'>;

/**
 * The booking's agreement: out for approval at once when its terms are
 * complete, else a DRAFT for the lead to finish. The unique key on bookingId
 * means a booking never has two. Its audit entry is the caller's to record.
 */
export async function createBookingAgreement(actor: Viewer, booking: BookingParties, terms: Terms, now: Date): Promise<{ agreement: AgreementDoc; audit: AuditEntry }> {
  const complete = termsComplete(terms);
  const v1: AgreementVersionDoc = { version: 1, status: 'AWAITING_APPROVALS', terms, changeSummary: '', effectiveFrom: terms.start, claimHolderId: null, createdAt: now, createdBy: actor.userId };
  const doc = await insertAgreement({
    bookingId: booking._id,
    poolId: booking.poolId,
    practitionerId: booking.practitionerId,
    projectId: booking.projectId,
    slotId: booking.slotId,
    homeCouncilId: booking.homeCouncilId,
    hostCouncilIds: booking.hostCouncilIds,
    status: complete ? 'AWAITING_APPROVALS' : 'DRAFT',
    activeVersion: 0,
    pendingVersion: complete ? 1 : 0,
    versions: complete ? [v1] : [],
    draftTerms: complete ? null : terms,
    pendingClaimHolderId: null,
    createdBy: actor.userId,
  });
  // Recorded by the caller with the booking's own entry, in one append.
  const audit: AuditEntry = { actor, action: 'agreement.create', entityType: 'Agreement', entityId: String(doc._id), poolId: doc.poolId, before: null, after: { ...agreementSnapshot(doc), bookingId: String(booking._id), terms }, at: now };
  return { agreement: doc, audit };
}

/** A crashed booking's agreement goes with it (it was never shown to anyone, so it has no decisions). */
export async function removeBookingAgreement(bookingId: Types.ObjectId): Promise<void> {
  await deleteAgreementsOfBooking(bookingId);
}

const TERMINAL: readonly AgreementStatus[] = ['ENDED', 'RECALLED', 'CANCELLED'];

/**
 * The booking was cancelled, ended early or recalled: so is its agreement
 * (an agreement that never took effect is cancelled, whatever happened to the
 * booking). A version awaiting decisions is withdrawn, under the same
 * settlement key an approval would take, so the two cannot both happen; an
 * amendment's extra units go back. Under the practitioner's lock, so no
 * amendment is being proposed meanwhile.
 */
export async function closeBookingAgreement(actor: Viewer | null, booking: BookingDoc, to: 'CANCELLED' | 'ENDED' | 'RECALLED', reason: string | null, now: Date): Promise<void> {
  const found = await findAgreementByBooking(booking._id);
  if (!found || TERMINAL.includes(found.status)) return;
  await withPractitionerLock(String(booking.practitionerId), async () => {
    let doc = await findAgreement(found._id);
    if (!doc || TERMINAL.includes(doc.status)) return;
    const pending = doc.pendingVersion;
    let withdrew = false;
    if (pending) {
      withdrew = await claimSettlement(doc._id, pending, 'WITHDRAWN', actor, reason);
      if (withdrew) {
        const holder = doc.versions[pending - 1]?.claimHolderId;
        if (holder) await releaseAmendmentUnits(holder, doc.practitionerId);
      } else {
        // An approval or decline is being applied: let it finish, then close what it left.
        await awaitSettlement(doc._id, pending);
        doc = await findAgreement(found._id);
        if (!doc || TERMINAL.includes(doc.status)) return;
      }
    }
    const target: AgreementStatus = to === 'CANCELLED' || doc.activeVersion === 0 ? 'CANCELLED' : to;
    const r = transition(baseState(doc), target);
    if (!r.ok) return;
    await writeState(doc, r.value, { endedReason: reason });
    if (withdrew) await markSettled(doc._id, pending);
    await auditAgreement(actor, `agreement.${target === 'CANCELLED' ? 'cancel' : target === 'RECALLED' ? 'recall' : 'end'}`, doc, agreementSnapshot(doc), { status: target, reason }, now);
  });
  // A settlement that handed an amendment's units to the booking meanwhile may have added weeks it no longer covers.
  if (to === 'CANCELLED') await releaseCapacity(booking._id, booking.practitionerId);
  else await releaseCapacityFrom(booking._id, weekAfter(booking.end), booking.practitionerId);
}
