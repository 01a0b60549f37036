// Resolvers for agreements: thin. Permission rules (permission-rules.ts) have
// already checked who is asking; each root field calls one service, and
// nested fields go through the request's loaders.
import type { AgreementDoc, AgreementVersionDoc } from '../../models/agreement.ts';
import type { AgreementDecisionDoc } from '../../models/agreement-decision.ts';
import type { BookingDoc } from '../../models/booking.ts';
import * as agreements from '../../server/services/agreements.ts';
import { partiesOfAgreement } from '../../server/services/agreement-records.ts';
import { partiesOf } from '../../server/agreements/agreement-access.ts';
import type { Party, PartyKind } from '../../server/agreements/agreement-status.ts';
import type { AmendmentInput, Terms, TermsInput } from '../../server/agreements/agreement-terms.ts';
import type { PageArgs } from '../../server/pagination.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';
import { toConnection } from '../connection.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { referencedPractitioner } from '../practitioner-field.ts';

type Ctx = GraphQLContext;
interface VersionParent {
  agreement: AgreementDoc;
  v: AgreementVersionDoc;
}

/** The mutation's answer primes the loader (what its writes made stale is forgotten in graphql/fresh-after-writes.ts). */
function fresh(ctx: Ctx, a: AgreementDoc): AgreementDoc {
  ctx.loaders.agreement.clear(String(a._id)).prime(String(a._id), a);
  return a;
}

const scopeOf = (a: AgreementDoc) => ({ poolId: a.poolId, homeCouncilId: a.homeCouncilId, hostCouncilIds: a.hostCouncilIds, practitionerId: String(a.practitionerId) });
const decisionsOf = (ctx: Ctx, a: AgreementDoc) => ctx.loaders.agreementDecisions.load(String(a._id));

type DecideArgs = { id: string; as?: PartyKind | null; councilId?: string | null };

export const agreementResolvers = {
  Query: {
    agreement: (_: unknown, a: { id: string }) => agreements.getAgreement(a.id),
    agreements: async (_: unknown, a: { filter?: agreements.AgreementFilter | null } & PageArgs, ctx: Ctx) =>
      toConnection(await agreements.listAgreements(ctx.viewer!, a.filter ?? {}, a)),
  },
  Mutation: {
    approveAgreement: async (_: unknown, a: DecideArgs, ctx: Ctx) =>
      fresh(ctx, await agreements.decideAgreement(ctx.viewer!, a.id, 'APPROVED', { as: a.as, councilId: a.councilId })),
    declineAgreement: async (_: unknown, a: DecideArgs & { reason: string }, ctx: Ctx) =>
      fresh(ctx, await agreements.decideAgreement(ctx.viewer!, a.id, 'DECLINED', { reason: a.reason, as: a.as, councilId: a.councilId })),
    updateAgreementDraft: async (_: unknown, a: { id: string; terms: TermsInput }, ctx: Ctx) => fresh(ctx, await agreements.updateAgreementDraft(ctx.viewer!, a.id, a.terms)),
    submitAgreement: async (_: unknown, a: { id: string }, ctx: Ctx) => fresh(ctx, await agreements.submitAgreement(ctx.viewer!, a.id)),
    amendAgreement: async (_: unknown, a: { id: string; input: AmendmentInput }, ctx: Ctx) => fresh(ctx, await agreements.amendAgreement(ctx.viewer!, a.id, a.input)),
    withdrawAgreementAmendment: async (_: unknown, a: { id: string; reason?: string | null }, ctx: Ctx) =>
      fresh(ctx, await agreements.withdrawAmendment(ctx.viewer!, a.id, a.reason ?? null)),
  },
  Agreement: {
    id: (a: AgreementDoc) => String(a._id),
    booking: (a: AgreementDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.booking, String(a.bookingId), 'booking'),
    practitioner: (a: AgreementDoc, _: unknown, ctx: Ctx, info: GraphQLResolveInfo) => referencedPractitioner(a.practitionerId, ctx, info),
    project: (a: AgreementDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.project, String(a.projectId), 'project'),
    pool: (a: AgreementDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, a.poolId, 'pool'),
    homeCouncil: (a: AgreementDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, a.homeCouncilId, 'council'),
    hostCouncils: (a: AgreementDoc, _: unknown, ctx: Ctx) => Promise.all(a.hostCouncilIds.map((g) => loadRequired(ctx.loaders.council, g, 'council'))),
    activeVersion: (a: AgreementDoc) => a.activeVersion || null,
    terms: (a: AgreementDoc) => agreements.currentTerms(a),
    draftTerms: (a: AgreementDoc) => (a.status === 'DRAFT' ? a.draftTerms : null),
    versions: (a: AgreementDoc): VersionParent[] => a.versions.map((v) => ({ agreement: a, v })),
    pendingVersion: (a: AgreementDoc): VersionParent | null => {
      const v = a.versions[a.pendingVersion - 1];
      return a.pendingVersion && v ? { agreement: a, v } : null;
    },
    parties: (a: AgreementDoc) => partiesOfAgreement(a),
    awaiting: async (a: AgreementDoc, _: unknown, ctx: Ctx) => {
      const v = a.versions[a.pendingVersion - 1];
      return a.pendingVersion && v ? agreements.awaitingParties(a, v, await decisionsOf(ctx, a)) : [];
    },
    myParties: (a: AgreementDoc, _: unknown, ctx: Ctx) => (ctx.viewer ? partiesOf(ctx.viewer, scopeOf(a)) : []),
    document: (a: AgreementDoc, args: { format: agreements.DocumentFormat; version?: number | null }) => agreements.agreementDocument(a, args.format, args.version),
  },
  AgreementVersion: {
    version: (p: VersionParent) => p.v.version,
    status: (p: VersionParent) => p.v.status,
    terms: (p: VersionParent) => p.v.terms,
    changeSummary: (p: VersionParent) => p.v.changeSummary ?? '',
    effectiveFrom: (p: VersionParent) => p.v.effectiveFrom,
    createdAt: (p: VersionParent) => p.v.createdAt,
    createdBy: (p: VersionParent, _: unknown, ctx: Ctx) => (p.v.createdBy ? ctx.loaders.user.load(p.v.createdBy) : null),
    decisions: async (p: VersionParent, _: unknown, ctx: Ctx) => (await decisionsOf(ctx, p.agreement)).filter((d) => d.version === p.v.version),
    awaiting: async (p: VersionParent, _: unknown, ctx: Ctx) => agreements.awaitingParties(p.agreement, p.v, await decisionsOf(ctx, p.agreement)),
  },
  AgreementTerms: {
    roleLevel: (t: Terms, _: unknown, ctx: Ctx) => ctx.loaders.roleLevel.load(t.roleLevelId),
  },
  AgreementParty: {
    council: (p: Party, _: unknown, ctx: Ctx) => (p.councilId ? ctx.loaders.council.load(p.councilId) : null),
  },
  AgreementDecision: {
    party: (d: AgreementDecisionDoc): Party => ({ kind: d.partyKind as PartyKind, councilId: d.councilId ?? null }),
    by: (d: AgreementDecisionDoc, _: unknown, ctx: Ctx) => ctx.loaders.user.load(d.byUserId),
  },
  Booking: {
    agreement: (b: BookingDoc, _: unknown, ctx: Ctx) => ctx.loaders.agreementByBooking.load(String(b._id)),
  },
};
