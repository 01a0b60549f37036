// Resolver for the decision queue: one service call; each list cut to its
// first few before its nested types resolve (as they do everywhere else).
import { decisionCounts, decisionQueue, firstOf, type DecisionQueue } from '../../server/services/decisions.ts';
import type { GraphQLContext } from '../context.ts';

type First = { first?: number | null };

export const decisionResolvers = {
  Query: {
    awaitingMyDecision: (_: unknown, __: unknown, ctx: GraphQLContext) => decisionQueue(ctx.viewer!),
  },
  DecisionQueue: {
    agreements: (q: DecisionQueue, a: First) => firstOf(q.agreements, a.first),
    contractsToApprove: (q: DecisionQueue, a: First) => firstOf(q.contractsToApprove, a.first),
    contractsToActivate: (q: DecisionQueue, a: First) => firstOf(q.contractsToActivate, a.first),
    projectsToReview: (q: DecisionQueue, a: First) => firstOf(q.projectsToReview, a.first),
    bookingsAtRisk: (q: DecisionQueue, a: First) => firstOf(q.bookingsAtRisk, a.first),
    counts: (q: DecisionQueue) => decisionCounts(q),
  },
};
