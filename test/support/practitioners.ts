// Practitioner, contract and booking fixtures, made through the real services
// (as an admin) so suites can set the scene quickly and test the operation
// under test over GraphQL.
import { Types } from 'mongoose';
import type { Viewer } from '../../server/auth/viewer.ts';
import { createPractitioner } from '../../server/services/practitioners.ts';
import { proposeContract, transitionContract } from '../../server/services/central-contracts.ts';
import type { PractitionerInput } from '../../server/practitioners/practitioner-input.ts';
import type { ContractProposal } from '../../server/contracts/contract-input.ts';
import type { ContractStatus } from '../../server/contracts/contract-status.ts';
import { ALL_POOLS } from '../../models/capacity-claim.ts';
import { claimCapacity } from '../../server/store/capacity-claims.ts';
import { weeksBetween } from '../../server/calendar/iso-week.ts';

export const ADMIN: Viewer = { userId: 'fixture-admin', role: 'ADMIN', name: 'Fixture admin', councilId: null, poolId: null, practitionerId: null };

let n = 0;

/** The skills the DDaT framework expects of a user researcher, at any level. */
export const USER_RESEARCH_SKILL_IDS = [
  'agile-research-practices',
  'analysis-and-synthesis',
  'inclusive-research',
  'research-management-leadership-and-assurance',
  'stakeholder-relationship-management',
  'user-research-methods',
  'user-centred-practice-and-advocacy',
];

/**
 * Those skills at Expert: a default researcher meets any user-research slot
 * whose required skills come from its role level, as bookings demand (a suite
 * about skills sets its own).
 */
export const USER_RESEARCH_SKILLS = USER_RESEARCH_SKILL_IDS.map((skillId) => ({ skillId, proficiency: 'Expert' as const }));

/** A valid profile with a unique email; Newcastle, user researcher, full time, unless overridden. */
export function practitionerInput(overrides: Partial<PractitionerInput> = {}): PractitionerInput {
  n += 1;
  return {
    name: `Practitioner ${n}`,
    email: `practitioner-${n}@example.test`,
    homeCouncilId: 'E08000021',
    roleLevelId: 'user-researcher',
    ...overrides,
  };
}

/** A practitioner made through the service; a user researcher gets the role's skills unless given others. */
export async function seedPractitioner(overrides: Partial<PractitionerInput> = {}) {
  const researcher = (overrides.roleLevelId ?? 'user-researcher').endsWith('user-researcher');
  const p = await createPractitioner(ADMIN, practitionerInput(researcher && overrides.skills === undefined ? { skills: USER_RESEARCH_SKILLS, ...overrides } : overrides));
  return { ...p, id: String(p._id) };
}

const PATH: Record<ContractStatus, ContractStatus[]> = {
  PROPOSED: [],
  APPROVED: ['APPROVED'],
  ACTIVE: ['APPROVED', 'ACTIVE'],
  ENDED: ['ENDED'],
};

/** A contract in the given status, moved there by an admin. */
export async function seedContract(input: Omit<ContractProposal, 'daysPerWeek' | 'start' | 'end'> & Partial<ContractProposal>, status: ContractStatus = 'APPROVED') {
  let c = await proposeContract(ADMIN, { daysPerWeek: 2, start: '2026-01-01', end: '2026-12-31', ...input });
  for (const to of PATH[status]) c = await transitionContract(ADMIN, String(c._id), to);
  return { ...c, id: String(c._id) };
}

/**
 * What a booking holds, as the booking code leaves it: capacity claims in the
 * pool's scope and in the all-pools scope for every ISO week start..end
 * touches (the booking service itself is not these suites' subject).
 */
export async function seedBooking(practitionerId: string, poolId: string, start: string, end: string, unitsPerWeek: number) {
  const bookingId = new Types.ObjectId();
  const needs = weeksBetween(start, end).map((week) => ({ week, units: unitsPerWeek, capacity: 14 }));
  for (const scope of [poolId, ALL_POOLS]) {
    const r = await claimCapacity(practitionerId, bookingId, needs, scope);
    if (!r.ok) throw new Error(`could not seed claims: ${JSON.stringify(r.shortWeeks)}`);
  }
  return bookingId;
}
