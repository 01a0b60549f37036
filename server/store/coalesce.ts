// Many requests at once asking for the same document (a busy hour of
// bookings: the same lead, project and people, a hundred times a second)
// need not each send the read. A caller joins the next read of its key that
// starts after the call, so what it gets is as fresh as a read of its own:
// every write that finished before the call is in it. With a read of the
// key in flight, callers wait for it to end and share one read after it;
// at most one read per key is in flight, and one more is waiting.
//
// The answer is shared by every caller that joined: callers treat it as
// read-only (lean documents are plain objects, nothing stops a write).

interface KeyState<R> {
  running: Promise<unknown> | null;
  /** The read that starts when `running` ends; everyone arriving meanwhile joins it. */
  queued: Promise<R> | null;
}

/** `read`, with concurrent calls of one key (by `keyOf`) joined as above. */
export function coalesce<A extends unknown[], R>(read: (...args: A) => Promise<R>, keyOf: (...args: A) => string): (...args: A) => Promise<R> {
  const keys = new Map<string, KeyState<R>>();
  const start = (key: string, state: KeyState<R>, args: A): Promise<R> => {
    const p = (async () => read(...args))(); // a throw becomes a rejection
    state.running = p;
    const end = () => {
      if (state.running !== p) return;
      state.running = null;
      if (!state.queued) keys.delete(key);
    };
    p.then(end, end);
    return p;
  };
  return (...args: A): Promise<R> => {
    const key = keyOf(...args);
    const state = keys.get(key);
    if (!state) {
      const fresh: KeyState<R> = { running: null, queued: null };
      keys.set(key, fresh);
      return start(key, fresh, args);
    }
    if (state.queued) return state.queued;
    const after = state.running ?? Promise.resolve();
    const queued = after.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      state.queued = null;
      return start(key, state, args);
    });
    state.queued = queued;
    return queued;
  };
}
