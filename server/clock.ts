// The service's one clock for business time: every recorded moment (status
// history, audit events, decisions, createdAt/updatedAt through the models'
// `timestamps`) reads it. FIXED_NOW (config) pins it, so tests and demos that
// reason about notice periods and "today" do not depend on the wall clock.
//
// Installed once at start-up (server/main.ts) rather than passed down each
// call: mongoose's schema-level timestamps need it, and one process has one
// clock. Leases, lock expiry and staleness are operational timing and keep
// the wall clock (Date.now) on purpose: a pinned clock would never age them.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const at = new Date(iso).getTime();
  return { now: () => new Date(at) };
}

let current: Clock = systemClock;

export function useClock(clock: Clock): void {
  current = clock;
}

export function setFixedNow(iso: string | null | undefined): void {
  useClock(iso ? fixedClock(iso) : systemClock);
}

export function now(): Date {
  return current.now();
}

// For mongoose schemas: `timestamps: MODEL_TIMESTAMPS` stamps createdAt and
// updatedAt from this clock, not from mongoose's own `new Date()`.
export const MODEL_TIMESTAMPS = { currentTime: () => now() } as const;
