// Who may see an agreement, manage it, and which party a viewer decides for.
// Pure: the permission table (graphql/agreement-rules.ts), the list scope and
// the decision service all follow it.
import type { Viewer } from '../auth/viewer.ts';
import { canReadBooking, type BookingScope } from '../bookings/booking-access.ts';
import type { Party, PartyKind } from './agreement-status.ts';

/** An agreement has the same parties, and so the same readers, as its booking. */
export type AgreementScope = BookingScope;

export const canReadAgreement = (v: Viewer | null, a: AgreementScope): boolean => canReadBooking(v, a);

/** Edit a draft, submit it, propose or withdraw an amendment: the pool's lead, an admin. */
export const canManageAgreement = (v: Viewer, a: Pick<AgreementScope, 'poolId'>): boolean =>
  v.role === 'ADMIN' || (v.role === 'PROGRAMME_LEAD' && v.poolId !== null && v.poolId === a.poolId);

/** The parties a viewer stands as, by who they are (an admin stands as none until they say). */
export function partiesOf(v: Viewer, a: AgreementScope): Party[] {
  switch (v.role) {
    case 'PRACTITIONER':
      return v.practitionerId === a.practitionerId ? [{ kind: 'PRACTITIONER', councilId: null }] : [];
    case 'COUNCIL_REQUESTER': {
      if (!v.councilId) return [];
      const out: Party[] = [];
      if (v.councilId === a.homeCouncilId) out.push({ kind: 'HOME_COUNCIL', councilId: v.councilId });
      if (a.hostCouncilIds.includes(v.councilId)) out.push({ kind: 'HOST_COUNCIL', councilId: v.councilId });
      return out;
    }
    case 'PROGRAMME_LEAD':
      return v.poolId !== null && v.poolId === a.poolId ? [{ kind: 'PROGRAMME_LEAD', councilId: null }] : [];
    default:
      return [];
  }
}

/** May decide on the agreement for some party: one of its parties, or an admin. */
export const canDecideAgreement = (v: Viewer, a: AgreementScope): boolean => v.role === 'ADMIN' || partiesOf(v, a).length > 0;

export type PartyChoice =
  | { ok: true; party: Party }
  | { ok: false; code: 'FORBIDDEN' | 'BAD_USER_INPUT'; message: string; field?: string[] };

/**
 * The party a decision is made for. Everyone but an admin decides as who
 * they are; `as` (and `councilId` for a host council) may only pick among
 * those. An admin must say which party they act for.
 */
export function actingParty(v: Viewer, a: AgreementScope, as?: PartyKind | null, councilId?: string | null): PartyChoice {
  const hostOf = (c: string | null | undefined): PartyChoice => {
    const hosts = [...new Set(a.hostCouncilIds)];
    const chosen = c ?? (hosts.length === 1 ? hosts[0]! : null);
    if (!chosen) return { ok: false, code: 'BAD_USER_INPUT', message: `say which host council (${hosts.join(', ')}) you act for`, field: ['councilId'] };
    if (!hosts.includes(chosen)) return { ok: false, code: 'BAD_USER_INPUT', message: `${chosen} is not a host council of this agreement`, field: ['councilId'] };
    return { ok: true, party: { kind: 'HOST_COUNCIL', councilId: chosen } };
  };
  if (v.role === 'ADMIN') {
    if (!as) return { ok: false, code: 'BAD_USER_INPUT', message: 'an admin must say which party they act for', field: ['as'] };
    if (as === 'HOST_COUNCIL') return hostOf(councilId);
    if (councilId) return { ok: false, code: 'BAD_USER_INPUT', message: 'is only for a host council', field: ['councilId'] };
    return { ok: true, party: { kind: as, councilId: as === 'HOME_COUNCIL' ? a.homeCouncilId : null } };
  }
  const mine = partiesOf(v, a);
  const candidates = mine.filter((p) => (!as || p.kind === as) && (!councilId || p.councilId === councilId));
  if (candidates.length === 0) {
    const what = as ? `as ${as}${councilId ? ` for ${councilId}` : ''}` : 'on it';
    return { ok: false, code: 'FORBIDDEN', message: mine.length ? `You cannot decide ${what} on this agreement` : 'You are not a party to this agreement' };
  }
  if (candidates.length > 1) {
    return { ok: false, code: 'BAD_USER_INPUT', message: `you are ${candidates.map((p) => p.kind).join(' and ')} on this agreement: say which with \`as\``, field: ['as'] };
  }
  return { ok: true, party: candidates[0]! };
}
