// The home page: what awaits the signed-in user's decision, with counts.
import type { UserRole } from '../../../models/user.ts';
import { riskHint } from './govuk-display.ts';

/** Rows shown per group: the page is a to-do list; the counts, and the lists linked, hold the rest. */
export const HOME_ROWS = 10;

export interface AwaitingDecisionData {
  awaitingMyDecision: {
    counts: { agreements: number; contractsToApprove: number; contractsToActivate: number; projectsToReview: number; bookingsAtRisk: number };
    agreements: { id: string; status: string; practitioner: { name: string }; project: { title: string }; pendingVersion: { version: number } | null }[];
    contractsToApprove: { id: string; practitioner: { name: string }; pool: { name: string }; daysPerWeek: number; start: string; end: string }[];
    contractsToActivate: { id: string; practitioner: { name: string }; pool: { name: string }; daysPerWeek: number; start: string; end: string }[];
    projectsToReview: { id: string; title: string; leadCouncil: { name: string } }[];
    bookingsAtRisk: { id: string; practitioner: { name: string }; project: { id: string; title: string }; daysAtRisk: { date: string; reason: string; days: number }[] }[];
  };
}

export const AWAITING_DECISION_QUERY = /* GraphQL */ `
  query WebHome($first: Int) {
    awaitingMyDecision {
      counts { agreements contractsToApprove contractsToActivate projectsToReview bookingsAtRisk }
      agreements(first: $first) { id status practitioner { name } project { title } pendingVersion { version } }
      contractsToApprove(first: $first) { id practitioner { name } pool { name } daysPerWeek start end }
      contractsToActivate(first: $first) { id practitioner { name } pool { name } daysPerWeek start end }
      projectsToReview(first: $first) { id title leadCouncil { name } }
      bookingsAtRisk(first: $first) { id practitioner { name } project { id title } daysAtRisk { date reason days } }
    }
  }
`;

export interface DecisionGroup {
  /** Stable id for tests and anchors: agreements, contracts-to-approve, ... */
  id: string;
  heading: string;
  count: number;
  /** "3 agreements to approve" */
  countText: string;
  rows: { text: string; hint: string; href: string | null }[];
  /** Beyond the rows shown: "and 82 more", with the page that lists them all where the role has one. */
  more: { text: string; href: string | null } | null;
}

export interface HomeView {
  pageTitle: string;
  total: number;
  groups: DecisionGroup[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const days = (d: number) => plural(d, 'day', 'days');

const AGREEMENT_WORD: Record<UserRole, { one: string; many: string }> = {
  PRACTITIONER: { one: 'placement to consent to', many: 'placements to consent to' },
  COUNCIL_REQUESTER: { one: 'agreement to approve', many: 'agreements to approve' },
  PROGRAMME_LEAD: { one: 'agreement to approve', many: 'agreements to approve' },
  ADMIN: { one: 'agreement awaiting approval', many: 'agreements awaiting approval' },
};

/** The page that lists a whole group, where the role has one (by group id). */
const LIST_PAGES: Readonly<Record<UserRole, Readonly<Record<string, string>>>> = {
  PRACTITIONER: { agreements: '/bookings' },
  COUNCIL_REQUESTER: { agreements: '/agreements' },
  PROGRAMME_LEAD: { agreements: '/pool/agreements', 'contracts-to-activate': '/pool/contracts' },
  ADMIN: {},
};

/**
 * Groups in the order a user would work through them; a group is shown only
 * where the role can ever have one (a practitioner never approves contracts).
 */
export function homeView(role: UserRole, data: AwaitingDecisionData): HomeView {
  const q = data.awaitingMyDecision;
  const word = AGREEMENT_WORD[role];
  const groups: Omit<DecisionGroup, 'more'>[] = [
    {
      id: 'agreements',
      heading: role === 'PRACTITIONER' ? 'Placements to consent to' : 'Agreements to approve',
      count: q.counts.agreements,
      countText: plural(q.counts.agreements, word.one, word.many),
      rows: q.agreements.map((a) => ({
        text: `${a.practitioner.name}: ${a.project.title}`,
        hint: a.pendingVersion && a.pendingVersion.version > 1 ? `Amendment (version ${a.pendingVersion.version})` : 'New placement',
        href: `/agreements/${encodeURIComponent(a.id)}/document.html`,
      })),
    },
  ];
  if (role === 'COUNCIL_REQUESTER' || role === 'ADMIN') {
    groups.push({
      id: 'contracts-to-approve',
      heading: 'Central contracts to approve',
      count: q.counts.contractsToApprove,
      countText: plural(q.counts.contractsToApprove, 'central contract to approve', 'central contracts to approve'),
      rows: q.contractsToApprove.map((c) => ({ text: `${c.practitioner.name}: ${c.pool.name}`, hint: `${days(c.daysPerWeek)} a week, ${c.start} to ${c.end}`, href: null })),
    });
  }
  if (role === 'PROGRAMME_LEAD' || role === 'ADMIN') {
    groups.push(
      {
        id: 'contracts-to-activate',
        heading: 'Central contracts to activate',
        count: q.counts.contractsToActivate,
        countText: plural(q.counts.contractsToActivate, 'central contract to activate', 'central contracts to activate'),
        rows: q.contractsToActivate.map((c) => ({ text: `${c.practitioner.name}: ${c.pool.name}`, hint: `${days(c.daysPerWeek)} a week, ${c.start} to ${c.end}`, href: null })),
      },
      {
        id: 'projects-to-review',
        heading: 'Projects to review',
        count: q.counts.projectsToReview,
        countText: plural(q.counts.projectsToReview, 'project to review', 'projects to review'),
        // A lead reviews it on its staffing page (/pool/projects/:id/staffing); admins have no pool pages.
        rows: q.projectsToReview.map((p) => ({ text: p.title, hint: p.leadCouncil.name, href: role === 'PROGRAMME_LEAD' ? `/pool/projects/${encodeURIComponent(p.id)}/staffing` : null })),
      },
    );
  }
  groups.push({
    id: 'bookings-at-risk',
    heading: 'Bookings at risk',
    count: q.counts.bookingsAtRisk,
    countText: plural(q.counts.bookingsAtRisk, 'booking at risk', 'bookings at risk'),
    rows: q.bookingsAtRisk.map((b) => ({
      text: `${b.practitioner.name}: ${b.project.title}`,
      hint: riskHint(b.daysAtRisk),
      href: role === 'PRACTITIONER' ? '/bookings' : role === 'PROGRAMME_LEAD' ? `/pool/projects/${encodeURIComponent(b.project.id)}/staffing` : null,
    })),
  });
  const withMore = groups.map((g) => ({ ...g, more: g.count > g.rows.length ? { text: `and ${g.count - g.rows.length} more`, href: LIST_PAGES[role][g.id] ?? null } : null }));
  return { pageTitle: 'Home', total: groups.reduce((n, g) => n + g.count, 0), groups: withMore };
}
