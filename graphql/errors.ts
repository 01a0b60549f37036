// The one place errors become GraphQL errors. Domain errors keep their code
// and field path; GraphQL's own validation errors pass through, and values
// that did not coerce become BAD_USER_INPUT with their argument's path; a query
// refused by a limit keeps its own code and the limit (graphql/query-limits.ts);
// anything else is logged and reported as INTERNAL_SERVER_ERROR without
// details, so a stack trace or raw database error never reaches a client. With
// `hideSuggestions` (production) no message says "Did you mean ...?": like
// introspection, suggestions would describe the schema.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import mongoose from 'mongoose';
import { DomainError } from '../server/errors.ts';
import type { Logger } from '../server/logger.ts';
import { findQueryLimitError } from './query-limits.ts';
import { CLIENT_CLOSED_REQUEST, RequestAbortedError } from './request-abort.ts';
import { inputErrorOf, type InputPath } from './input-paths.ts';

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'SERVICE_UNAVAILABLE',
]);

/** The database is away: HTTP 503, whether a resolver or the sign-in lookup found out. */
export const databaseUnavailable = () =>
  new GraphQLError('The database is not answering; try again shortly', { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });

/** Any error of the answer SERVICE_UNAVAILABLE makes its HTTP status 503 (a client or balancer then retries elsewhere or later). */
export const unavailableStatusPlugin = (): ApolloServerPlugin => ({
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const body = response.body;
        const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
        if (errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) response.http.status = 503;
      },
    };
  },
});

export function isDatabaseUnavailable(err: unknown): boolean {
  const name = (err as Error | undefined)?.name ?? '';
  return (
    name === 'MongoServerSelectionError' ||
    name === 'MongoNetworkError' ||
    name === 'MongoNotConnectedError' ||
    (err instanceof mongoose.Error && /buffering timed out|not connected|Client must be connected/i.test(err.message))
  );
}

/**
 * A value graphql-js could not coerce before any resolver ran (a variable, or
 * a literal argument such as a LocalDate "2027-02-30" or an Int out of range)
 * is bad input, at its argument's path like every other input error
 * (graphql/input-paths.ts). Other validation errors about an argument's value
 * (an unknown enum value, a missing input field) keep their code and gain the
 * path too.
 */
function coercionFailure(err: GraphQLError, code: string): { code: string; field: InputPath } | null {
  if (code !== 'BAD_USER_INPUT' && code !== 'GRAPHQL_VALIDATION_FAILED') return null;
  const body = err.source?.body;
  if (!body) return null;
  const input = inputErrorOf(body, err.message, err.positions?.[0]);
  if (!input) return null;
  return { code: code === 'BAD_USER_INPUT' || input.coercion ? 'BAD_USER_INPUT' : code, field: input.path };
}

/** graphql-js's suggestions: ' Did you mean "a", "b", or "c"?', ' Did you mean the enum value "X"?' and the like. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export interface FormatErrorOptions {
  /** Strip "Did you mean ...?" from every message (production). */
  hideSuggestions?: boolean;
}

export function makeFormatError(log: Logger, options: FormatErrorOptions = {}) {
  const format = formatWith(log);
  if (!options.hideSuggestions) return format;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const out = format(formatted, error);
    const message = out.message.replace(SUGGESTION, '');
    return message === out.message ? out : { ...out, message };
  };
}

function formatWith(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const limit = findQueryLimitError(error);
    if (limit) {
      return { message: limit.message, locations: formatted.locations, extensions: { code: limit.code, limit: limit.limit } };
    }
    const original = unwrapResolverError(error);
    if (original instanceof RequestAbortedError) {
      // Nobody reads this answer; the request was logged once when its client went.
      return { message: original.message, path: formatted.path, extensions: { code: CLIENT_CLOSED_REQUEST } };
    }
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: {
          code: original.code,
          ...(original.field ? { field: original.field } : {}),
          ...(original.details ? { details: original.details } : {}),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && PASS_THROUGH.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      const input = extensions.field === undefined ? coercionFailure(original, code) : null;
      return { ...formatted, extensions: input ? { ...extensions, ...input } : extensions };
    }
    if (isDatabaseUnavailable(original)) {
      log.warn({ err: (original as Error).message, path: formatted.path }, 'database unavailable');
      return { message: 'The database is not answering; try again shortly', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in resolver');
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
