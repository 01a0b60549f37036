// The time-sharing agreement state machine, pure. An agreement has versions;
// each version needs the approval of every party: the practitioner (consent),
// their home council, each host council, and the pool's programme lead. The
// first version's approval makes the agreement ACTIVE (and its booking
// confirmed); a later version (an amendment) takes effect only once approved,
// and until then the previous version stays in force.

export const AGREEMENT_STATUSES = ['DRAFT', 'AWAITING_APPROVALS', 'ACTIVE', 'ENDED', 'RECALLED', 'CANCELLED'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const VERSION_STATUSES = ['AWAITING_APPROVALS', 'APPROVED', 'DECLINED', 'SUPERSEDED', 'WITHDRAWN'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export type PartyKind = 'PRACTITIONER' | 'HOME_COUNCIL' | 'HOST_COUNCIL' | 'PROGRAMME_LEAD';

/** A party that must approve: its kind, and the council for council parties. */
export interface Party {
  kind: PartyKind;
  councilId: string | null;
}

export interface Decision {
  party: Party;
  decision: 'APPROVED' | 'DECLINED';
  byUserId: string;
  at: string; // ISO instant
  reason: string | null;
}

export interface VersionState {
  version: number;
  status: VersionStatus;
  decisions: Decision[];
}

export interface AgreementState {
  status: AgreementStatus;
  /** Version in force (0 while none has been approved). */
  activeVersion: number;
  versions: VersionState[];
}

export type AgreementError =
  | { code: 'NOT_A_PARTY'; message: string }
  | { code: 'ALREADY_DECIDED'; message: string }
  | { code: 'NOT_AWAITING'; message: string }
  | { code: 'ILLEGAL_TRANSITION'; message: string; allowed: AgreementStatus[] }
  | { code: 'REASON_REQUIRED'; message: string };

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AgreementError };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = <T>(error: AgreementError): Outcome<T> => ({ ok: false, error });

export function requiredParties(homeCouncilId: string, hostCouncilIds: string[]): Party[] {
  return [
    { kind: 'PRACTITIONER', councilId: null },
    { kind: 'HOME_COUNCIL', councilId: homeCouncilId },
    ...[...new Set(hostCouncilIds)].sort().map((c) => ({ kind: 'HOST_COUNCIL' as const, councilId: c })),
    { kind: 'PROGRAMME_LEAD', councilId: null },
  ];
}

export const sameParty = (a: Party, b: Party) => a.kind === b.kind && (a.councilId ?? null) === (b.councilId ?? null);
export const partyLabel = (p: Party) => (p.councilId ? `${p.kind} ${p.councilId}` : p.kind);

/** Statuses the agreement as a whole may move to by an explicit action. */
const TRANSITIONS: Record<AgreementStatus, AgreementStatus[]> = {
  DRAFT: ['AWAITING_APPROVALS', 'CANCELLED'],
  AWAITING_APPROVALS: ['CANCELLED'], // ACTIVE comes only from the last approval
  // CANCELLED: a confirmed booking may still be cancelled before it starts.
  ACTIVE: ['ENDED', 'RECALLED', 'CANCELLED'],
  ENDED: [],
  RECALLED: [],
  CANCELLED: [],
};

export function allowedTransitions(from: AgreementStatus): AgreementStatus[] {
  return TRANSITIONS[from];
}

export function transition(state: AgreementState, to: AgreementStatus): Outcome<AgreementState> {
  if (!TRANSITIONS[state.status].includes(to)) {
    return fail({ code: 'ILLEGAL_TRANSITION', message: `An agreement that is ${state.status} cannot become ${to}`, allowed: TRANSITIONS[state.status] });
  }
  const versions = state.versions.map((v) => (v.status === 'AWAITING_APPROVALS' && to !== 'AWAITING_APPROVALS' ? { ...v, status: 'WITHDRAWN' as const } : v));
  return ok({ ...state, status: to, versions });
}

/** The version currently collecting decisions, if any. */
export function pendingVersion(state: AgreementState): VersionState | undefined {
  return state.versions.find((v) => v.status === 'AWAITING_APPROVALS');
}

/** Open a new version for approval (the first, or an amendment of an active agreement). */
export function openVersion(state: AgreementState): Outcome<AgreementState> {
  if (pendingVersion(state)) return fail({ code: 'NOT_AWAITING', message: 'A version is already awaiting approvals' });
  if (state.status !== 'DRAFT' && state.status !== 'ACTIVE') {
    return fail({ code: 'ILLEGAL_TRANSITION', message: `An agreement that is ${state.status} cannot take a new version`, allowed: TRANSITIONS[state.status] });
  }
  const version = state.versions.length + 1;
  return ok({
    ...state,
    status: state.status === 'DRAFT' ? 'AWAITING_APPROVALS' : state.status,
    versions: [...state.versions, { version, status: 'AWAITING_APPROVALS', decisions: [] }],
  });
}

/**
 * Record one party's decision on the pending version. The last approval
 * makes that version the one in force; a decline ends the version (and a
 * declined first version cancels the agreement).
 */
export function decide(state: AgreementState, parties: Party[], d: Decision): Outcome<{ state: AgreementState; takesEffect: boolean }> {
  const pending = pendingVersion(state);
  if (!pending) return fail({ code: 'NOT_AWAITING', message: 'Nothing is awaiting approval on this agreement' });
  if (!parties.some((p) => sameParty(p, d.party))) return fail({ code: 'NOT_A_PARTY', message: `${partyLabel(d.party)} is not a party to this agreement` });
  if (pending.decisions.some((x) => sameParty(x.party, d.party))) {
    return fail({ code: 'ALREADY_DECIDED', message: `${partyLabel(d.party)} has already decided on version ${pending.version}` });
  }
  if (d.decision === 'DECLINED' && !d.reason?.trim()) return fail({ code: 'REASON_REQUIRED', message: 'A decline needs a reason' });

  const decisions = [...pending.decisions, d];
  let versionStatus: VersionStatus = 'AWAITING_APPROVALS';
  if (d.decision === 'DECLINED') versionStatus = 'DECLINED';
  else if (parties.every((p) => decisions.some((x) => sameParty(x.party, p) && x.decision === 'APPROVED'))) versionStatus = 'APPROVED';

  const takesEffect = versionStatus === 'APPROVED';
  const versions = state.versions.map((v) => {
    if (v.version === pending.version) return { ...v, status: versionStatus, decisions };
    if (takesEffect && v.status === 'APPROVED') return { ...v, status: 'SUPERSEDED' as const };
    return v;
  });
  let status = state.status;
  if (takesEffect) status = 'ACTIVE';
  else if (versionStatus === 'DECLINED' && state.activeVersion === 0) status = 'CANCELLED';
  return ok({ state: { status, activeVersion: takesEffect ? pending.version : state.activeVersion, versions }, takesEffect });
}

/** Parties still to decide on the pending version. */
export function awaiting(state: AgreementState, parties: Party[]): Party[] {
  const pending = pendingVersion(state);
  if (!pending) return [];
  return parties.filter((p) => !pending.decisions.some((x) => sameParty(x.party, p)));
}

export type VersionOutcome = 'APPROVED' | 'DECLINED';

/**
 * Replay every stored decision on the pending version through decide(), in
 * the order given. Decisions are stored first, each under its own unique key,
 * and the state is derived from all of them; so whichever approver reads last
 * sees the whole set, and racing approvers all arrive at the same state. A
 * decision the machine refuses (an approval stored a moment after another
 * party's decline) changes nothing. `state` is the agreement with the pending
 * version holding no decisions yet.
 */
export function replay(state: AgreementState, parties: Party[], decisions: readonly Decision[]): { state: AgreementState; outcome: VersionOutcome | null } {
  const pending = pendingVersion(state);
  if (!pending) return { state, outcome: null };
  let s = state;
  for (const d of decisions) {
    const r = decide(s, parties, d);
    if (r.ok) s = r.value.state;
  }
  const settled = s.versions.find((v) => v.version === pending.version)!;
  return { state: s, outcome: settled.status === 'APPROVED' || settled.status === 'DECLINED' ? settled.status : null };
}

/**
 * Take back the pending amendment: it is WITHDRAWN and the version in force
 * stays. A first version is not withdrawn but cancelled (transition to
 * CANCELLED), since without it there is no agreement.
 */
export function withdrawPending(state: AgreementState): Outcome<AgreementState> {
  const pending = pendingVersion(state);
  if (!pending) return fail({ code: 'NOT_AWAITING', message: 'No amendment is awaiting approval on this agreement' });
  if (state.activeVersion === 0) {
    return fail({ code: 'ILLEGAL_TRANSITION', message: 'The first version cannot be withdrawn; cancel the booking instead', allowed: TRANSITIONS[state.status] });
  }
  return ok({ ...state, versions: state.versions.map((v) => (v.version === pending.version ? { ...v, status: 'WITHDRAWN' as const } : v)) });
}
