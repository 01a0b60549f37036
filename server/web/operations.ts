// Pages run GraphQL operations in-process, through the same Apollo server
// (schema, permission rules, query limits, error formatting) as /graphql, with
// the context built by graphql/context.ts for the signed-in user.
import type { Request, Response } from 'express';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Config } from '../config.ts';
import { buildContext, type GraphQLContext } from '../../graphql/context.ts';
import { clientGoneSignal } from '../../graphql/request-abort.ts';
import { clientAddress, type LoginLimits } from '../auth/login-limits.ts';

/** One error as the API answers it (after graphql/errors.ts formatted it). */
export interface OperationError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; field?: (string | number)[]; details?: Record<string, unknown>; [k: string]: unknown };
}

export interface OperationResult<T> {
  data: T | null;
  errors: OperationError[];
}

/** Thrown by Operations.query when the API answered with errors; the web error handler maps its code to a page (404, 403, 503...). */
export class OperationFailed extends Error {
  constructor(readonly errors: OperationError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    this.name = 'OperationFailed';
  }
  get code(): string {
    return this.errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  }
}

export interface Operations {
  /** Run a query or mutation as the request's signed-in user (or anonymously); never throws for GraphQL errors. */
  run<T = Record<string, unknown>>(req: Request, res: Response, query: string, variables?: Record<string, unknown>): Promise<OperationResult<T>>;
  /** Run it and return its data; any error throws OperationFailed (for page reads, where an error means an error page). */
  query<T = Record<string, unknown>>(req: Request, res: Response, query: string, variables?: Record<string, unknown>): Promise<T>;
}

export function createOperations(apollo: ApolloServer<GraphQLContext>, config: Config, loginLimits: LoginLimits): Operations {
  const run = async <T>(req: Request, res: Response, query: string, variables: Record<string, unknown> = {}): Promise<OperationResult<T>> => {
    // One signal per request, however many operations a page runs.
    const signal = ((res.locals.clientGone as AbortSignal | undefined) ??= clientGoneSignal(req, res, req.log));
    let contextValue: GraphQLContext;
    try {
      contextValue = await buildContext(String(req.id), req.log, config, { viewer: req.session?.viewer ?? null }, signal, { address: clientAddress(req), loginLimits });
    } catch (err) {
      // The database is away (graphql/context.ts): the page shows it as the API answers it.
      if (err instanceof GraphQLError) return { data: null, errors: [{ message: err.message, extensions: err.extensions as OperationError['extensions'] }] };
      throw err;
    }
    const response = await apollo.executeOperation<T>({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('Pages do not use incremental delivery');
    const { data, errors } = response.body.singleResult;
    return { data: (data ?? null) as T | null, errors: (errors ?? []) as OperationError[] };
  };
  return {
    run,
    async query<T>(req: Request, res: Response, query: string, variables?: Record<string, unknown>): Promise<T> {
      const r = await run<T>(req, res, query, variables);
      if (r.errors.length || !r.data) throw new OperationFailed(r.errors);
      return r.data;
    },
  };
}
