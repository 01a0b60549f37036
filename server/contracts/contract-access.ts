// How a viewer stands towards a central contract, pure. The contract's
// parties are its pool (the lead), the home council (the requester) and the
// practitioner; admins stand in for anyone.
import type { Viewer } from '../auth/viewer.ts';
import type { ContractRole } from './contract-status.ts';

export interface ContractScope {
  poolId: string;
  homeCouncilId: string;
  practitionerId: string;
}

export function contractRole(viewer: Viewer | null, c: ContractScope): ContractRole {
  if (!viewer) return 'NONE';
  switch (viewer.role) {
    case 'ADMIN':
      return 'ADMIN';
    case 'PROGRAMME_LEAD':
      return viewer.poolId !== null && viewer.poolId === c.poolId ? 'POOL_LEAD' : 'NONE';
    case 'COUNCIL_REQUESTER':
      return viewer.councilId !== null && viewer.councilId === c.homeCouncilId ? 'HOME_REQUESTER' : 'NONE';
    case 'PRACTITIONER':
      return viewer.practitionerId !== null && viewer.practitionerId === c.practitionerId ? 'PRACTITIONER' : 'NONE';
    default:
      return 'NONE';
  }
}

export const canReadContract = (viewer: Viewer | null, c: ContractScope) => contractRole(viewer, c) !== 'NONE';

/** Anyone who may ever move the contract's status (the exact move is the status machine's call). */
export function canActOnContract(viewer: Viewer | null, c: ContractScope): boolean {
  const role = contractRole(viewer, c);
  return role === 'ADMIN' || role === 'POOL_LEAD' || role === 'HOME_REQUESTER';
}

/**
 * The pools whose every contract the viewer sees: all of them for an admin,
 * a lead's own pool, none for anyone else (they see contracts one by one, as
 * a party). The one rule behind the contracts list's filter and its shortcuts.
 */
export function wholePoolsOf(viewer: Viewer | null): 'ALL' | string | null {
  if (viewer?.role === 'ADMIN') return 'ALL';
  if (viewer?.role === 'PROGRAMME_LEAD') return viewer.poolId;
  return null;
}

export function seesWholePool(viewer: Viewer | null, poolId: string): boolean {
  const whole = wholePoolsOf(viewer);
  return whole === 'ALL' || (whole !== null && whole === poolId);
}

/** Who may propose a contract with a pool: its leads and admins (the footprint check is the service's). */
export const canProposeContract = seesWholePool;

/** The contracts among these that the viewer may see (a lead sees their own pool's only). */
export function visibleContracts<C extends { poolId: string; homeCouncilId: string; practitionerId: unknown }>(viewer: Viewer | null, contracts: readonly C[]): C[] {
  return contracts.filter((c) => canReadContract(viewer, { poolId: c.poolId, homeCouncilId: c.homeCouncilId, practitionerId: String(c.practitionerId) }));
}
