// A programme lead's pool pages: the dashboard (/pool: demand against supply
// by role family and ISO week, utilisation, projects to review and to staff)
// and a project's staffing (/pool/projects/:id/staffing: ranked candidates per
// slot with each factor's contribution, why-not, book; propose a squad and
// book it). Query strings and plain mappings only: the figures, rankings and
// rules are the API's.
import { days, figure, formatDate, formatPeriod, humanise, plural, riskHint, statusTag } from './govuk-display.ts';

// ---- The dashboard -----------------------------------------------------------

/** ISO weeks the dashboard shows at a time. */
export const DASHBOARD_WEEKS = 8;

const WEEK_FIGURES = 'week weekStart capacityDays bookedDays freeDays demandDays filledDays unfilledDays';
const TOTAL_FIGURES = 'capacityDays bookedDays freeDays demandDays filledDays unfilledDays utilisation';

export const DASHBOARD_QUERY = /* GraphQL */ `
  query WebPoolDashboard($poolId: ID!, $from: LocalDate!, $to: LocalDate!) {
    poolDemand(poolId: $poolId, from: $from, to: $to) {
      pool { id name }
      from to practitionerCount ${TOTAL_FIGURES}
      weeks { ${WEEK_FIGURES} }
      families { family { id name } practitionerCount ${TOTAL_FIGURES} weeks { ${WEEK_FIGURES} } }
    }
    toReview: projects(filter: { poolId: $poolId, statuses: [SUBMITTED] }, first: 50) {
      totalCount
      nodes { id title start end leadCouncil { name } }
    }
    toStaff: projects(filter: { poolId: $poolId, statuses: [APPROVED, STAFFING, STAFFED, ACTIVE] }, first: 50) {
      totalCount
      nodes { id title status start end leadCouncil { name } slots { headcount } }
    }
  }
`;

export interface DemandWeek {
  week: string;
  weekStart: string;
  capacityDays: number;
  bookedDays: number;
  freeDays: number;
  demandDays: number;
  filledDays: number;
  unfilledDays: number;
}

interface DemandTotals {
  capacityDays: number;
  bookedDays: number;
  freeDays: number;
  demandDays: number;
  filledDays: number;
  unfilledDays: number;
  utilisation: number | null;
}

export interface DashboardData {
  poolDemand: DemandTotals & {
    pool: { id: string; name: string };
    from: string;
    to: string;
    practitionerCount: number;
    weeks: DemandWeek[];
    families: (DemandTotals & { family: { id: string; name: string }; practitionerCount: number; weeks: DemandWeek[] })[];
  };
  toReview: { totalCount: number; nodes: { id: string; title: string; start: string; end: string; leadCouncil: { name: string } }[] };
  toStaff: { totalCount: number; nodes: { id: string; title: string; status: string; start: string; end: string; leadCouncil: { name: string }; slots: { headcount: number }[] }[] };
}

/** How a heatmap cell reads: its colour class and the word that says the same (colour is never the only signal). */
export type HeatKey = 'short' | 'fillable' | 'spare' | 'booked-up' | 'none';

export const HEAT_LEGEND: { key: HeatKey; label: string; meaning: string }[] = [
  { key: 'short', label: 'Short', meaning: 'more days asked for but unfilled than are free' },
  { key: 'fillable', label: 'Can fill', meaning: 'days asked for but unfilled, and enough free to fill them' },
  { key: 'spare', label: 'Spare', meaning: 'free days, and nothing asked for is unfilled' },
  { key: 'booked-up', label: 'Booked up', meaning: 'no free days, and nothing asked for is unfilled' },
  { key: 'none', label: 'None', meaning: 'no practitioners and nothing asked for' },
];

export function heatOf(w: Pick<DemandWeek, 'capacityDays' | 'freeDays' | 'demandDays' | 'unfilledDays'>): HeatKey {
  if (w.capacityDays === 0 && w.demandDays === 0) return 'none';
  if (w.unfilledDays > w.freeDays) return 'short';
  if (w.unfilledDays > 0) return 'fillable';
  if (w.freeDays > 0) return 'spare';
  return 'booked-up';
}

const HEAT_LABEL = Object.fromEntries(HEAT_LEGEND.map((h) => [h.key, h.label])) as Record<HeatKey, string>;

const percent = (u: number | null) => (u === null ? 'No capacity' : `${Math.round(u * 100)}%`);

/** "2027-W09" -> "Week 9"; with its Monday "from 1 March 2027". */
const weekLabel = (w: DemandWeek) => ({ heading: `Week ${Number(w.week.slice(6))}`, hint: `from ${formatDate(w.weekStart)}` });

const cellOf = (w: DemandWeek) => {
  const heat = heatOf(w);
  return {
    week: w.week,
    heat,
    label: HEAT_LABEL[heat],
    booked: figure(w.bookedDays),
    free: figure(w.freeDays),
    unfilled: figure(w.unfilledDays),
  };
};

const totalsRow = (name: string, people: number, t: DemandTotals) => ({
  name,
  practitioners: String(people),
  capacity: figure(t.capacityDays),
  booked: figure(t.bookedDays),
  free: figure(t.freeDays),
  demand: figure(t.demandDays),
  unfilled: figure(t.unfilledDays),
  utilisation: percent(t.utilisation),
});

export function dashboardView(data: DashboardData, from: string, links: { earlier: string; later: string }) {
  const d = data.poolDemand;
  const shown = d.families.filter((f) => f.capacityDays > 0 || f.demandDays > 0 || f.practitionerCount > 0);
  const hidden = d.families.filter((f) => !shown.includes(f)).map((f) => f.family.name);
  return {
    pageTitle: 'Pool dashboard',
    poolName: d.pool.name,
    period: formatPeriod(d.from, d.to),
    from,
    links,
    headline: {
      utilisation: percent(d.utilisation),
      booked: figure(d.bookedDays),
      capacity: figure(d.capacityDays),
      unfilled: figure(d.unfilledDays),
      practitioners: plural(d.practitionerCount, 'practitioner', 'practitioners'),
    },
    weeks: d.weeks.map(weekLabel),
    heatmap: shown.map((f) => ({ id: f.family.id, name: f.family.name, cells: f.weeks.map(cellOf) })),
    poolRow: d.weeks.map(cellOf),
    hiddenFamilies: hidden,
    legend: HEAT_LEGEND,
    utilisationRows: shown.map((f) => ({ id: f.family.id, ...totalsRow(f.family.name, f.practitionerCount, f) })),
    utilisationTotal: totalsRow('All role families', d.practitionerCount, d),
    toReview: {
      count: data.toReview.totalCount,
      countText: plural(data.toReview.totalCount, 'project awaiting review', 'projects awaiting review'),
      rows: data.toReview.nodes.map((p) => ({ id: p.id, title: p.title, href: staffingHref(p.id), hint: `${p.leadCouncil.name}, ${formatPeriod(p.start, p.end)}` })),
    },
    toStaff: {
      count: data.toStaff.totalCount,
      rows: data.toStaff.nodes.map((p) => ({
        id: p.id,
        title: p.title,
        href: staffingHref(p.id),
        council: p.leadCouncil.name,
        period: formatPeriod(p.start, p.end),
        people: String(p.slots.reduce((n, s) => n + s.headcount, 0)),
        status: statusTag(p.status),
      })),
    },
  };
}

export const staffingHref = (projectId: string) => `/pool/projects/${encodeURIComponent(projectId)}/staffing`;

// ---- A project's staffing ----------------------------------------------------------

export const STAFFING_QUERY = /* GraphQL */ `
  query WebPoolStaffing($id: ID!, $poolId: ID!) {
    project(id: $id) {
      id title status start end priority nextStatuses
      pool { id }
      leadCouncil { name }
      councils { name }
      slots { id roleLevel { name } daysPerWeek start end headcount }
    }
    bookings(filter: { projectId: $id, statuses: [TENTATIVE, CONFIRMED] }, first: 200) {
      nodes { id status start end daysPerWeek slot { id } practitioner { id name } daysAtRisk { date reason days } }
    }
    practitioners(filter: { poolId: $poolId }, first: 200) {
      nodes { id name roleLevel { name } homeCouncil { name } }
    }
  }
`;

export const SLOT_CANDIDATES_QUERY = /* GraphQL */ `
  query WebPoolSlotCandidates($projectId: ID!, $slotId: ID!) {
    slotCandidates(projectId: $projectId, slotId: $slotId, limit: 10) {
      eligibleCount partialCount
      candidates {
        rank score levelStep
        practitioner { id label homeCouncil { name } }
        contributions { factor weight value contribution }
      }
    }
  }
`;

export const WHY_NOT_QUERY = /* GraphQL */ `
  query WebPoolWhyNot($projectId: ID!, $slotId: ID!, $practitionerId: ID!) {
    whyNot(projectId: $projectId, slotId: $slotId, practitionerId: $practitionerId) {
      fits score
      practitioner { label }
      slot { id roleLevel { name } }
      violations { code message }
    }
  }
`;

export interface Contribution {
  factor: string;
  weight: number;
  value: number;
  contribution: number;
}

export interface StaffingSlot {
  id: string;
  roleLevel: { name: string };
  daysPerWeek: number;
  start: string;
  end: string;
  headcount: number;
}

export interface StaffingData {
  project: {
    id: string;
    title: string;
    status: string;
    start: string;
    end: string;
    priority: string;
    nextStatuses: string[];
    pool: { id: string };
    leadCouncil: { name: string };
    councils: { name: string }[];
    slots: StaffingSlot[];
  };
  bookings: { nodes: { id: string; status: string; start: string; end: string; daysPerWeek: number; slot: { id: string }; practitioner: { id: string; name: string }; daysAtRisk: { date: string; reason: string; days: number }[] }[] };
  practitioners: { nodes: { id: string; name: string; roleLevel: { name: string }; homeCouncil: { name: string } }[] };
}

export interface CandidatesData {
  slotCandidates: {
    eligibleCount: number;
    partialCount: number;
    candidates: { rank: number; score: number; levelStep: number; practitioner: { id: string | null; label: string; homeCouncil: { name: string } }; contributions: Contribution[] }[];
  };
}

export interface WhyNotData {
  whyNot: { fits: boolean; score: number | null; practitioner: { label: string }; slot: { id: string; roleLevel: { name: string } }; violations: { code: string; message: string }[] };
}

/** The factors in the order the API documents them, as words. */
export const FACTOR_LABELS: Record<string, string> = {
  SKILL_DEPTH: 'Skill depth',
  DESIRED_SKILLS: 'Desired skills',
  LEVEL_FIT: 'Level fit',
  CAPACITY_SLACK: 'Spare capacity',
  CONTINUITY: 'Continuity',
  TRAVEL: 'Travel',
  SERVICE_AREA: 'Service area',
  FAIRNESS: 'Fairness',
  DEVELOPMENT: 'Development',
};

const factorLabel = (f: string) => FACTOR_LABELS[f] ?? humanise(f);

/** Width in SVG user units of a contribution's bar (0 to 100, scaled to the biggest weight). */
export const barWidth = (contribution: number, maxWeight: number) => (maxWeight > 0 ? Math.max(0, Math.round((contribution / maxWeight) * 100)) : 0);

export const slotTitle = (s: StaffingSlot, i: number) => `Slot ${i + 1}: ${s.roleLevel.name}`;

const levelStepText = (step: number) => (step === 0 ? 'At the level' : step < 0 ? 'One level below' : 'One level above');

export function slotView(project: StaffingData['project'], slot: StaffingSlot, index: number, bookings: StaffingData['bookings']['nodes'], candidates: CandidatesData['slotCandidates']) {
  const booked = bookings.filter((b) => b.slot.id === slot.id);
  const factors = [...new Set(candidates.candidates.flatMap((c) => c.contributions.filter((x) => x.weight > 0).map((x) => x.factor)))].sort(
    (a, b) => Object.keys(FACTOR_LABELS).indexOf(a) - Object.keys(FACTOR_LABELS).indexOf(b),
  );
  const maxWeight = Math.max(0, ...candidates.candidates.flatMap((c) => c.contributions.map((x) => x.weight)));
  return {
    id: slot.id,
    title: slotTitle(slot, index),
    summary: `${days(slot.daysPerWeek)} a week, ${formatPeriod(slot.start, slot.end)}, ${plural(slot.headcount, 'person', 'people')}`,
    bookedText: `${booked.length} of ${slot.headcount} booked`,
    full: booked.length >= slot.headcount,
    bookings: booked.map((b) => ({ id: b.id, name: b.practitioner.name, period: formatPeriod(b.start, b.end), days: `${days(b.daysPerWeek)} a week`, status: statusTag(b.status), risk: b.daysAtRisk.length ? riskHint(b.daysAtRisk) : null })),
    countText: `${plural(candidates.eligibleCount, 'candidate fits', 'candidates fit')} every week${candidates.partialCount ? `; ${plural(candidates.partialCount, 'more fits', 'more fit')} some weeks only` : ''}`,
    factors: factors.map((f) => ({ id: f, label: factorLabel(f) })),
    candidates: candidates.candidates.map((c) => {
      const byFactor = new Map(c.contributions.map((x) => [x.factor, x]));
      return {
        rank: String(c.rank),
        id: c.practitioner.id,
        name: c.practitioner.label,
        council: c.practitioner.homeCouncil.name,
        level: levelStepText(c.levelStep),
        score: figure(c.score),
        bookHref: c.practitioner.id ? bookHref(project.id, slot.id, c.practitioner.id) : null,
        contributions: factors.map((f) => {
          const x = byFactor.get(f);
          return {
            factor: f,
            label: factorLabel(f),
            contribution: figure(x?.contribution ?? 0),
            detail: x ? `${figure(x.weight)} × ${figure(x.value)}` : '0',
            bar: barWidth(x?.contribution ?? 0, maxWeight),
          };
        }),
      };
    }),
  };
}

export const bookHref = (projectId: string, slotId: string, practitionerId: string) =>
  `/pool/projects/${encodeURIComponent(projectId)}/book?${new URLSearchParams({ slotId, practitionerId })}`;

export function projectSummaryRows(p: StaffingData['project']) {
  return [
    { key: { text: 'Lead council' }, value: { text: p.leadCouncil.name } },
    { key: { text: 'Councils' }, value: { text: p.councils.map((c) => c.name).join(', ') } },
    { key: { text: 'Dates' }, value: { text: formatPeriod(p.start, p.end) } },
    { key: { text: 'Priority' }, value: { text: humanise(p.priority) } },
  ];
}

export interface WhyNotForm {
  slotId: string;
  practitionerId: string;
}

export function whyNotOptions(data: StaffingData, form: WhyNotForm) {
  return {
    slots: data.project.slots.map((s, i) => ({ value: s.id, text: `${slotTitle(s, i)} (${formatPeriod(s.start, s.end)})`, checked: form.slotId === s.id })),
    practitioners: [
      { value: '', text: 'Choose a practitioner', selected: !form.practitionerId },
      ...[...data.practitioners.nodes]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => ({ value: p.id, text: `${p.name}, ${p.roleLevel.name}, ${p.homeCouncil.name}`, selected: form.practitionerId === p.id })),
    ],
  };
}

export function whyNotResult(w: WhyNotData['whyNot'], slotIndex: number) {
  return {
    heading: `Why not ${w.practitioner.label}?`,
    slot: `Slot ${slotIndex + 1}: ${w.slot.roleLevel.name}`,
    fits: w.fits,
    fitsText: w.fits ? `${w.practitioner.label} fits this slot, with a score of ${figure(w.score ?? 0)}. They are not booked on it yet.` : null,
    reasons: w.violations.map((v) => v.message),
  };
}

// ---- Booking a candidate -------------------------------------------------------

export const BOOK_FORM_QUERY = /* GraphQL */ `
  query WebPoolBookForm($projectId: ID!, $practitionerId: ID!) {
    project(id: $projectId) { id title slots { id roleLevel { name } daysPerWeek start end headcount } }
    practitioner(id: $practitionerId) { id name roleLevel { name } homeCouncil { name } }
  }
`;

export const BOOK_PRACTITIONER = /* GraphQL */ `
  mutation WebPoolBook($input: BookPractitionerInput!) {
    bookPractitioner(input: $input) { id status practitioner { name } }
  }
`;

export interface BookFormData {
  project: { id: string; title: string; slots: StaffingSlot[] };
  practitioner: { id: string; name: string; roleLevel: { name: string }; homeCouncil: { name: string } };
}

export const BOOK_FIELDS = {
  'input.start': { id: 'start-day', label: 'Start date' },
  'input.end': { id: 'end-day', label: 'End date' },
  'input.daysPerWeek': { id: 'daysPerWeek', label: 'Days per week' },
};

// ---- A proposed squad ------------------------------------------------------------------

export const PROPOSE_SQUAD = /* GraphQL */ `
  mutation WebPoolProposeSquad($projectId: ID!, $name: String!) {
    proposeSquad(projectId: $projectId, save: { name: $name }) { id }
  }
`;

export const SQUAD_QUERY = /* GraphQL */ `
  query WebPoolSquad($id: ID!) {
    plan(id: $id) {
      id name status kind objective createdAt
      projects { id title }
      assignments {
        slot { id roleLevel { name } }
        practitioner { label homeCouncil { name } }
        start end daysPerWeek score fixed
        booking { id status }
      }
      unfilled { slot { id roleLevel { name } } missing reasons { code message } }
    }
  }
`;

export const COMMIT_SQUAD = /* GraphQL */ `
  mutation WebPoolCommitSquad($id: ID!) {
    commitPlan(id: $id) { id status assignments { fixed booking { id } } }
  }
`;

export interface SquadData {
  plan: {
    id: string;
    name: string;
    status: string;
    kind: string;
    objective: number;
    createdAt: string;
    projects: { id: string; title: string }[];
    assignments: {
      slot: { id: string; roleLevel: { name: string } };
      practitioner: { label: string; homeCouncil: { name: string } };
      start: string;
      end: string;
      daysPerWeek: number;
      score: number;
      fixed: boolean;
      booking: { id: string; status: string } | null;
    }[];
    unfilled: { slot: { id: string; roleLevel: { name: string } }; missing: number; reasons: { code: string; message: string }[] }[];
  };
}

export const squadName = (title: string, at: Date) => `Squad for ${title.slice(0, 70)}, ${at.toISOString().replace('T', ' ').slice(0, 19)}`;

export function squadView(data: SquadData, slots: StaffingSlot[]) {
  const p = data.plan;
  const slotName = (id: string, fallback: string) => {
    const i = slots.findIndex((s) => s.id === id);
    return i >= 0 ? slotTitle(slots[i]!, i) : fallback;
  };
  const fresh = p.assignments.filter((a) => !a.fixed);
  return {
    name: p.name,
    status: statusTag(p.status),
    committed: p.status === 'COMMITTED',
    score: figure(p.objective),
    newCount: fresh.length,
    newText: plural(fresh.length, 'new booking', 'new bookings'),
    rows: p.assignments.map((a) => ({
      slot: slotName(a.slot.id, a.slot.roleLevel.name),
      name: a.practitioner.label,
      council: a.practitioner.homeCouncil.name,
      period: formatPeriod(a.start, a.end),
      days: `${days(a.daysPerWeek)} a week`,
      score: figure(a.score),
      state: a.fixed ? 'Already booked' : a.booking ? 'Booked' : 'Proposed',
    })),
    unfilled: p.unfilled.map((u) => ({ slot: slotName(u.slot.id, u.slot.roleLevel.name), missing: plural(u.missing, 'place', 'places'), reasons: u.reasons.map((r) => r.message) })),
  };
}

/** Success banners the staffing page shows after a redirect (?done=...). */
export const STAFFING_DONE: Record<string, string> = {
  booked: 'Booking made. It is tentative until every party approves its agreement.',
  'squad-booked': 'Squad booked. The new bookings are tentative until every party approves their agreements.',
  approved: 'Project approved. You can now staff it.',
};
