// What every resolver gets: who is asking, the request's logger and its loaders,
// and a signal that says the client has gone.
import type { Logger } from '../server/logger.ts';
import type { Config } from '../server/config.ts';
import type { Viewer } from '../server/auth/viewer.ts';
import { DomainError } from '../server/errors.ts';
import { viewerFromAuthorization } from '../server/services/users.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface GraphQLContext {
  requestId: string;
  log: Logger;
  loaders: Loaders;
  config: Config;
  /** The signed-in user, or null for an anonymous request. */
  viewer: Viewer | null;
  /** Why a presented token was refused; raised only by fields that need a viewer. */
  authError: DomainError | null;
  /** Aborts when the client goes away before the answer (graphql/request-abort.ts): resolvers stop. */
  signal: AbortSignal;
}

export async function buildContext(
  requestId: string,
  log: Logger,
  config: Config,
  authorization?: string,
  signal: AbortSignal = new AbortController().signal,
): Promise<GraphQLContext> {
  let viewer: Viewer | null = null;
  let authError: DomainError | null = null;
  try {
    viewer = await viewerFromAuthorization(authorization, config.JWT_SECRET);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    authError = err;
  }
  return { requestId, log: viewer ? log.child({ userId: viewer.userId }) : log, loaders: createLoaders(signal), config, viewer, authError, signal };
}
