// The service's clock. FIXED_NOW (config) pins it, so tests and demos that
// reason about notice periods and "today" do not depend on the wall clock.
let fixed: Date | null = null;

export function setFixedNow(iso: string | null | undefined): void {
  fixed = iso ? new Date(iso) : null;
}

export function now(): Date {
  return fixed ? new Date(fixed) : new Date();
}
