// Who may call what: the one declarative place. Every root Query and Mutation
// field has a rule here; the schema refuses to build if one is missing, so a
// new operation cannot ship unguarded. Rules answer true/false; scoped rules
// (a requester's own council, a lead's own pool, a practitioner's own record)
// look the resource up through the request's loaders.
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import type { Viewer } from '../server/auth/viewer.ts';
import { DomainError } from '../server/errors.ts';
import type { GraphQLContext } from './context.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = Record<string, any>;
/** What a rule reads of a request: who is asking and the request's loaders (a file route builds the same). */
export type RuleContext = Pick<GraphQLContext, 'loaders'> & { viewer: Viewer };
export type Rule = (ctx: RuleContext, args: Args) => boolean | Promise<boolean>;

/** Marks a rule that also lets anonymous callers through. */
const PUBLIC = Symbol('public');
type PublicRule = { [PUBLIC]: true };

export const allowAnyone: PublicRule = { [PUBLIC]: true };
export const signedIn: Rule = () => true;
export const isAdmin: Rule = (ctx) => ctx.viewer.role === 'ADMIN';
export const isLead: Rule = (ctx) => ctx.viewer.role === 'PROGRAMME_LEAD';
export const isRequester: Rule = (ctx) => ctx.viewer.role === 'COUNCIL_REQUESTER';
export const isPractitioner: Rule = (ctx) => ctx.viewer.role === 'PRACTITIONER';

export const anyOf =
  (...rules: Rule[]): Rule =>
  async (ctx, args) => {
    for (const r of rules) if (await r(ctx, args)) return true;
    return false;
  };

/** A programme lead of the pool `poolOf(args)` names (or any of several). */
export const leadOfPool =
  (poolOf: (ctx: RuleContext, args: Args) => Promise<string | string[] | null> | string | string[] | null): Rule =>
  async (ctx, args) => {
    if (ctx.viewer.role !== 'PROGRAMME_LEAD' || !ctx.viewer.poolId) return false;
    const pools = await poolOf(ctx, args);
    return pools !== null && (Array.isArray(pools) ? pools.includes(ctx.viewer.poolId) : pools === ctx.viewer.poolId);
  };

/** A council requester of the council (or one of the councils) `councilOf(args)` names. */
export const requesterOfCouncil =
  (councilOf: (ctx: RuleContext, args: Args) => Promise<string | string[] | null> | string | string[] | null): Rule =>
  async (ctx, args) => {
    if (ctx.viewer.role !== 'COUNCIL_REQUESTER' || !ctx.viewer.councilId) return false;
    const councils = await councilOf(ctx, args);
    return councils !== null && (Array.isArray(councils) ? councils.includes(ctx.viewer.councilId) : councils === ctx.viewer.councilId);
  };

/** The practitioner `practitionerOf(args)` names, acting for themselves. */
export const practitionerSelf =
  (practitionerOf: (ctx: RuleContext, args: Args) => string | null | Promise<string | null>): Rule =>
  async (ctx, args) =>
    ctx.viewer.role === 'PRACTITIONER' && ctx.viewer.practitionerId !== null && (await practitionerOf(ctx, args)) === ctx.viewer.practitionerId;

export type PermissionMap = Record<'Query' | 'Mutation', Record<string, Rule | PublicRule>>;

/** A rule as a guard: throws UNAUTHENTICATED or FORBIDDEN, as every root field's does. */
export function check(rule: Rule | PublicRule) {
  return async (ctx: Pick<GraphQLContext, 'loaders' | 'viewer' | 'authError'>, args: Args) => {
    if (PUBLIC in rule) return;
    if (!ctx.viewer) throw ctx.authError ?? new DomainError('UNAUTHENTICATED', 'Log in first: send "Authorization: Bearer <token>"');
    if (!(await (rule as Rule)(ctx as RuleContext, args))) {
      throw new DomainError('FORBIDDEN', 'You are not allowed to do this');
    }
  };
}

/** Wrap every root field's resolver with its rule; fail the build if a field has none. */
export function applyPermissions(schema: GraphQLSchema, map: PermissionMap): GraphQLSchema {
  const missing: string[] = [];
  const wrapped = mapSchema(schema, {
    [MapperKind.ROOT_OBJECT]: (type) => type,
    [MapperKind.ROOT_FIELD]: (field, fieldName, typeName) => {
      const rule = map[typeName as 'Query' | 'Mutation']?.[fieldName];
      if (!rule) {
        missing.push(`${typeName}.${fieldName}`);
        return field;
      }
      const guard = check(rule);
      const resolve = field.resolve ?? defaultFieldResolver;
      return { ...field, resolve: async (src, args, ctx: GraphQLContext, info) => (await guard(ctx, args), resolve(src, args, ctx, info)) };
    },
  });
  if (missing.length) throw new Error(`No permission rule for: ${missing.join(', ')} (graphql/permission-rules.ts)`);
  return wrapped;
}
