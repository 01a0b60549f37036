// Who a candidate is, as the viewer may see them. Pure.
//
// Programme leads (of the pool: the permission table has checked that) and
// admins see everyone ranked. A council requester ranks candidates for their
// own council's projects, and may know who their own council's practitioners
// are; anyone from another council is shown only by a pseudonym and their
// home council, never their name, email, leave or profile. The pseudonym is
// an HMAC of the practitioner's id under a server key, per slot: stable
// while the requester tries other weights on the same slot, useless for
// following a person from slot to slot or guessing who they are.
import { createHmac } from 'node:crypto';
import type { Viewer } from '../auth/viewer.ts';

export interface CandidateView {
  practitionerId: string;
  /** False: show only the label and the home council. */
  identified: boolean;
  /** The name when identified, else the pseudonym. */
  label: string;
  homeCouncilId: string;
}

export function mayIdentify(viewer: Viewer, homeCouncilId: string): boolean {
  switch (viewer.role) {
    case 'ADMIN':
    case 'PROGRAMME_LEAD':
      return true;
    case 'COUNCIL_REQUESTER':
      return viewer.councilId !== null && viewer.councilId === homeCouncilId;
    default:
      return false;
  }
}

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

export function pseudonym(key: string, scope: string, practitionerId: string): string {
  const mac = createHmac('sha256', key).update(`candidate-label\u0000${scope}\u0000${practitionerId}`).digest();
  let s = '';
  for (let i = 0; i < 6; i++) s += BASE32[mac[i]! % BASE32.length];
  return `Candidate ${s}`;
}

export function candidateView(viewer: Viewer, p: { id: string; name: string; homeCouncilId: string }, scope: string, key: string): CandidateView {
  const identified = mayIdentify(viewer, p.homeCouncilId);
  return { practitionerId: p.id, identified, label: identified ? p.name : pseudonym(key, scope, p.id), homeCouncilId: p.homeCouncilId };
}
