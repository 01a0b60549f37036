// Per-request DataLoaders: built fresh for every request in the context
// factory, so caching never leaks between users or requests, and nested
// fields cost one query per kind of thing, not one per item. Once the client
// has gone (the request's signal), a batch still waiting is not sent.
import DataLoader from 'dataloader';
import { RequestAbortedError } from './request-abort.ts';
import { councilsByIds } from '../server/services/councils.ts';
import {
  roleFamiliesByIds,
  roleLevelsByIds,
  roleLevelsByRoleIds,
  rolesByFamilyIds,
  rolesByIds,
  skillsByIds,
} from '../server/services/ddat.ts';
import { poolsByIds } from '../server/services/pools.ts';
import { usersByIds } from '../server/services/users.ts';
import { projectsByIds } from '../server/services/projects.ts';
import { directoryEntriesByIds, practitionersByIds } from '../server/services/practitioners.ts';
import { contractsByIds, contractsByPractitionerIds } from '../server/services/central-contracts.ts';
import { capacitiesFor, type CapacityRequest } from '../server/services/practitioner-capacity.ts';
import { bookingsByIds, bookedWeeksByBookingIds } from '../server/services/bookings.ts';
import { agreementsByBookingIds, agreementsByIds, decisionsByAgreementIds } from '../server/services/agreements.ts';
import { plansByIds } from '../server/services/plans.ts';
import { daysAtRiskOf } from '../server/services/booking-risk.ts';
import type { BookingDoc } from '../models/booking.ts';

export function createLoaders(signal?: AbortSignal) {
  const stoppable =
    <K, V>(batch: DataLoader.BatchLoadFn<K, V>): DataLoader.BatchLoadFn<K, V> =>
    (keys) =>
      signal?.aborted ? Promise.reject(new RequestAbortedError()) : batch(keys);
  return {
    council: new DataLoader(stoppable(councilsByIds)),
    skill: new DataLoader(stoppable(skillsByIds)),
    role: new DataLoader(stoppable(rolesByIds)),
    roleFamily: new DataLoader(stoppable(roleFamiliesByIds)),
    roleLevel: new DataLoader(stoppable(roleLevelsByIds)),
    roleLevelsByRole: new DataLoader(stoppable(roleLevelsByRoleIds)),
    rolesByFamily: new DataLoader(stoppable(rolesByFamilyIds)),
    pool: new DataLoader(stoppable(poolsByIds)),
    user: new DataLoader(stoppable(usersByIds)),
    project: new DataLoader(stoppable(projectsByIds)),
    practitioner: new DataLoader(stoppable(practitionersByIds)),
    // Names only (a contracts table, a select): the small search entries, not whole profiles.
    practitionerEntry: new DataLoader(stoppable(directoryEntriesByIds)),
    centralContract: new DataLoader(stoppable(contractsByIds)),
    booking: new DataLoader(stoppable(bookingsByIds)),
    plan: new DataLoader(stoppable(plansByIds)),
    bookedWeeks: new DataLoader(stoppable(bookedWeeksByBookingIds)),
    agreement: new DataLoader(stoppable(agreementsByIds)),
    agreementByBooking: new DataLoader(stoppable(agreementsByBookingIds)),
    agreementDecisions: new DataLoader(stoppable(decisionsByAgreementIds)),
    contractsByPractitioner: new DataLoader(stoppable(contractsByPractitionerIds)),
    bookingDaysAtRisk: new DataLoader(stoppable((bs: readonly BookingDoc[]) => daysAtRiskOf(bs)), { cacheKeyFn: (b: BookingDoc) => String(b._id) }),
    // Keyed by practitioner, pool and range: a list of practitioners asking for the same view costs three queries.
    practitionerCapacity: new DataLoader(stoppable(capacitiesFor), { cacheKeyFn: (r: CapacityRequest) => JSON.stringify([String(r.practitioner._id), r.poolId, r.from, r.to]) }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The collections each loader's answers come from. */
const READS: Readonly<Record<keyof Loaders, readonly string[]>> = {
  council: ['councils'],
  skill: ['skills'],
  role: ['roles'],
  roleFamily: ['role_families'],
  roleLevel: ['role_levels'],
  roleLevelsByRole: ['role_levels'],
  rolesByFamily: ['roles'],
  pool: ['pools'],
  user: ['users'],
  project: ['projects'],
  practitioner: ['practitioners'],
  practitionerEntry: ['practitioners'],
  centralContract: ['central_contracts'],
  booking: ['bookings'],
  plan: ['plans'],
  bookedWeeks: ['capacity_claims'],
  agreement: ['agreements'],
  agreementByBooking: ['agreements'],
  agreementDecisions: ['agreement_decisions'],
  contractsByPractitioner: ['central_contracts'],
  practitionerCapacity: ['capacity_claims', 'central_contracts', 'practitioners', 'bank_holidays'],
  bookingDaysAtRisk: ['practitioners', 'agreements', 'bank_holidays'],
};

/**
 * Forget what a write made stale: every loader that reads the collection
 * starts again (graphql/fresh-after-writes.ts calls this for each write a
 * mutation makes, so its answer shows the state after it).
 */
export function forgetWritesTo(loaders: Loaders, collection: string): void {
  for (const [name, collections] of Object.entries(READS) as [keyof Loaders, readonly string[]][]) {
    if (collections.includes(collection)) loaders[name].clearAll();
  }
}

/** Load one thing that must exist (a dangling reference is a bug, not user error). */
export async function loadRequired<K, V>(loader: DataLoader<K, V | null>, key: K, what: string): Promise<V> {
  const v = await loader.load(key);
  if (v === null || v === undefined) throw new Error(`${what} ${String(key)} is referenced but missing`);
  return v;
}
