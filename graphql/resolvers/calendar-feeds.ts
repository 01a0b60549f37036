// Resolvers for calendar feeds: thin, each root field calls one service.
import * as feeds from '../../server/services/calendar-feeds.ts';
import type { UserDoc } from '../../models/user.ts';
import type { GraphQLContext } from '../context.ts';

type Ctx = GraphQLContext;

export const calendarFeedResolvers = {
  Mutation: {
    createCalendarFeed: (_: unknown, __: unknown, ctx: Ctx) => feeds.createCalendarFeed(ctx.viewer!),
    revokeCalendarFeed: (_: unknown, __: unknown, ctx: Ctx) => feeds.revokeCalendarFeed(ctx.viewer!),
  },
  User: {
    // Only its owner (or an admin) learns whether a user has a feed.
    hasCalendarFeed: (u: UserDoc, _: unknown, ctx: Ctx) =>
      ctx.viewer && (ctx.viewer.userId === String(u._id) || ctx.viewer.role === 'ADMIN') ? Boolean(u.calendarToken) : null,
  },
};
