// What every resolver gets: who is asking, the request's logger and its loaders.
import type { Logger } from '../server/logger.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface GraphQLContext {
  requestId: string;
  log: Logger;
  loaders: Loaders;
}

export function buildContext(requestId: string, log: Logger): GraphQLContext {
  return { requestId, log, loaders: createLoaders() };
}
