// Query limits: how deep, how wide (aliases), how long (tokens) and how costly
// one GraphQL operation may be, how many operations one HTTP request may batch
// and how big its body may be. Each refusal is an HTTP 400 (413 for the body)
// whose errors[0].extensions carry a specific code and the limit, and each
// happens before any resolver runs:
//
// - body size and batch length: express, before the body is parsed or handed on;
// - tokens: counted with graphql-js's own lexer before Apollo parses the document;
// - depth and aliases: validation rules (graphql-armor), in the validation pass;
// - cost: estimated (graphql-query-complexity) with the request's variables once
//   the operation is resolved, before execution starts.
//
// The same limits apply whoever is asking: reference-data queries need no token
// and are limited exactly as signed-in ones.
import { GraphQLError, Lexer, Source, TokenKind, getNamedType, getNullableType, getVariableValues, isCompositeType, isListType, type ValidationRule } from 'graphql';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../server/pagination.ts';
import { DEFAULT_CANDIDATE_LIMIT, MAX_CANDIDATE_LIMIT, MAX_TIME_LIMIT_SECONDS } from '../server/services/matching.ts';

export const LIMIT_CODES = ['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'QUERY_TOO_COMPLEX', 'TOO_MANY_TOKENS', 'BATCH_TOO_LARGE', 'PAYLOAD_TOO_LARGE'] as const;
export type LimitCode = (typeof LIMIT_CODES)[number];

export interface QueryLimits {
  GRAPHQL_MAX_DEPTH: number;
  GRAPHQL_MAX_ALIASES: number;
  GRAPHQL_MAX_TOKENS: number;
  GRAPHQL_MAX_COST: number;
  GRAPHQL_MAX_BATCH_SIZE: number;
  GRAPHQL_MAX_BODY_BYTES: number;
}

/** A request refused by one of the limits; graphql/errors.ts keeps its code and limit. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    readonly limit: number,
    message: string,
    status = 400,
  ) {
    super(message, { extensions: { code, limit, http: { status } } });
    this.name = 'QueryLimitError';
  }
}

/** The limit error behind an error Apollo may have wrapped (validation errors are). */
export function findQueryLimitError(error: unknown): QueryLimitError | null {
  for (let e = error, i = 0; e && i < 5; e = (e as { originalError?: unknown }).originalError, i++) {
    if (e instanceof QueryLimitError) return e;
  }
  return null;
}

/** The answer for a refusal made outside Apollo (express middleware): the GraphQL error shape. */
export function limitErrorBody(error: QueryLimitError) {
  return { errors: [{ message: error.message, extensions: { code: error.code, limit: error.limit } }] };
}

const found = (message: string) => /found (\d+)/.exec(message)?.[1] ?? '?';

const reportAs =
  (make: (armorMessage: string) => QueryLimitError): GraphQLArmorRejectCallback =>
  (ctx, err) =>
    ctx?.reportError(make(err.message));

/** Depth and alias limits, as validation rules (run with graphql-js's own rules). */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const depth = limits.GRAPHQL_MAX_DEPTH;
  const aliases = limits.GRAPHQL_MAX_ALIASES;
  return [
    maxDepthRule({
      n: depth,
      // Not `__schema`: tools' introspection queries nest `ofType` as deep as they like (graphql-js:
      // 9 levels, depth 15). Its lists are priced by the cost limit like any other, and it is off
      // in production unless GRAPHQL_INTROSPECTION says otherwise.
      ignoreIntrospection: true,
      // Depth counts fields: a fragment spread adds its fields' levels, not one of its own.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reportAs((m) => new QueryLimitError('QUERY_TOO_DEEP', depth, `The query is nested ${found(m)} fields deep; the limit is ${depth} (GRAPHQL_MAX_DEPTH)`))],
    }) as unknown as ValidationRule,
    maxAliasesRule({
      n: aliases,
      propagateOnRejection: false,
      onReject: [reportAs((m) => new QueryLimitError('TOO_MANY_ALIASES', aliases, `The query uses ${found(m)} aliases; the limit is ${aliases} (GRAPHQL_MAX_ALIASES)`))],
    }) as unknown as ValidationRule,
  ];
}

// ---------------------------------------------------------------------------
// Cost. Every object the answer holds costs 1; a list multiplies its items'
// cost by its length: a connection by its page size (`first`, default 50, at
// most 200), other lists by the estimates below; lists inside lists multiply.
// Fields that rank, plan, search or compute capacity cost more on top.

/** Extra cost of the expensive fields, on top of the objects they return. */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'Query.slotCandidates': 200, // ranks every practitioner of the slot's role (plus `limit` candidates, below)
  'Query.whyNot': 100,
  'Query.comparePlans': 200,
  'Query.practitioners': 50, // a search; filtering by freeCapacity computes capacity too (below)
  'Query.councilLedger': 200,
  'Query.poolLedger': 500,
  'Query.poolDemand': 500, // capacity of every contracted practitioner, and every slot
  'Practitioner.capacity': 20, // a capacity calendar (plus its weeks)
  'Agreement.document': 20,
  'Mutation.proposeSquad': 1000,
  'Mutation.planProgramme': 5000, // plus 500 per second of timeLimitSeconds (below)
  'Mutation.commitPlan': 2000,
  'Mutation.bookPractitioner': 200,
  // bcrypt, on purpose slow: a few per request, not hundreds.
  'Mutation.login': 5000,
  'Mutation.createUser': 5000,
};

/** Estimated lengths of lists that have no page size (default LIST_SIZE). */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'Query.roleFamilies': 10,
  'Query.roles': 50,
  'Query.users': 100,
  'Query.pools': 20,
  'Query.bankHolidays': 20,
  'RoleFamily.roles': 20,
  'Role.levels': 10,
  'RoleLevel.expectedSkills': 20,
  'Pool.footprint': 50,
  'PoolLedger.councils': 50,
  'Practitioner.skills': 20,
  'Practitioner.leave': 20,
  'Practitioner.contracts': 5,
  'Booking.weeks': 53,
  'Plan.assignments': 50,
  'Plan.unfilled': 20,
  'PlanComparison.added': 50,
  'PlanComparison.removed': 50,
  'PlanComparison.changed': 50,
  // Sized by slotCandidates' `limit`, which multiplies them (below).
  'SlotCandidates.candidates': 1,
  'SlotCandidates.partialFits': 1,
};
export const LIST_SIZE = 10;

const MAX_WEEKS = 106;

function pageSizeOf(first: unknown): number {
  if (typeof first !== 'number' || !Number.isFinite(first)) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE);
}

/** ISO weeks (Monday to Sunday) touching from..to: the capacity view's rows, at most 106. */
function weeksOf(from: unknown, to: unknown): number {
  const a = typeof from === 'string' ? Date.parse(from) : NaN;
  const b = typeof to === 'string' ? Date.parse(to) : NaN;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return MAX_WEEKS;
  const days = Math.floor((b - a) / 86_400_000);
  const weekday = (new Date(a).getUTCDay() + 6) % 7; // Monday 0
  return Math.min(Math.max(Math.floor((weekday + days) / 7) + 1, 1), MAX_WEEKS);
}

export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const key = `${type.name}.${field.name}`;
  const named = getNamedType(field.type);
  const list = isListType(getNullableType(field.type));
  let base = FIELD_COSTS[key] ?? 0;
  if (key === 'Mutation.planProgramme') base += 500 * (typeof args.timeLimitSeconds === 'number' ? Math.min(Math.max(args.timeLimitSeconds, 0), MAX_TIME_LIMIT_SECONDS) : 10);
  if (key === 'Query.practitioners' && (args.filter as { freeCapacity?: unknown } | undefined)?.freeCapacity) base += 1000;

  if (!isCompositeType(named)) return base; // scalars and enums come with their object
  if (named.name.endsWith('Connection') && 'first' in args) return base + 1 + pageSizeOf(args.first) * childComplexity;
  if (type.name.endsWith('Connection')) return field.name === 'nodes' || field.name === 'edges' ? 1 + childComplexity : 0;
  if (key === 'Query.slotCandidates') {
    const limit = typeof args.limit === 'number' ? Math.min(Math.max(Math.trunc(args.limit), 1), MAX_CANDIDATE_LIMIT) : DEFAULT_CANDIDATE_LIMIT;
    return base + 1 + limit * childComplexity;
  }
  if (!list) return base + 1 + childComplexity;
  // Introspection's lists (types, fields, args...) count like any other.
  const size = key === 'Practitioner.capacity' ? weeksOf(args.from, args.to) : (LIST_SIZES[key] ?? LIST_SIZE);
  return base + size * (1 + childComplexity);
};

const NODES_MESSAGE = 'Query exceeds the maximum allowed number of nodes.';
const MAX_QUERY_NODES = 10_000;

/** Refuses an operation whose estimated cost is over the limit, before it runs. */
export function costLimitPlugin(limits: QueryLimits): ApolloServerPlugin {
  const max = limits.GRAPHQL_MAX_COST;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // execution answers that
          // Bad variables: execution refuses the whole operation before any resolver runs.
          if (getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}).errors) return;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: operation.name?.value,
              estimators: [costEstimator],
              maxQueryNodes: MAX_QUERY_NODES,
            });
          } catch (err) {
            if (err instanceof GraphQLError && err.message === NODES_MESSAGE) {
              throw new QueryLimitError('QUERY_TOO_COMPLEX', max, `The query expands to more than ${MAX_QUERY_NODES} fields (fragments counted each time they are used); the cost limit is ${max} (GRAPHQL_MAX_COST)`);
            }
            // An argument its variables cannot satisfy: refuse it as bad input rather than run it unpriced.
            throw new GraphQLError(err instanceof Error ? err.message : String(err), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          if (cost > max) {
            const shown = Number.isFinite(cost) && cost < 1e15 ? String(Math.ceil(cost)) : 'far more';
            throw new QueryLimitError('QUERY_TOO_COMPLEX', max, `The query's estimated cost is ${shown}; the limit is ${max} (GRAPHQL_MAX_COST). Ask for smaller pages (first) or fewer nested lists`);
          }
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Before Apollo: batch length and tokens.

/** Tokens of a GraphQL document (comments aside), counting no further than `max + 1`. */
export function countTokens(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++n > max) break;
  } catch {
    // Not a document: Apollo's parser answers with the syntax error.
  }
  return n;
}

function operationsOf(req: express.Request): unknown[] {
  if (req.method === 'GET') return [req.query];
  return Array.isArray(req.body) ? req.body : [req.body];
}

/** Express middleware for /graphql, after the JSON body parser: batch length and token limits. */
export function requestLimits(limits: QueryLimits): express.RequestHandler {
  const batch = limits.GRAPHQL_MAX_BATCH_SIZE;
  const tokens = limits.GRAPHQL_MAX_TOKENS;
  return (req, res, next) => {
    const refuse = (err: QueryLimitError) => {
      req.log?.info({ code: err.code, limit: err.limit }, 'request refused by a query limit');
      res.status(400).json(limitErrorBody(err));
    };
    if (Array.isArray(req.body) && req.body.length > batch) {
      return refuse(new QueryLimitError('BATCH_TOO_LARGE', batch, `The request batches ${req.body.length} operations; the limit is ${batch} (GRAPHQL_MAX_BATCH_SIZE)`));
    }
    for (const op of operationsOf(req)) {
      const query = (op as { query?: unknown } | null)?.query;
      if (typeof query !== 'string') continue;
      const n = countTokens(query, tokens);
      if (n > tokens) {
        return refuse(new QueryLimitError('TOO_MANY_TOKENS', tokens, `The query has more than ${tokens} tokens; the limit is ${tokens} (GRAPHQL_MAX_TOKENS)`));
      }
    }
    next();
  };
}
