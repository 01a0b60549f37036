// Resolver for the decision queue: one service call; the nested types resolve
// as they do everywhere else.
import { decisionQueue } from '../../server/services/decisions.ts';
import type { GraphQLContext } from '../context.ts';

export const decisionResolvers = {
  Query: {
    awaitingMyDecision: (_: unknown, __: unknown, ctx: GraphQLContext) => decisionQueue(ctx.viewer!),
  },
};
