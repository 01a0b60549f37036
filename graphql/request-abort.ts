// Stop work for a request whose client has gone. Each request's GraphQL context
// carries an AbortSignal that fires when the HTTP connection closes before the
// answer was sent; every field resolver is wrapped (in one place, here) to
// throw instead of running once that has happened, so graphql-js (which has no
// abort of its own) stops resolving the rest of the answer: no further
// database reads, loaders or nested lists for an answer nobody will read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import type { Logger } from '../server/logger.ts';

export const CLIENT_CLOSED_REQUEST = 'CLIENT_CLOSED_REQUEST';

export class RequestAbortedError extends GraphQLError {
  constructor() {
    super('The client closed the connection before the answer; the request was stopped', { extensions: { code: CLIENT_CLOSED_REQUEST } });
    this.name = 'RequestAbortedError';
  }
}

/** A signal that aborts when the client goes away before `res` is finished. */
export function clientGoneSignal(req: IncomingMessage, res: ServerResponse, log?: Logger): AbortSignal {
  const controller = new AbortController();
  const gone = () => {
    if (res.writableFinished || controller.signal.aborted) return;
    log?.info('client closed the connection before the answer: stopping its work');
    controller.abort(new RequestAbortedError());
  };
  if (req.socket.destroyed) gone();
  else res.once('close', gone);
  return controller.signal;
}

/** Wrap every field resolver to refuse to run once the request's signal has aborted. */
export function stopWhenClientGone(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (source, args, ctx: { signal?: AbortSignal } | undefined, info) => {
          if (ctx?.signal?.aborted) throw ctx.signal.reason instanceof RequestAbortedError ? ctx.signal.reason : new RequestAbortedError();
          return resolve(source, args, ctx, info);
        },
      };
    },
  });
}
