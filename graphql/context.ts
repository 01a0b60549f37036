// What every resolver gets: who is asking, the request's logger and its loaders,
// and a signal that says the client has gone.
import type { Logger } from '../server/logger.ts';
import type { Config } from '../server/config.ts';
import type { Viewer } from '../server/auth/viewer.ts';
import { DomainError } from '../server/errors.ts';
import { viewerFromAuthorization } from '../server/services/users.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { databaseKnownDown } from '../server/db.ts';
import { databaseUnavailable, isDatabaseUnavailable } from './errors.ts';
import type { LoginLimits } from '../server/auth/login-limits.ts';

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
  /** Where the request came from, and the service's sign-in attempt limits (server/auth/login-limits.ts). */
  client: ClientInfo;
}

export interface ClientInfo {
  address: string;
  loginLimits: LoginLimits;
}

/**
 * Who a request is from: an Authorization header value (the API), or a viewer already resolved
 * from a web session cookie (server/web/session.ts, by the same users service), so pages run
 * operations behind the same permission rules as API clients.
 */
export type Credentials = string | undefined | { viewer: Viewer | null };

export async function buildContext(
  requestId: string,
  log: Logger,
  config: Config,
  credentials: Credentials,
  signal: AbortSignal,
  client: ClientInfo,
): Promise<GraphQLContext> {
  // Known to be away: answer at once (HTTP 503) rather than wait out the driver's server selection.
  if (databaseKnownDown()) throw databaseUnavailable();
  let viewer: Viewer | null = null;
  let authError: DomainError | null = null;
  try {
    viewer = typeof credentials === 'object' ? credentials.viewer : await viewerFromAuthorization(credentials, config.JWT_SECRET);
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw databaseUnavailable();
    if (!(err instanceof DomainError)) throw err;
    authError = err;
  }
  return { requestId, log: viewer ? log.child({ userId: viewer.userId }) : log, loaders: createLoaders(signal), config, viewer, authError, signal, client };
}
