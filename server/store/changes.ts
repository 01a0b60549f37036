// What the stores changed, told to whoever keeps copies: the matching cache
// (which reloads only the practitioners a write touched) and the request's
// DataLoaders (which forget what a write made stale, so a mutation's answer
// never shows what it read before writing). The stores are the only code
// that writes (a lint rule holds that), and every store write reports here
// once it has been acknowledged, so no write path can forget to.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Change {
  /** The collection written. */
  collection: string;
  /**
   * The practitioners whose data the write touched, when the store knows
   * them; absent means "could be anyone's" (copies of the collection are
   * dropped whole).
   */
  practitionerIds?: readonly string[];
}

type Listener = (change: Change) => void;

const listeners = new Set<Listener>();
const requestListeners = new AsyncLocalStorage<Listener>();

/** Listen to every change this process makes; returns the way to stop. */
export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Run `fn` (one request) with `listener` told of the changes made inside it. */
export function withRequestChanges<T>(listener: Listener, fn: () => T): T {
  return requestListeners.run(listener, fn);
}

/** Report a write (stores call this after the database acknowledged it). */
export function changed(collection: string, practitionerIds?: readonly (string | { toString(): string })[]): void {
  const change: Change = { collection, ...(practitionerIds ? { practitionerIds: practitionerIds.map(String) } : {}) };
  for (const l of listeners) l(change);
  requestListeners.getStore()?.(change);
}
