// Per-request DataLoaders: built fresh for every request in the context
// factory, so caching never leaks between users or requests, and nested
// fields cost one query per kind of thing, not one per item.
import DataLoader from 'dataloader';
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
import { practitionersByIds } from '../server/services/practitioners.ts';
import { contractsByIds, contractsByPractitionerIds } from '../server/services/central-contracts.ts';
import { capacitiesFor, type CapacityRequest } from '../server/services/practitioner-capacity.ts';
import { bookingsByIds, bookedWeeksByBookingIds } from '../server/services/bookings.ts';
import { agreementsByBookingIds, agreementsByIds, decisionsByAgreementIds } from '../server/services/agreements.ts';
import { plansByIds } from '../server/services/plans.ts';

export function createLoaders() {
  return {
    council: new DataLoader(councilsByIds),
    skill: new DataLoader(skillsByIds),
    role: new DataLoader(rolesByIds),
    roleFamily: new DataLoader(roleFamiliesByIds),
    roleLevel: new DataLoader(roleLevelsByIds),
    roleLevelsByRole: new DataLoader(roleLevelsByRoleIds),
    rolesByFamily: new DataLoader(rolesByFamilyIds),
    pool: new DataLoader(poolsByIds),
    user: new DataLoader(usersByIds),
    project: new DataLoader(projectsByIds),
    practitioner: new DataLoader(practitionersByIds),
    centralContract: new DataLoader(contractsByIds),
    booking: new DataLoader(bookingsByIds),
    plan: new DataLoader(plansByIds),
    bookedWeeks: new DataLoader(bookedWeeksByBookingIds),
    agreement: new DataLoader(agreementsByIds),
    agreementByBooking: new DataLoader(agreementsByBookingIds),
    agreementDecisions: new DataLoader(decisionsByAgreementIds),
    contractsByPractitioner: new DataLoader(contractsByPractitionerIds),
    // Keyed by practitioner, pool and range: a list of practitioners asking for the same view costs three queries.
    practitionerCapacity: new DataLoader(capacitiesFor, { cacheKeyFn: (r: CapacityRequest) => JSON.stringify([String(r.practitioner._id), r.poolId, r.from, r.to]) }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Load one thing that must exist (a dangling reference is a bug, not user error). */
export async function loadRequired<K, V>(loader: DataLoader<K, V | null>, key: K, what: string): Promise<V> {
  const v = await loader.load(key);
  if (v === null || v === undefined) throw new Error(`${what} ${String(key)} is referenced but missing`);
  return v;
}
