// Resolvers for notifications: thin, each root field calls one service, always for the viewer themselves.
import * as notifications from '../../server/services/notifications.ts';
import type { Delivery } from '../../server/notifications/notification-rules.ts';
import type { GraphQLContext } from '../context.ts';

type Ctx = GraphQLContext;

export const notificationResolvers = {
  Query: {
    myNotifications: (_: unknown, a: { first?: number | null; after?: string | null; unreadOnly?: boolean | null }, ctx: Ctx) => {
      return notifications.myNotifications(ctx.viewer!, a).then((p) => ({ ...p, pageInfo: { hasNextPage: p.hasNextPage, endCursor: p.endCursor } }));
    },
    myNotificationPreference: (_: unknown, __: unknown, ctx: Ctx) => notifications.notificationPreference(ctx.viewer!),
  },
  Mutation: {
    markNotificationsRead: (_: unknown, a: { ids: string[] }, ctx: Ctx) => notifications.markNotificationsRead(ctx.viewer!, a.ids),
    setNotificationPreference: (_: unknown, a: { delivery: Delivery }, ctx: Ctx) => notifications.setNotificationPreference(ctx.viewer!, a.delivery),
  },
  Notification: {
    id: (n: { _id: string }) => n._id,
    // A marked-read answer comes without the mail looked up.
    delivery: (n: { delivery?: string; mailId: string | null }) => n.delivery ?? (n.mailId ? 'PENDING' : 'DIGEST'),
  },
};
