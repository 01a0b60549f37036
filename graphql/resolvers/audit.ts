// Resolvers for the audit log: thin, the root field calls one service.
import { listAuditEvents, type AuditEventFilter } from '../../server/services/audit-log.ts';
import type { AuditEventDoc } from '../../models/audit-event.ts';
import type { PageArgs } from '../../server/pagination.ts';
import type { GraphQLContext } from '../context.ts';
import { toConnection } from '../connection.ts';

type Ctx = GraphQLContext;

export const auditResolvers = {
  Query: {
    auditEvents: async (_: unknown, a: { filter?: AuditEventFilter | null } & PageArgs, ctx: Ctx) => toConnection(await listAuditEvents(ctx.viewer!, a.filter ?? {}, a)),
  },
  AuditEvent: {
    id: (e: AuditEventDoc) => String(e._id),
    actor: (e: AuditEventDoc, _: unknown, ctx: Ctx) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null),
    pool: (e: AuditEventDoc, _: unknown, ctx: Ctx) => (e.poolId ? ctx.loaders.pool.load(e.poolId) : null),
  },
};
