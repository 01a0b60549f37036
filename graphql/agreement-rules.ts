// Permission rules about one agreement, for the table in permission-rules.ts.
// They load it through the request's loader and ask the pure access module
// (server/agreements/agreement-access.ts), the policy the services follow
// too. An agreement that does not exist passes, so the service answers
// NOT_FOUND (or BAD_USER_INPUT for a malformed id) to everyone alike; one
// that exists but is not yours answers FORBIDDEN. Which party a decider acts
// for is the service's call.
import { canDecideAgreement, canManageAgreement, canReadAgreement, type AgreementScope } from '../server/agreements/agreement-access.ts';
import type { Viewer } from '../server/auth/viewer.ts';
import type { Rule } from './permissions.ts';

const agreementRule =
  (allows: (v: Viewer, a: AgreementScope) => boolean): Rule =>
  async (ctx, args) => {
    const id = args.id;
    if (typeof id !== 'string') return true;
    const a = await ctx.loaders.agreement.load(id);
    return a === null || allows(ctx.viewer, { poolId: a.poolId, homeCouncilId: a.homeCouncilId, hostCouncilIds: a.hostCouncilIds, practitionerId: String(a.practitionerId) });
  };

/** Its parties (practitioner, requesters of the home and host councils, leads of the pool) and admins. */
export const readerOfAgreement = agreementRule(canReadAgreement);
/** Anyone who decides for one of its parties, and admins (who say which party). */
export const partyToAgreement = agreementRule(canDecideAgreement);
/** Leads of its pool and admins: drafts, submission, amendments. */
export const managerOfAgreement = agreementRule(canManageAgreement);
