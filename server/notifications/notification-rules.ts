// Which audit events become notifications, of what kind, for whom. Pure:
// an event (action and snapshots) and the facts about its subject (an
// agreement's parties, a project's councils, a contract's parties) in; the
// notification and its audiences (a pool's leads, a council's requesters, a
// practitioner) out. The service turns audiences into users and leaves out
// whoever did the thing. A title names only what every recipient may read:
// they are all parties to the agreement, project or contract it links to.

export const NOTIFICATION_KINDS = [
  'AGREEMENT_AWAITING',
  'AGREEMENT_ACTIVE',
  'AGREEMENT_DECLINED',
  'AGREEMENT_AMENDED',
  'AGREEMENT_RECALLED',
  'BOOKING_AT_RISK',
  'CONTRACT_PROPOSED',
  'PROJECT_SUBMITTED',
  'PROJECT_RETURNED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type Audience =
  | { role: 'PROGRAMME_LEAD'; poolId: string }
  | { role: 'COUNCIL_REQUESTER'; councilId: string }
  | { role: 'PRACTITIONER'; practitionerId: string };

export interface AgreementFacts {
  id: string;
  poolId: string;
  homeCouncilId: string;
  hostCouncilIds: readonly string[];
  practitionerId: string;
  roleLevelName: string;
  start: string;
}

export interface ProjectFacts {
  id: string;
  title: string;
  poolId: string;
  councilIds: readonly string[];
}

export interface ContractFacts {
  id: string;
  poolId: string;
  homeCouncilId: string;
  practitionerId: string;
  daysPerWeek: number;
  start: string;
}

export interface BookingFacts {
  id: string;
  poolId: string;
  hostCouncilIds: readonly string[];
  practitionerId: string;
  start: string;
}

/** What the service read about the event's subject (only the one its entity type names). */
export interface SubjectFacts {
  agreement?: AgreementFacts | null;
  project?: ProjectFacts | null;
  contract?: ContractFacts | null;
  /** For leave added: the practitioner's bookings the new leave puts at risk. */
  bookingsAtRisk?: readonly BookingFacts[];
}

export interface EventFacts {
  action: string;
  entityType: string;
  entityId: string;
  after?: unknown;
}

export interface PlannedNotification {
  /** Set when one event gives several notifications to the same people (one per booking at risk): part of the key. */
  subjectId?: string;
  kind: NotificationKind;
  title: string;
  link: string;
  audiences: Audience[];
}

/** Actions that may notify, and the subject the service must read for each. */
export const NOTIFYING_ACTIONS: Readonly<Record<string, 'agreement' | 'project' | 'contract' | 'leave'>> = {
  'agreement.create': 'agreement',
  'agreement.submit': 'agreement',
  'agreement.activate': 'agreement',
  'agreement.amendment.approve': 'agreement',
  'agreement.decline': 'agreement',
  'agreement.amendment.decline': 'agreement',
  'agreement.amend': 'agreement',
  'agreement.recall': 'agreement',
  'practitioner.leave.add': 'leave',
  'contract.propose': 'contract',
  'project.submit': 'project',
  'project.return-to-draft': 'project',
};

export const isNotifying = (action: string) => Object.hasOwn(NOTIFYING_ACTIONS, action);

const agreementParties = (a: AgreementFacts): Audience[] => [
  { role: 'PROGRAMME_LEAD', poolId: a.poolId },
  { role: 'COUNCIL_REQUESTER', councilId: a.homeCouncilId },
  ...a.hostCouncilIds.map((councilId): Audience => ({ role: 'COUNCIL_REQUESTER', councilId })),
  { role: 'PRACTITIONER', practitionerId: a.practitionerId },
];

const AGREEMENT_TITLES: Record<string, [NotificationKind, (what: string) => string]> = {
  'agreement.submit': ['AGREEMENT_AWAITING', (w) => `The agreement for the ${w} awaits your decision`],
  'agreement.amend': ['AGREEMENT_AMENDED', (w) => `An amendment to the agreement for the ${w} awaits your decision`],
  'agreement.activate': ['AGREEMENT_ACTIVE', (w) => `The agreement for the ${w} is active`],
  'agreement.amendment.approve': ['AGREEMENT_ACTIVE', (w) => `The amendment to the agreement for the ${w} is approved and in force`],
  'agreement.decline': ['AGREEMENT_DECLINED', (w) => `A party declined the agreement for the ${w}`],
  'agreement.amendment.decline': ['AGREEMENT_DECLINED', (w) => `The amendment to the agreement for the ${w} was declined`],
  'agreement.recall': ['AGREEMENT_RECALLED', (w) => `The practitioner on the ${w} is recalled by their home council`],
};

/** Removes repeated audiences (a council both home and host), keeping the first. */
export function distinctAudiences(list: readonly Audience[]): Audience[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = audienceKey(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const audienceKey = (a: Audience) =>
  a.role === 'PROGRAMME_LEAD' ? `lead:${a.poolId}` : a.role === 'COUNCIL_REQUESTER' ? `council:${a.councilId}` : `practitioner:${a.practitionerId}`;

/** The notifications one event gives (none for most events). */
export function notificationsFor(e: EventFacts, facts: SubjectFacts): PlannedNotification[] {
  // A booking made with complete terms sends its agreement out for approval at once; a draft waits for agreement.submit.
  const created = e.action === 'agreement.create' && (e.after as { status?: string } | null)?.status === 'AWAITING_APPROVALS';
  const agreementRule = AGREEMENT_TITLES[created ? 'agreement.submit' : e.action];
  if (agreementRule) {
    const a = facts.agreement;
    if (!a) return [];
    const [kind, title] = agreementRule;
    return [{ kind, title: title(`${a.roleLevelName} placement from ${a.start}`), link: `/agreements/${a.id}`, audiences: distinctAudiences(agreementParties(a)) }];
  }
  switch (e.action) {
    case 'practitioner.leave.add':
      // Those who plan around the placement hear of it; the practitioner added the leave themselves (or was told by whoever did).
      return (facts.bookingsAtRisk ?? []).map((b) => ({
        subjectId: b.id,
        kind: 'BOOKING_AT_RISK' as const,
        title: `Leave puts days of the placement from ${b.start} at risk`,
        link: `/bookings/${b.id}`,
        audiences: distinctAudiences([
          { role: 'PROGRAMME_LEAD', poolId: b.poolId },
          ...b.hostCouncilIds.map((councilId): Audience => ({ role: 'COUNCIL_REQUESTER', councilId })),
          { role: 'PRACTITIONER', practitionerId: b.practitionerId },
        ]),
      }));
    case 'contract.propose': {
      const c = facts.contract;
      if (!c) return [];
      return [{
        kind: 'CONTRACT_PROPOSED',
        title: `A central contract of ${c.daysPerWeek} days a week from ${c.start} is proposed`,
        link: `/contracts/${c.id}`,
        audiences: [{ role: 'COUNCIL_REQUESTER', councilId: c.homeCouncilId }, { role: 'PRACTITIONER', practitionerId: c.practitionerId }],
      }];
    }
    case 'project.submit': {
      const p = facts.project;
      if (!p) return [];
      return [{ kind: 'PROJECT_SUBMITTED', title: `Project "${p.title}" is submitted for review`, link: `/projects/${p.id}`, audiences: [{ role: 'PROGRAMME_LEAD', poolId: p.poolId }] }];
    }
    case 'project.return-to-draft': {
      const p = facts.project;
      if (!p) return [];
      return [{
        kind: 'PROJECT_RETURNED',
        title: `Project "${p.title}" is returned to draft`,
        link: `/projects/${p.id}`,
        audiences: distinctAudiences(p.councilIds.map((councilId): Audience => ({ role: 'COUNCIL_REQUESTER', councilId }))),
      }];
    }
    default:
      return [];
  }
}

export const DELIVERIES = ['IMMEDIATE', 'DAILY_DIGEST'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** Exponential backoff for a failed send: base, 2x, 4x, ... capped. */
export function retryDelayMs(attempts: number, baseMs: number, capMs = 3_600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** The mail a digest sends: one line per notification, oldest first. */
export function digestText(date: string, items: readonly { title: string; link: string }[], baseUrl: string): { subject: string; text: string } {
  return {
    subject: `Talent pool: ${items.length} notification${items.length === 1 ? '' : 's'} on ${date}`,
    text: items.map((i) => `- ${i.title}\n  ${baseUrl}${i.link}`).join('\n'),
  };
}
