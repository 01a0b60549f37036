// The demo data as a plan, pure: a seed and the reference data in, plain data
// out (no database). server/services/demo-data.ts persists it through the
// real services. Same seed → the same plan, every run: every date is counted
// from DEMO_ANCHOR, never from the wall clock, and every random choice comes
// from a seeded stream named after what it decides (so adding a project does
// not reshuffle the practitioners).
//
// What it draws:
// - pools: the North East Combined Authority's councils, the Yorkshire and
//   The Humber region's and London's, from the councils data;
// - practitioners with real home councils in those footprints, DDaT role
//   levels weighted towards the roles a council squad draws on, skills
//   around what their level expects, working patterns and preferences, one
//   central contract each (or none), and leave;
// - projects led by councils in each pool, in every status, with slots; and
//   bookings for those being staffed or running, planned against each
//   person's weekly capacity exactly as the booking service counts it, so
//   every booking fits;
// - one demo user per role, with passwords drawn from the seed.
import { mulberry32, type Rng } from '../random.ts';
import type { CouncilRecord, CouncilType } from '../reference/councils.ts';
import { proficiencyRank, PROFICIENCIES, type Ddat, type DdatRoleLevel, type Proficiency } from '../reference/ddat.ts';
import { SERVICE_AREA_KEYS, type ServiceArea } from '../reference/service-areas.ts';
import { addDays, weeksBetween, weekStart } from '../calendar/iso-week.ts';
import type { WorkingPattern } from '../calendar/capacity.ts';
import { poolCapacity } from '../practitioners/practitioner-capacity.ts';
import { patternDays, unitsToPattern, type LeaveInput, type PractitionerInput, type WorkPreference } from '../practitioners/practitioner-input.ts';
import type { OnSiteExpectation, ProjectInput, ProjectPhase, SlotInput } from '../projects/project-input.ts';
import type { ProjectPriority } from '../projects/priority.ts';
import type { ProjectStatus } from '../projects/project-status.ts';
import type { ContractStatus } from '../contracts/contract-status.ts';
import type { UserRole } from '../../models/user.ts';
import { profileViolations } from '../matching/eligibility.ts';
import { skillLevels, skillNeed } from '../planning/engine-input.ts';

/** "Today" in the demo: a Monday. Project and contract dates are counted from it. */
export const DEMO_ANCHOR = '2026-11-02';

export interface DemoReference {
  councils: readonly CouncilRecord[];
  ddat: Ddat;
  /** England and Wales bank holidays, ISO dates. */
  bankHolidays: readonly string[];
}

export interface DemoPool {
  id: string;
  name: string;
  description: string;
  footprint: string[];
}

/** A status change after the first status (PROPOSED for contracts, DRAFT for projects). */
export interface DemoMove<S extends string> {
  to: S;
  note?: string;
}

export interface DemoContract {
  daysPerWeek: number;
  start: string;
  end: string;
  recallNoticeWeeks: number;
  guaranteedReleaseDays: number;
  moves: DemoMove<ContractStatus>[];
}

export interface DemoPractitioner {
  poolId: string;
  profile: PractitionerInput;
  contract: DemoContract | null;
  leave: LeaveInput[];
}

export interface DemoBooking {
  /** Index into plan.practitioners. */
  practitioner: number;
  /** Index into the project's slots. */
  slot: number;
  start: string;
  end: string;
  daysPerWeek: number;
  /** How far its agreement gets (assigned once the users are known: see agreementStages). */
  agreement: DemoAgreementStage;
  /** ENDED and RECALLED: the placement's new, earlier end. */
  closedOn?: string;
}

/**
 * Where a booking's agreement is left: a draft; submitted and awaiting every
 * party; awaiting only the programme lead, or only the practitioner's
 * consent; approved by all (ACTIVE, the booking CONFIRMED); in force and
 * then amended (a new day rate, approved by all: version 2 in force); or in
 * force and then ended early by the pool, or recalled by the home council.
 */
export type DemoAgreementStage = 'DRAFT' | 'AWAITING_ALL' | 'AWAITING_LEAD' | 'AWAITING_PRACTITIONER' | 'ACTIVE' | 'AMENDED' | 'ENDED' | 'RECALLED';

export interface DemoProject {
  input: ProjectInput & { leadCouncilId: string; councilIds: string[]; slots: SlotInput[] };
  moves: DemoMove<ProjectStatus>[];
  /** Made once the project reaches STAFFING, before any later move. */
  bookings: DemoBooking[];
}

export interface DemoUser {
  email: string;
  name: string;
  password: string;
  role: UserRole;
  councilId?: string;
  poolId?: string;
  /** Index into plan.practitioners. */
  practitioner?: number;
  /** Who they act for, for the credentials table. */
  actsFor: string;
}

export interface DemoPlan {
  seed: number;
  anchor: string;
  pools: DemoPool[];
  practitioners: DemoPractitioner[];
  projects: DemoProject[];
  users: DemoUser[];
}

export const finalContractStatus = (c: DemoContract): ContractStatus => c.moves[c.moves.length - 1]?.to ?? 'PROPOSED';
export const finalProjectStatus = (p: DemoProject): ProjectStatus => p.moves[p.moves.length - 1]?.to ?? 'DRAFT';

// ---- seeded randomness -------------------------------------------------

class Random {
  constructor(private readonly next: Rng) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1]![0];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
  sample<T>(xs: readonly T[], k: number): T[] {
    return this.shuffle(xs).slice(0, k);
  }
}

/** An independent stream per purpose: FNV-1a of "seed:label" seeds mulberry32. */
function stream(seed: number, label: string): Random {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${label}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return new Random(mulberry32(h));
}

// ---- pools --------------------------------------------------------------

// Bodies that are not councils employing staff of their own.
const NOT_HOME_COUNCILS: readonly CouncilType[] = ['COMBINED_AUTHORITY', 'STRATEGIC_REGIONAL_AUTHORITY'];

interface PoolSpec extends Omit<DemoPool, 'footprint'> {
  members: (c: CouncilRecord) => boolean;
  practitioners: number;
  projects: number;
}

const POOL_SPECS: readonly PoolSpec[] = [
  {
    id: 'north-east-ca',
    name: 'North East Combined Authority digital pool',
    description: 'The seven councils of the North East Combined Authority sharing digital, data and technology people.',
    // Since May 2024 one combined authority; the councils data still links its
    // councils to the two it replaced, "North East" (E47000010) and "North of Tyne" (E47000011).
    members: (c) => c.combinedAuthority?.gssCode === 'E47000010' || c.combinedAuthority?.gssCode === 'E47000011',
    practitioners: 90,
    projects: 11,
  },
  {
    id: 'yorkshire-and-the-humber',
    name: 'Yorkshire and The Humber digital pool',
    description: "A regional pool open to every council in the Yorkshire and The Humber region (as the councils data places them).",
    members: (c) => c.region === 'Yorkshire and The Humber',
    practitioners: 110,
    projects: 13,
  },
  {
    id: 'london',
    name: 'London digital pool',
    description: 'The London boroughs and the City of London sharing digital people across the capital.',
    members: (c) => c.region === 'London',
    practitioners: 100,
    projects: 12,
  },
];

function poolsFrom(ref: DemoReference): DemoPool[] {
  return POOL_SPECS.map((spec) => {
    const footprint = ref.councils
      .filter((c) => !NOT_HOME_COUNCILS.includes(c.type) && spec.members(c))
      .map((c) => c.gssCode)
      .sort();
    if (footprint.length === 0) throw new Error(`demo pool ${spec.id}: no councils in the reference data`);
    return { id: spec.id, name: spec.name, description: spec.description, footprint };
  });
}

// Bigger councils employ (and ask for) more digital people.
const COUNCIL_WEIGHT: Readonly<Record<CouncilType, number>> = {
  COUNTY: 3,
  UNITARY_AUTHORITY: 3,
  METROPOLITAN_DISTRICT: 3,
  LONDON_BOROUGH: 2,
  NON_METROPOLITAN_DISTRICT: 1,
  CITY_CORPORATION: 0.5,
  COMBINED_AUTHORITY: 0,
  STRATEGIC_REGIONAL_AUTHORITY: 0,
};

// ---- people -------------------------------------------------------------

const FIRST_NAMES = [
  'Aisha', 'Alex', 'Amara', 'Amir', 'Ben', 'Bethany', 'Callum', 'Chloe', 'Chidi', 'Daniel', 'Deepa', 'Eilidh', 'Ellie', 'Emeka',
  'Fatima', 'Finn', 'Gemma', 'Grace', 'Hamza', 'Hannah', 'Harpreet', 'Imran', 'Isla', 'Jack', 'Jade', 'James', 'Joanna', 'Kate',
  'Kwame', 'Laura', 'Liam', 'Lucy', 'Mariam', 'Mark', 'Megan', 'Mohammed', 'Naomi', 'Nathan', 'Nia', 'Oliver', 'Olivia', 'Owen',
  'Priya', 'Rachel', 'Rhys', 'Rosa', 'Ryan', 'Saira', 'Sam', 'Sanjay', 'Sarah', 'Sean', 'Sophie', 'Tariq', 'Tom', 'Usha', 'Wei',
  'Yusuf', 'Zainab', 'Zoe',
];
const LAST_NAMES = [
  'Ahmed', 'Ali', 'Atkinson', 'Begum', 'Bell', 'Brown', 'Campbell', 'Chen', 'Clarke', 'Davies', 'Dixon', 'Evans', 'Fletcher', 'Green',
  'Hall', 'Harrison', 'Hughes', 'Hussain', 'Jackson', 'Johnson', 'Jones', 'Kaur', 'Khan', 'Kowalski', 'Lee', 'Lewis', 'Martin',
  'Mensah', 'Milburn', 'Mitchell', "O'Brien", 'Okafor', 'Patel', 'Pearson', 'Robinson', 'Robson', 'Scott', 'Shah', 'Singh', 'Smith',
  'Stephenson', 'Taylor', 'Thompson', 'Walker', 'Wilson', 'Wood', 'Wright', 'Young', 'Nowak', 'Nguyen', 'Adeyemi', 'Barker',
  'Charlton', 'Dobson', 'Hepworth', 'Moss', 'Sutcliffe', 'Whitaker', 'Varma', 'Rahman',
];

// The roles a council's digital squads draw on, with rough relative numbers
// in a pool; anyone else comes from the whole framework (OTHER_ROLES_SHARE).
const SQUAD_ROLE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['user-researcher', 10],
  ['service-designer', 8],
  ['content-designer', 8],
  ['interaction-designer', 7],
  ['product-manager', 8],
  ['delivery-manager', 9],
  ['business-analyst', 6],
  ['software-developer', 11],
  ['frontend-developer', 7],
  ['development-operations-devops-engineer', 3],
  ['technical-architect', 3],
  ['quality-assurance-test-analyst', 3],
  ['data-analyst', 5],
  ['data-engineer', 3],
  ['data-scientist', 2],
  ['performance-analyst', 3],
  ['accessibility-specialist', 1],
];
const OTHER_ROLES_SHARE = 0.06;

// Most people are at the working and senior levels; few trainees, fewer heads.
// The first pattern that matches a level id gives its weight; the plain role
// name ("user-researcher", "developer") matches none and weighs 5.
const LEVEL_WEIGHTS: readonly (readonly [RegExp, number])[] = [
  [/^(apprentice|trainee)-/, 0.4],
  [/^(head|chief)-/, 0.25],
  [/^principal-/, 0.6],
  [/-management$/, 0.8],
  [/^associate-/, 1.2],
  [/^junior-/, 2],
  [/^senior-/, 4],
  [/^lead-/, 2],
];
const levelWeight = (l: DdatRoleLevel) => LEVEL_WEIGHTS.find(([re]) => re.test(l.id))?.[1] ?? 5;

// Half-day units, Monday first: mostly full time, some part time.
const WORKING_PATTERNS: readonly (readonly [WorkingPattern, number])[] = [
  [[2, 2, 2, 2, 2, 0, 0], 80],
  [[2, 2, 2, 2, 0, 0, 0], 7],
  [[0, 2, 2, 2, 2, 0, 0], 4],
  [[2, 2, 2, 2, 1, 0, 0], 4],
  [[0, 2, 2, 2, 0, 0, 0], 3],
  [[2, 2, 0, 2, 2, 0, 0], 2],
];

const WORK_PREFERENCES: readonly (readonly [WorkPreference, number])[] = [
  ['HYBRID', 5],
  ['REMOTE', 4],
  ['ONSITE', 1],
];

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/[ -]+/g, '-');

interface Levels {
  byRole: Map<string, DdatRoleLevel[]>;
  /** Skills expected by any level of any role in a family: where extra skills come from. */
  familySkills: Map<string, string[]>;
}

function indexLevels(ddat: Ddat): Levels {
  const byRole = new Map<string, DdatRoleLevel[]>();
  const familySkills = new Map<string, Set<string>>();
  for (const l of ddat.roleLevels) {
    byRole.set(l.roleId, [...(byRole.get(l.roleId) ?? []), l]);
    const set = familySkills.get(l.familyId) ?? new Set<string>();
    for (const e of l.expectedSkills) set.add(e.skillId);
    familySkills.set(l.familyId, set);
  }
  for (const ls of byRole.values()) ls.sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id));
  for (const [roleId] of SQUAD_ROLE_WEIGHTS) if (!byRole.has(roleId)) throw new Error(`demo plan: DDaT role "${roleId}" is not in the reference data`);
  return { byRole, familySkills: new Map([...familySkills].map(([f, s]) => [f, [...s].sort()])) };
}

const proficiencyAt = (rank: number): Proficiency => PROFICIENCIES[Math.max(1, Math.min(4, rank)) - 1]!;

/** Around what the level expects: most skills at it, some a step either side; a few extras from the family at a lower level. */
function skillsFor(r: Random, level: DdatRoleLevel, levels: Levels): { skillId: string; proficiency: Proficiency }[] {
  const skills = level.expectedSkills
    .filter(() => !r.chance(0.04))
    .map((e) => ({ skillId: e.skillId, proficiency: proficiencyAt(proficiencyRank(e.proficiency) + r.weighted([[-1, 15], [0, 60], [1, 25]] as const)) }));
  const expected = new Set(level.expectedSkills.map((e) => e.skillId));
  const extras = (levels.familySkills.get(level.familyId) ?? []).filter((s) => !expected.has(s));
  for (const skillId of r.sample(extras, r.weighted([[0, 4], [1, 4], [2, 2]] as const))) {
    skills.push({ skillId, proficiency: r.pick(['Awareness', 'Working'] as const) });
  }
  return skills;
}

function contractFor(r: Random, pattern: WorkingPattern): DemoContract | null {
  const kind = r.weighted([['ACTIVE', 52], ['APPROVED', 20], ['PROPOSED', 12], ['ENDED', 8], ['NONE', 8]] as const);
  if (kind === 'NONE') return null; // in the pool's footprint, not (yet) contracted
  const worked = patternDays(pattern);
  const guaranteedReleaseDays = worked >= 4 && r.chance(0.15) ? 1 : 0;
  // The home council keeps at least a day: a contract is a share, not a secondment.
  const daysPerWeek = Math.min(r.weighted([[1, 2], [1.5, 1], [2, 6], [2.5, 1], [3, 2]] as const), worked - Math.max(1, guaranteedReleaseDays));
  const recallNoticeWeeks = r.pick([2, 4, 4, 4, 6, 8, 12]);
  const terms = { daysPerWeek, recallNoticeWeeks, guaranteedReleaseDays };
  switch (kind) {
    case 'ACTIVE':
      return { ...terms, start: r.pick(['2026-01-05', '2026-04-01', '2026-04-01', '2026-07-01']), end: r.pick(['2027-03-31', '2027-09-30', '2027-12-31', '2027-12-31']), moves: [{ to: 'APPROVED' }, { to: 'ACTIVE' }] };
    case 'APPROVED':
      return { ...terms, start: r.pick(['2026-10-01', '2026-11-02', '2027-01-04']), end: r.pick(['2027-09-30', '2027-12-31']), moves: [{ to: 'APPROVED' }] };
    case 'PROPOSED':
      return { ...terms, start: r.pick(['2027-01-04', '2027-04-01']), end: '2027-12-31', moves: [] };
    case 'ENDED':
      return r.chance(0.7)
        ? { ...terms, start: '2026-01-05', end: r.pick(['2026-06-30', '2026-09-30']), moves: [{ to: 'APPROVED' }, { to: 'ACTIVE' }, { to: 'ENDED', note: 'Term completed; back with the home council full time.' }] }
        : { ...terms, start: '2027-01-04', end: '2027-12-31', moves: [{ to: 'ENDED', note: 'Declined by the home council: the service cannot spare them next year.' }] };
  }
}

const monday = (weeksFromAnchor: number) => addDays(DEMO_ANCHOR, 7 * weeksFromAnchor);

/** A couple of weeks a year, some single half days; whole weeks run Monday to Friday. */
function leaveFor(r: Random, pattern: WorkingPattern): LeaveInput[] {
  const leave: LeaveInput[] = [];
  if (r.chance(0.5)) {
    const start = monday(r.int(-16, -10)); // last summer
    leave.push({ start, end: addDays(start, 4), note: 'Summer holiday' });
  }
  if (r.chance(0.55)) leave.push({ start: '2026-12-29', end: '2026-12-31', note: 'Christmas' });
  if (r.chance(0.4)) {
    const start = monday(r.int(15, 28)); // spring
    leave.push({ start, end: addDays(start, 4) });
  }
  if (r.chance(0.85)) {
    const start = monday(r.int(35, 42)); // next summer: one week or two
    leave.push({ start, end: addDays(start, r.chance(0.5) ? 4 : 11), note: 'Summer holiday' });
  }
  if (r.chance(0.35)) {
    const day = addDays(monday(r.int(1, 20)), r.pick([0, 1, 2, 3, 4].filter((d) => pattern[d]! > 0)));
    leave.push({ start: day, end: day, halfDay: true, note: 'Appointment' });
  }
  return leave;
}

interface PractitionerFacts {
  roleId: string;
  levelRank: number;
  pattern: WorkingPattern;
  serviceAreas: ServiceArea[];
}

function practitionersFor(
  seed: number,
  ref: DemoReference,
  levels: Levels,
  pools: readonly DemoPool[],
  scale: number,
): { practitioners: DemoPractitioner[]; facts: PractitionerFacts[] } {
  const councils = new Map(ref.councils.map((c) => [c.gssCode, c]));
  const otherRoles = ref.ddat.roles.map((r) => r.id).filter((id) => !SQUAD_ROLE_WEIGHTS.some(([s]) => s === id)).sort();
  const practitioners: DemoPractitioner[] = [];
  const facts: PractitionerFacts[] = [];
  const names = new Set<string>();
  const emails = new Set<string>();
  POOL_SPECS.forEach((spec, p) => {
    const r = stream(seed, `practitioners:${spec.id}`);
    const homes = pools[p]!.footprint.map((g) => [councils.get(g)!, COUNCIL_WEIGHT[councils.get(g)!.type]] as const);
    for (let i = 0; i < spec.practitioners * scale; i++) {
      let name: string;
      do name = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
      while (names.has(name));
      names.add(name);
      const home = r.weighted(homes);
      const local = slug(name).replace(/-/g, '.');
      let email = `${local}@${slug(home.name)}.example`;
      for (let n = 2; emails.has(email); n++) email = `${local}${n}@${slug(home.name)}.example`;
      emails.add(email);

      const roleId = r.chance(OTHER_ROLES_SHARE) ? r.pick(otherRoles) : r.weighted(SQUAD_ROLE_WEIGHTS);
      const level = r.weighted(levels.byRole.get(roleId)!.map((l) => [l, levelWeight(l)] as const));
      const pattern = r.weighted(WORKING_PATTERNS);
      const serviceAreas = r.sample(SERVICE_AREA_KEYS, r.int(1, 3)).sort();
      practitioners.push({
        poolId: spec.id,
        profile: {
          name,
          email,
          homeCouncilId: home.gssCode,
          roleLevelId: level.id,
          skills: skillsFor(r, level, levels),
          workingPattern: unitsToPattern(pattern),
          serviceAreas,
          workPreference: r.weighted(WORK_PREFERENCES),
        },
        contract: contractFor(r, pattern),
        leave: leaveFor(r, pattern),
      });
      facts.push({ roleId, levelRank: level.rank, pattern, serviceAreas });
    }
  });
  return { practitioners, facts };
}

// ---- projects -----------------------------------------------------------

const PROJECT_IDEAS: readonly { title: string; serviceArea: ServiceArea; outcome: string }[] = [
  { title: 'Apply for householder planning permission', serviceArea: 'PLANNING', outcome: 'Fewer invalid householder applications: applicants know what to send before they pay.' },
  { title: 'Planning application validation', serviceArea: 'PLANNING', outcome: 'Applications validated in days, not weeks, with the reasons for any hold-up shown to the applicant.' },
  { title: 'Pre-application planning advice', serviceArea: 'PLANNING', outcome: 'Applicants book and pay for advice online and get a written answer on time.' },
  { title: 'Report a housing repair', serviceArea: 'HOUSING_REPAIRS', outcome: 'Tenants report a repair online in minutes and get an appointment, so fewer calls chase repairs.' },
  { title: 'Damp and mould reporting and triage', serviceArea: 'HOUSING_REPAIRS', outcome: 'Every damp and mould report is triaged within a day and serious cases are visited within the legal time limits.' },
  { title: 'Join the housing register', serviceArea: 'HOUSING', outcome: 'Applicants learn their band at once and fewer applications arrive incomplete.' },
  { title: 'Homelessness prevention triage', serviceArea: 'HOUSING', outcome: 'People at risk of homelessness reach an officer earlier, while their tenancy can still be saved.' },
  { title: 'Adult social care financial assessment', serviceArea: 'ADULT_SOCIAL_CARE', outcome: 'People know what they will pay towards their care before it starts.' },
  { title: "Carer's assessment self-referral", serviceArea: 'ADULT_SOCIAL_CARE', outcome: 'Unpaid carers refer themselves and are contacted within two weeks.' },
  { title: 'Care needs assessment online', serviceArea: 'ADULT_SOCIAL_CARE', outcome: 'Social workers spend their visits on care, not on forms the person could fill in beforehand.' },
  { title: 'Early help referrals for families', serviceArea: 'CHILDRENS_SERVICES', outcome: 'Schools and health visitors refer a family once and see what happens next.' },
  { title: 'Foster carer recruitment journey', serviceArea: 'CHILDRENS_SERVICES', outcome: 'More enquiries become approved foster carers, and sooner.' },
  { title: 'Apply for SEND home-to-school transport', serviceArea: 'EDUCATION_AND_SEND', outcome: 'Families apply once a year with evidence reused, and decisions arrive before term starts.' },
  { title: 'EHC needs assessment requests', serviceArea: 'EDUCATION_AND_SEND', outcome: 'Parents and schools follow a request through its 20 weeks and know who holds it.' },
  { title: 'In-year school admissions', serviceArea: 'EDUCATION_AND_SEND', outcome: 'Children who move mid-year are offered a school place within ten school days.' },
  { title: 'Report a missed bin collection', serviceArea: 'WASTE_AND_RECYCLING', outcome: 'Residents see whether the crew has already reported the street, and fewer duplicate reports reach crews.' },
  { title: 'Garden waste subscriptions', serviceArea: 'WASTE_AND_RECYCLING', outcome: 'Renewals happen online without a call, and crews get accurate round lists.' },
  { title: 'Book a bulky waste collection', serviceArea: 'WASTE_AND_RECYCLING', outcome: 'Residents pick a collection slot and pay in one go.' },
  { title: 'Report a pothole or highway defect', serviceArea: 'HIGHWAYS_AND_TRANSPORT', outcome: 'Defects are reported once, with a photo and exact location, and reporters hear when they are fixed.' },
  { title: 'Apply for a Blue Badge', serviceArea: 'HIGHWAYS_AND_TRANSPORT', outcome: 'Fewer applications bounce for missing evidence and decisions are made in under six weeks.' },
  { title: 'Resident parking permits', serviceArea: 'HIGHWAYS_AND_TRANSPORT', outcome: 'Residents and visitors get permits instantly, without paper.' },
  { title: 'Council tax single person discount review', serviceArea: 'COUNCIL_TAX', outcome: 'Discounts stay accurate without chasing every household each year.' },
  { title: 'Council tax: moving home', serviceArea: 'COUNCIL_TAX', outcome: 'Residents tell the council once when they move and get a correct bill first time.' },
  { title: 'Housing benefit and council tax support claims', serviceArea: 'REVENUES_AND_BENEFITS', outcome: 'Claims arrive complete and are decided in under two weeks.' },
  { title: 'Household support fund applications', serviceArea: 'REVENUES_AND_BENEFITS', outcome: 'Help reaches eligible households in days, with less fraud.' },
  { title: 'Business rates relief applications', serviceArea: 'REVENUES_AND_BENEFITS', outcome: 'Small businesses claim the reliefs they are due without a phone call.' },
  { title: 'Taxi and private hire licensing', serviceArea: 'LICENSING', outcome: 'Drivers renew licences online and checks are never missed.' },
  { title: 'Premises licence applications', serviceArea: 'LICENSING', outcome: 'Applicants see what the licensing objectives mean for their premises before applying.' },
  { title: 'Report a noise nuisance', serviceArea: 'ENVIRONMENTAL_HEALTH', outcome: 'Officers get recordings and diaries in one case, and residents know what happens next.' },
  { title: 'Food hygiene inspection scheduling', serviceArea: 'ENVIRONMENTAL_HEALTH', outcome: 'High-risk food businesses are inspected on time.' },
  { title: 'Stop smoking service referrals', serviceArea: 'PUBLIC_HEALTH', outcome: 'More referrals from GPs and pharmacies turn into quit attempts.' },
  { title: 'Library membership and e-resources', serviceArea: 'LIBRARIES_AND_CULTURE', outcome: 'Anyone can join online and borrow an e-book the same day.' },
  { title: 'Register a death: appointment booking', serviceArea: 'CUSTOMER_SERVICES', outcome: 'Bereaved families book a registration appointment online with one call less.' },
  { title: 'Single view of the resident for the contact centre', serviceArea: 'CUSTOMER_SERVICES', outcome: 'Advisers see a resident’s open requests across services in one place.' },
  { title: 'Resident account and sign-in', serviceArea: 'CUSTOMER_SERVICES', outcome: 'Residents track everything they have asked the council for in one account.' },
  { title: 'Shared adult social care data platform', serviceArea: 'DATA_AND_INSIGHT', outcome: 'Councils compare demand and outcomes on the same definitions.' },
  { title: 'Housing stock condition data model', serviceArea: 'DATA_AND_INSIGHT', outcome: 'Landlord councils know the condition of every home and plan investment from it.' },
  { title: 'Building control inspection booking', serviceArea: 'BUILDING_CONTROL', outcome: 'Builders book inspections online and inspectors plan routes the day before.' },
  { title: 'Replace the building control case system', serviceArea: 'BUILDING_CONTROL', outcome: 'A shared, open case system that several councils run instead of separate licences.' },
  { title: 'Complaints and FOI case handling', serviceArea: 'CORPORATE_SYSTEMS', outcome: 'Responses go out within statutory deadlines and lessons are reported monthly.' },
  { title: 'HR and payroll self-service', serviceArea: 'CORPORATE_SYSTEMS', outcome: 'Staff change their own details and see payslips without raising a ticket.' },
];

// How many projects end in each status, over all pools (36 in all).
const STATUS_MIX: readonly (readonly [ProjectStatus, number])[] = [
  ['DRAFT', 4],
  ['SUBMITTED', 4],
  ['APPROVED', 4],
  ['STAFFING', 6],
  ['STAFFED', 5],
  ['ACTIVE', 7],
  ['CLOSED', 3],
  ['CANCELLED', 3],
];

// The way to each status, as the status machine allows it (an admin may make every move).
const ROUTE: readonly ProjectStatus[] = ['SUBMITTED', 'APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED'];

function movesTo(r: Random, status: ProjectStatus): DemoMove<ProjectStatus>[] {
  if (status === 'DRAFT') {
    // Some drafts went to the lead and came back with questions.
    return r.chance(0.5) ? [] : [{ to: 'SUBMITTED' }, { to: 'DRAFT', note: 'Please add the outcome measures and which partner councils have agreed to join.' }];
  }
  if (status === 'CANCELLED') {
    const stop = r.int(0, 2); // cancelled as a draft, once submitted, or once approved
    return [...ROUTE.slice(0, stop).map((to) => ({ to })), { to: 'CANCELLED', note: 'The lead council has paused the work after its budget review.' }];
  }
  return ROUTE.slice(0, ROUTE.indexOf(status) + 1).map((to) => ({ to }));
}

// When a project starts, in weeks from the anchor, by the status it ends in:
// the further along, the sooner. Running ones have the anchor inside them,
// closed ones ended before it.
const START_WEEK: Readonly<Record<Exclude<ProjectStatus, 'ACTIVE' | 'CLOSED'>, [number, number]>> = {
  DRAFT: [8, 22],
  SUBMITTED: [6, 16],
  APPROVED: [4, 12],
  STAFFING: [1, 8],
  STAFFED: [1, 4],
  CANCELLED: [2, 14],
};
// How long each phase usually runs, in weeks.
const PHASE_WEEKS: Readonly<Record<ProjectPhase, [number, number]>> = {
  DISCOVERY: [8, 12],
  ALPHA: [10, 16],
  BETA: [16, 26],
  LIVE: [12, 24],
};

function startWeek(r: Random, status: ProjectStatus, weeks: number): number {
  if (status === 'ACTIVE') return -r.int(2, weeks - 3);
  if (status === 'CLOSED') return -(weeks + r.int(2, 16));
  return r.int(...START_WEEK[status]);
}

// The squad each phase usually needs after its lead role.
const SQUADS: Readonly<Record<ProjectPhase, readonly string[]>> = {
  DISCOVERY: ['user-researcher', 'service-designer', 'business-analyst', 'content-designer', 'data-analyst'],
  ALPHA: ['user-researcher', 'interaction-designer', 'content-designer', 'service-designer', 'frontend-developer', 'technical-architect'],
  BETA: ['user-researcher', 'interaction-designer', 'content-designer', 'software-developer', 'frontend-developer', 'quality-assurance-test-analyst', 'performance-analyst'],
  LIVE: ['software-developer', 'development-operations-devops-engineer', 'performance-analyst', 'data-analyst', 'content-designer', 'user-researcher'],
};
const LEAD_ROLES: Readonly<Record<ProjectPhase, readonly string[]>> = {
  DISCOVERY: ['delivery-manager', 'product-manager'],
  ALPHA: ['delivery-manager', 'product-manager'],
  BETA: ['delivery-manager'],
  LIVE: ['product-manager'],
};

const PHASES: readonly (readonly [ProjectPhase, number])[] = [['DISCOVERY', 4], ['ALPHA', 3], ['BETA', 3], ['LIVE', 1]];
const PRIORITIES: readonly (readonly [ProjectPriority, number])[] = [['LOW', 2], ['MEDIUM', 5], ['HIGH', 3], ['CRITICAL', 1]];
const ON_SITE: readonly (readonly [OnSiteExpectation, number])[] = [['HYBRID', 6], ['REMOTE', 3], ['ONSITE', 1]];

function slotsFor(r: Random, phase: ProjectPhase, weeks: number, levels: Levels, start: (w: number) => string, end: (w: number) => string): SlotInput[] {
  const roles = [r.pick(LEAD_ROLES[phase]), ...r.sample(SQUADS[phase], r.int(1, 5))];
  return roles.map((roleId) => {
    const level = r.weighted(levels.byRole.get(roleId)!.filter((l) => !/^(apprentice|trainee|head|chief)-/.test(l.id)).map((l) => [l, levelWeight(l)] as const));
    // Most slots run the whole project; some only its first or last part.
    const split = weeks >= 10 ? r.int(4, weeks - 4) : 0;
    const part = split ? r.weighted([['whole', 13], ['first', 3], ['last', 4]] as const) : 'whole';
    const [from, to] = part === 'first' ? [0, split - 1] : part === 'last' ? [split, weeks - 1] : [0, weeks - 1];
    const expected = new Set(level.expectedSkills.map((e) => e.skillId));
    const extras = (levels.familySkills.get(level.familyId) ?? []).filter((s) => !expected.has(s));
    return {
      roleLevelId: level.id,
      // Required skills default to what the role level expects (left out on purpose).
      desired: r.chance(0.4) ? r.sample(extras, r.int(1, 2)).map((skillId) => ({ skillId, proficiency: 'Working' })) : [],
      daysPerWeek: r.weighted([[1, 2], [1.5, 1], [2, 5], [2.5, 1], [3, 3]] as const),
      start: start(from),
      end: end(to),
      headcount: r.chance(0.15) ? 2 : 1,
    };
  });
}

function projectsFor(seed: number, ref: DemoReference, levels: Levels, pools: readonly DemoPool[], scale: number): DemoProject[] {
  const councils = new Map(ref.councils.map((c) => [c.gssCode, c]));
  const statuses = stream(seed, 'project-statuses').shuffle(STATUS_MIX.flatMap(([s, n]) => Array<ProjectStatus>(n * scale).fill(s)));
  // A larger demo takes the ideas again, each round shuffled afresh.
  const ideaStream = stream(seed, 'project-ideas');
  const ideas = Array.from({ length: scale }, () => ideaStream.shuffle(PROJECT_IDEAS)).flat();
  const total = POOL_SPECS.reduce((s, p) => s + p.projects * scale, 0);
  if (statuses.length !== total || ideas.length < total) throw new Error('demo plan: project mix and ideas do not match the pools');
  const projects: DemoProject[] = [];
  POOL_SPECS.forEach((spec, p) => {
    const r = stream(seed, `projects:${spec.id}`);
    const footprint = pools[p]!.footprint;
    const leads = footprint.map((g) => [g, COUNCIL_WEIGHT[councils.get(g)!.type]] as const);
    for (let i = 0; i < spec.projects * scale; i++) {
      const k = projects.length;
      const status = statuses[k]!;
      const idea = ideas[k]!;
      const lead = r.weighted(leads);
      // A third are consortia: the lead plus one to three neighbours in the pool.
      const partners = r.chance(0.35) ? r.sample(footprint.filter((g) => g !== lead), r.int(1, 3)).sort() : [];
      const phase = r.weighted(PHASES);
      const weeks = r.int(...PHASE_WEEKS[phase]);
      const first = startWeek(r, status, weeks);
      const weekStartDate = (w: number) => monday(first + w);
      const weekFriday = (w: number) => addDays(monday(first + w), 4);
      projects.push({
        input: {
          title: idea.title,
          outcome: idea.outcome,
          serviceArea: idea.serviceArea,
          phase,
          start: weekStartDate(0),
          end: weekFriday(weeks - 1),
          priority: r.weighted(PRIORITIES),
          onSiteExpectation: r.weighted(ON_SITE),
          poolId: spec.id,
          leadCouncilId: lead,
          councilIds: [lead, ...partners],
          slots: slotsFor(r, phase, weeks, levels, weekStartDate, weekFriday),
        },
        moves: movesTo(r, status),
        bookings: [],
      });
    }
  });
  return projects;
}

// ---- bookings -------------------------------------------------------------

/**
 * Each person's weekly capacity and what is already booked, counted the way
 * the booking service counts it (poolCapacity over the bookable contract,
 * less leave and bank holidays; a booking needs min(its units, capacity) in
 * each week). A booking that fits here is one the service accepts.
 */
class CapacityBook {
  private readonly capacity = new Map<number, Map<string, number>>();
  private readonly used = new Map<number, Map<string, number>>();
  constructor(
    private readonly plan: readonly DemoPractitioner[],
    private readonly facts: readonly PractitionerFacts[],
    private readonly bankHolidays: readonly string[],
  ) {}

  private capacityOf(p: number): Map<string, number> {
    let weeks = this.capacity.get(p);
    if (!weeks) {
      const { contract, poolId, leave } = this.plan[p]!;
      weeks = new Map();
      if (contract) {
        const contracts = [{ poolId, daysPerWeek: contract.daysPerWeek, start: contract.start, end: contract.end }];
        const leaveDates = leave.map((l) => ({ start: l.start, end: l.end, halfDay: l.halfDay ?? false }));
        for (const w of poolCapacity({ pattern: this.facts[p]!.pattern, contracts, leave: leaveDates, bankHolidays: this.bankHolidays, from: contract.start, to: contract.end })) {
          weeks.set(w.week, w.capacityUnits);
        }
      }
      this.capacity.set(p, weeks);
    }
    return weeks;
  }

  /** Book if every week has room; true when booked. */
  tryBook(p: number, start: string, end: string, units: number): boolean {
    const cap = this.capacityOf(p);
    const used = this.used.get(p) ?? new Map<string, number>();
    const weeks = weeksBetween(start, end);
    const needs = weeks.map((w) => Math.min(units, cap.get(w) ?? 0));
    if (weeks.some((w, i) => (used.get(w) ?? 0) + needs[i]! > (cap.get(w) ?? 0))) return false;
    weeks.forEach((w, i) => used.set(w, (used.get(w) ?? 0) + needs[i]!));
    this.used.set(p, used);
    return true;
  }
}

const BOOKABLE_CONTRACT: readonly ContractStatus[] = ['APPROVED', 'ACTIVE'];

/** Staff the slots of projects being staffed or running: all seats of STAFFED and ACTIVE ones if people can be found, about half of STAFFING ones. */
function planBookings(seed: number, ref: DemoReference, practitioners: readonly DemoPractitioner[], facts: readonly PractitionerFacts[], projects: DemoProject[], levels: Levels): void {
  const r = stream(seed, 'bookings');
  const book = new CapacityBook(practitioners, facts, ref.bankHolidays);
  const levelOf = new Map([...levels.byRole.values()].flat().map((l) => [l.id, l]));
  for (const project of projects) {
    const status = finalProjectStatus(project);
    if (status !== 'STAFFING' && status !== 'STAFFED' && status !== 'ACTIVE') continue;
    project.input.slots.forEach((slot, s) => {
      const level = levelOf.get(slot.roleLevelId)!;
      const start = slot.start!;
      const end = slot.end!;
      // Meets the slot as a booking demands (same role, a level either side at most, the role
      // level's expected skills, which the slot's required ones default to), with a bookable
      // contract with this pool covering the slot.
      const needs = { roleId: level.roleId, levelRank: level.rank, required: level.expectedSkills.map(skillNeed) };
      const candidates = r
        .shuffle(practitioners.map((_, i) => i))
        .filter((i) => {
          const c = practitioners[i]!.contract;
          return (
            practitioners[i]!.poolId === project.input.poolId &&
            profileViolations({ roleId: facts[i]!.roleId, levelRank: facts[i]!.levelRank, skills: skillLevels(practitioners[i]!.profile.skills ?? []) }, needs).length === 0 &&
            c !== null &&
            BOOKABLE_CONTRACT.includes(finalContractStatus(c)) &&
            c.start <= start &&
            c.end >= end
          );
        })
        // The right level and a liking for the work first; the shuffle breaks ties.
        .map((i) => ({ i, score: (facts[i]!.levelRank === level.rank ? 2 : 0) + (facts[i]!.serviceAreas.includes(project.input.serviceArea as ServiceArea) ? 1 : 0) }))
        .sort((a, b) => b.score - a.score)
        .map((c) => c.i);
      const seats = slot.headcount ?? 1;
      let filled = 0;
      for (const i of candidates) {
        if (filled === seats) break;
        if (status === 'STAFFING' && !r.chance(0.5)) break;
        const daysPerWeek = Math.min(slot.daysPerWeek, practitioners[i]!.contract!.daysPerWeek);
        if (!book.tryBook(i, start, end, daysPerWeek * 2)) continue;
        project.bookings.push({ practitioner: i, slot: s, start, end, daysPerWeek, agreement: 'DRAFT' });
        filled++;
      }
    });
  }
}

// ---- users ----------------------------------------------------------------

const PASSWORD_WORDS = [
  'amber', 'anchor', 'badger', 'beacon', 'bramble', 'canal', 'cedar', 'cobble', 'copper', 'dale', 'ember', 'fell', 'fern', 'gannet',
  'granite', 'harbour', 'heather', 'kestrel', 'lantern', 'larch', 'meadow', 'moor', 'orchard', 'otter', 'pebble', 'quarry', 'raven',
  'river', 'rowan', 'saffron', 'slate', 'sparrow', 'spindle', 'thistle', 'timber', 'tyne', 'walnut', 'willow', 'wren', 'yarrow',
];

function usersFor(seed: number, pools: readonly DemoPool[], practitioners: readonly DemoPractitioner[], projects: readonly DemoProject[], ref: DemoReference): DemoUser[] {
  const r = stream(seed, 'users');
  const password = () => `${r.sample(PASSWORD_WORDS, 3).join('-')}-${r.int(10, 99)}`;
  const person = () => `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
  const councilName = (g: string) => ref.councils.find((c) => c.gssCode === g)!.name;
  const users: DemoUser[] = [{ email: 'admin@talent-pool.example', name: person(), password: password(), role: 'ADMIN', actsFor: 'everything' }];
  for (const pool of pools) {
    users.push({ email: `lead.${pool.id}@talent-pool.example`, name: person(), password: password(), role: 'PROGRAMME_LEAD', poolId: pool.id, actsFor: pool.name });
  }
  // A requester for the council that leads most projects in each pool (ties: the lower GSS code).
  for (const pool of pools) {
    const led = new Map<string, number>();
    for (const p of projects) if (p.input.poolId === pool.id) led.set(p.input.leadCouncilId, (led.get(p.input.leadCouncilId) ?? 0) + 1);
    const [council] = [...led].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]!;
    users.push({ email: `requester.${slug(councilName(council))}@talent-pool.example`, name: person(), password: password(), role: 'COUNCIL_REQUESTER', councilId: council, actsFor: councilName(council) });
  }
  // The practitioner with the most bookings in the first pool signs in as themselves.
  const bookings = new Map<number, number>();
  for (const p of projects) for (const b of p.bookings) if (practitioners[b.practitioner]!.poolId === pools[0]!.id) bookings.set(b.practitioner, (bookings.get(b.practitioner) ?? 0) + 1);
  const top = [...bookings].sort(([a, x], [b, y]) => y - x || a - b)[0];
  if (!top) throw new Error('demo plan: nobody in the first pool has a booking');
  const p = practitioners[top[0]]!.profile;
  users.push({ email: p.email, name: p.name, password: password(), role: 'PRACTITIONER', practitioner: top[0], actsFor: `themselves (${councilName(p.homeCouncilId)})` });
  // A requester for every other council that is a party to a booking (the person's home
  // council, the project's councils), so each agreement's parties can decide as themselves.
  // Added after the others, so theirs stay as they were.
  const parties = new Set<string>();
  for (const pr of projects) {
    for (const b of pr.bookings) {
      parties.add(practitioners[b.practitioner]!.profile.homeCouncilId);
      for (const c of pr.input.councilIds) parties.add(c);
    }
  }
  const covered = new Set(users.map((u) => u.councilId).filter((c): c is string => c !== undefined));
  for (const council of [...parties].filter((c) => !covered.has(c)).sort()) {
    users.push({ email: `requester.${slug(councilName(council))}@talent-pool.example`, name: person(), password: password(), role: 'COUNCIL_REQUESTER', councilId: council, actsFor: councilName(council) });
  }
  return users;
}

// ---- agreements ---------------------------------------------------------------

// Most agreements in force, so ledgers and recharges show days given and
// received; some waiting on each kind of party, so every inbox has something.
const STAGE_CYCLE: readonly DemoAgreementStage[] = ['ACTIVE', 'AWAITING_LEAD', 'AMENDED', 'AWAITING_ALL', 'ACTIVE', 'ENDED', 'DRAFT', 'ACTIVE', 'RECALLED'];

/** An ended or recalled placement stops on the Friday of the week before its middle one, so it still gave days. */
export function demoClosedOn(b: Pick<DemoBooking, 'start' | 'end'>): string {
  const weeks = weeksBetween(b.start, b.end);
  const friday = addDays(weekStart(weeks[Math.max(0, Math.floor(weeks.length / 2) - 1)]!), 4);
  return friday < b.start ? b.start : friday;
}

/**
 * Each booking's agreement stage, in plan order. The demo practitioner's
 * await their consent, so they have something to decide (with several, the
 * first is in force).
 */
function agreementStages(projects: DemoProject[], users: readonly DemoUser[]): void {
  const signedIn = users.find((u) => u.role === 'PRACTITIONER')?.practitioner;
  const theirs = projects.flatMap((p) => p.bookings).filter((b) => b.practitioner === signedIn);
  let k = 0;
  for (const p of projects) {
    for (const b of p.bookings) {
      if (b.practitioner !== signedIn) b.agreement = STAGE_CYCLE[k++ % STAGE_CYCLE.length]!;
      else b.agreement = theirs.length > 1 && b === theirs[0] ? 'ACTIVE' : 'AWAITING_PRACTITIONER';
      if (b.agreement === 'ENDED' || b.agreement === 'RECALLED') b.closedOn = demoClosedOn(b);
    }
  }
}

// ---- the plan ---------------------------------------------------------------

/** Most demo scale: the first and last names give 3,600 distinct people, and a demo of scale s has 300 × s. */
export const MAX_DEMO_SCALE = 10;

/**
 * The demo plan for `seed`. `scale` (a whole number, 1 to MAX_DEMO_SCALE)
 * multiplies each pool's practitioners and projects, and so the bookings;
 * dates, mixes and rules stay the same. At scale 1 it is the demo `npm start`
 * loads, and a larger plan begins with the same people.
 */
export function generateDemoPlan(seed: number, ref: DemoReference, scale = 1): DemoPlan {
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`demo seed must be a whole number of 0 or more, got ${seed}`);
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_DEMO_SCALE) throw new RangeError(`demo scale must be a whole number from 1 to ${MAX_DEMO_SCALE}, got ${scale}`);
  const levels = indexLevels(ref.ddat);
  const pools = poolsFrom(ref);
  const { practitioners, facts } = practitionersFor(seed, ref, levels, pools, scale);
  const projects = projectsFor(seed, ref, levels, pools, scale);
  planBookings(seed, ref, practitioners, facts, projects, levels);
  const users = usersFor(seed, pools, practitioners, projects, ref);
  agreementStages(projects, users);
  return { seed, anchor: DEMO_ANCHOR, pools, practitioners, projects, users };
}
