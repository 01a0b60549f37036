// Plans over GraphQL: squad proposals that count capacity already booked,
// programme plans solved exactly on a small instance, existing bookings kept
// or re-planned, named drafts compared and committed as bookings (all or
// none), and who may do each. Each test builds its own small world in its own
// quarter of 2027-2028, so no test's people can be candidates in another's.
import { expect } from 'chai';
import { Booking } from '../../models/booking.ts';
import { CapacityClaim } from '../../models/capacity-claim.ts';
import { Plan } from '../../models/plan.ts';
import { PlanCommit } from '../../models/plan-commit.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { Project } from '../../models/project.ts';
import { releaseCapacity } from '../../server/store/capacity-claims.ts';
import { addDays } from '../../server/calendar/iso-week.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedActors, seedProject, type Actor, type Actors } from '../support/projects.ts';
import { seedBooking, seedContract, seedPractitioner } from '../support/practitioners.ts';

const NEWCASTLE = 'E08000021';
const SUNDERLAND = 'E08000024';
const GATESHEAD = 'E08000037';
const POOL = 'north-east-ca';

const PLAN_FIELDS = `id name status kind from to keepExistingBookings objective
  pool { id } projects { id }
  solver { method status gap bound ms notes }
  assignments { slot { id } project { id } practitioner { id label } start end daysPerWeek score fixed booking { id status } contributions { contribution } }
  unfilled { slot { id } missing reasons { code } }
  releasedBookings { id }`;
const SQUAD = `mutation($p: ID!, $w: MatchWeightsInput, $save: SavePlanInput) { proposeSquad(projectId: $p, weights: $w, save: $save) { ${PLAN_FIELDS} } }`;
const PROGRAMME = `mutation($pool: ID!, $ps: [ID!]!, $from: LocalDate!, $to: LocalDate!, $keep: Boolean, $t: Float, $w: MatchWeightsInput, $save: SavePlanInput) {
  planProgramme(poolId: $pool, projectIds: $ps, from: $from, to: $to, keepExistingBookings: $keep, timeLimitSeconds: $t, weights: $w, save: $save) { ${PLAN_FIELDS} }
}`;
const COMMIT = `mutation($id: ID!) { commitPlan(id: $id) { ${PLAN_FIELDS} } }`;
const BOOK = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id } }`;

interface PlanOut {
  id: string | null;
  name: string | null;
  status: string | null;
  objective: number;
  solver: { method: string; status: string; gap: number | null; bound: number | null; ms: number };
  assignments: { slot: { id: string }; project: { id: string }; practitioner: { id: string; label: string }; start: string; end: string; daysPerWeek: number; score: number; fixed: boolean; booking: { id: string; status: string } | null; contributions: { contribution: number }[] }[];
  unfilled: { slot: { id: string }; missing: number }[];
  releasedBookings: { id: string }[];
}

const skills = (levels: Record<string, 'Awareness' | 'Working' | 'Practitioner' | 'Expert'>) => Object.entries(levels).map(([skillId, proficiency]) => ({ skillId, proficiency }));
const UR_NEEDS = [
  { skillId: 'user-research-methods', proficiency: 'Working' },
  { skillId: 'analysis-and-synthesis', proficiency: 'Working' },
];
const DM_NEEDS = [{ skillId: 'planning', proficiency: 'Working' }];

describe('plans: squads, programmes, drafts and commits', function () {
  this.timeout(180_000);
  let server: TestServer;
  let actors: Actors;

  before(async () => {
    server = await startTestServer({ label: 'plans', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    actors = await seedActors(server);
  });
  after(() => server?.stop());

  /**
   * World n: a LOW project needing a user researcher (3 days) and a delivery
   * manager (1 day), a CRITICAL one needing a user researcher (3 days), and
   * three people with contracts for just those twelve weeks: a strong and a
   * fair user researcher (each can do one 3-day slot) and a delivery manager.
   */
  async function world(n: number) {
    const start = addDays('2027-01-04', 91 * n);
    const end = addDays(start, 83);
    const project = async (title: string, priority: 'LOW' | 'CRITICAL', slots: object[]) => {
      const id = await seedProject(actors, 'APPROVED', { title, priority, start, end, slots: slots as never });
      const doc = (await Project.findById(id).lean())!;
      return { id, slots: doc.slots.map((s) => String(s._id)) };
    };
    const low = await project(`Low ${n}`, 'LOW', [
      { roleLevelId: 'user-researcher', daysPerWeek: 3, required: UR_NEEDS },
      { roleLevelId: 'delivery-manager', daysPerWeek: 1, required: DM_NEEDS },
    ]);
    const high = await project(`High ${n}`, 'CRITICAL', [{ roleLevelId: 'user-researcher', daysPerWeek: 3, required: UR_NEEDS }]);
    const person = async (name: string, homeCouncilId: string, roleLevelId: string, s: ReturnType<typeof skills>, daysPerWeek: number) => {
      const p = await seedPractitioner({ name: `${name} ${n}`, homeCouncilId, roleLevelId, skills: s });
      await seedContract({ practitionerId: p.id, poolId: POOL, daysPerWeek, start, end });
      return p.id;
    };
    return {
      start,
      end,
      low,
      high,
      star: await person('Star', SUNDERLAND, 'user-researcher', skills({ 'user-research-methods': 'Expert', 'analysis-and-synthesis': 'Expert' }), 3),
      backup: await person('Backup', GATESHEAD, 'user-researcher', skills({ 'user-research-methods': 'Working', 'analysis-and-synthesis': 'Working' }), 3),
      dm: await person('Manager', NEWCASTLE, 'delivery-manager', skills({ planning: 'Expert' }), 2),
    };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const who = (p: PlanOut) => Object.fromEntries(p.assignments.map((a) => [a.slot.id, a.practitioner.id]));
  const programme = async (w: World, projects: string[], extra: Record<string, unknown> = {}, token = actors.lead.token) =>
    server.gql<{ planProgramme: PlanOut }>(PROGRAMME, { pool: POOL, ps: projects, from: w.start, to: w.end, t: 20, ...extra }, token);

  it('proposes a squad for a project, counting capacity already booked and keeping who is booked', async () => {
    const w = await world(0);
    const r = await server.gql<{ proposeSquad: PlanOut }>(SQUAD, { p: w.low.id }, actors.lead.token);
    expect(r.errors).to.equal(undefined);
    const squad = r.data!.proposeSquad;
    expect(squad).to.deep.include({ id: null, name: null, status: null });
    expect(who(squad)).to.deep.equal({ [w.low.slots[0]!]: w.star, [w.low.slots[1]!]: w.dm });
    expect(squad.solver).to.deep.include({ method: 'EXACT', status: 'OPTIMAL', gap: 0 });
    // Objective: the members' scores plus 0.1 for each distinct home council.
    expect(squad.objective).to.be.closeTo(squad.assignments.reduce((s, a) => s + a.score, 0) + 2 * 0.1, 1e-9);
    for (const a of squad.assignments) expect(a.contributions.reduce((s, c) => s + c.contribution, 0)).to.be.closeTo(a.score, 1e-9);
    expect(squad.assignments[0]).to.deep.include({ start: w.start, end: w.end, daysPerWeek: 3, fixed: false, booking: null });

    // Half a day a week booked elsewhere: the star no longer has three days free.
    await seedBooking(w.star, POOL, w.start, addDays(w.start, 6), 1);
    const after = (await server.gql<{ proposeSquad: PlanOut }>(SQUAD, { p: w.low.id }, actors.lead.token)).data!.proposeSquad;
    expect(who(after)[w.low.slots[0]!]).to.equal(w.backup);

    // Someone booked on a slot stays in the squad, as a fixed member.
    const b = await server.gql(BOOK, { i: { practitionerId: w.dm, projectId: w.low.id, slotId: w.low.slots[1], start: w.start, end: w.end, daysPerWeek: 1 } }, actors.lead.token);
    expect(b.errors).to.equal(undefined);
    const kept = (await server.gql<{ proposeSquad: PlanOut }>(SQUAD, { p: w.low.id }, actors.lead.token)).data!.proposeSquad;
    const dm = kept.assignments.find((a) => a.slot.id === w.low.slots[1])!;
    expect(dm).to.deep.include({ fixed: true });
    expect(dm.booking!.id).to.equal(b.data!.bookPractitioner.id);
  });

  it('plans a programme exactly on a small instance: the scarce person goes to the critical project', async () => {
    const w = await world(1);
    const r = await programme(w, [w.low.id, w.high.id]);
    expect(r.errors).to.equal(undefined);
    const plan = r.data!.planProgramme;
    expect(who(plan)).to.deep.equal({ [w.low.slots[0]!]: w.backup, [w.low.slots[1]!]: w.dm, [w.high.slots[0]!]: w.star });
    expect(plan.unfilled).to.deep.equal([]);
    // The capacity-relaxed bound (the star in both) cannot be met, so HiGHS proves the optimum.
    expect(plan.solver).to.deep.include({ method: 'EXACT', status: 'OPTIMAL' });
    expect(plan.solver.gap).to.be.at.most(1e-6);
    // Objective: priority weight (LOW 1, CRITICAL 4) × score.
    const weight = (a: PlanOut['assignments'][number]) => (a.project.id === w.high.id ? 4 : 1);
    expect(plan.objective).to.be.closeTo(plan.assignments.reduce((s, a) => s + weight(a) * a.score, 0), 1e-9);
    // The other way round is worse: the star's edge counts four times on the critical project.
    const star = plan.assignments.find((a) => a.practitioner.id === w.star)!;
    const backup = plan.assignments.find((a) => a.practitioner.id === w.backup)!;
    expect(4 * star.score + backup.score).to.be.greaterThan(4 * backup.score + star.score);
  });

  it('keeps existing bookings fixed, or plans afresh and names the bookings it would release', async () => {
    const w = await world(2);
    const b = await server.gql(BOOK, { i: { practitionerId: w.star, projectId: w.low.id, slotId: w.low.slots[0], start: w.start, end: w.end, daysPerWeek: 3 } }, actors.lead.token);
    expect(b.errors).to.equal(undefined);
    const bookingId = b.data!.bookPractitioner.id as string;

    const kept = (await programme(w, [w.low.id, w.high.id], { keep: true })).data!.planProgramme;
    expect(who(kept)).to.deep.equal({ [w.low.slots[0]!]: w.star, [w.low.slots[1]!]: w.dm, [w.high.slots[0]!]: w.backup });
    const fixed = kept.assignments.find((a) => a.practitioner.id === w.star)!;
    expect(fixed).to.deep.include({ fixed: true });
    expect(fixed.booking!.id).to.equal(bookingId);
    expect(kept.releasedBookings).to.deep.equal([]);

    const afresh = await programme(w, [w.low.id, w.high.id], { keep: false, save: { name: 'Afresh' } });
    expect(afresh.errors).to.equal(undefined);
    const plan = afresh.data!.planProgramme;
    expect(who(plan)).to.deep.equal({ [w.low.slots[0]!]: w.backup, [w.low.slots[1]!]: w.dm, [w.high.slots[0]!]: w.star });
    expect(plan.releasedBookings).to.deep.equal([{ id: bookingId }]);
    // It gives the star's time to another slot: committing waits until that booking is cancelled.
    const e = onlyError(await server.gql(COMMIT, { id: plan.id }, actors.lead.token));
    expect(e.extensions).to.deep.include({ code: 'CONFLICT', details: { bookingIds: [bookingId] } });
    expect(await PlanCommit.countDocuments({ _id: plan.id })).to.equal(0);
    const cancel = await server.gql(`mutation($id: ID!) { cancelBooking(id: $id) { status } }`, { id: bookingId }, actors.lead.token);
    expect(cancel.errors).to.equal(undefined);
    const done = await server.gql<{ commitPlan: PlanOut }>(COMMIT, { id: plan.id }, actors.lead.token);
    expect(done.errors).to.equal(undefined);
    expect(done.data!.commitPlan.status).to.equal('COMMITTED');
  });

  it('saves plans as named drafts, compares them, and commits one as bookings, once', async () => {
    const w = await world(3);
    const a = (await programme(w, [w.low.id], { save: { name: 'Low only' } })).data!.planProgramme;
    const r = await programme(w, [w.low.id, w.high.id], { save: { name: 'With the critical project' } });
    expect(r.errors).to.equal(undefined);
    const b = r.data!.planProgramme;
    expect(a).to.deep.include({ name: 'Low only', status: 'DRAFT' });
    expect(b).to.deep.include({ name: 'With the critical project', status: 'DRAFT' });

    const dup = onlyError(await programme(w, [w.low.id], { save: { name: 'Low only' } }));
    expect(dup.extensions).to.deep.include({ code: 'CONFLICT', field: ['save', 'name'] });

    const list = await server.gql(`query($p: ID!) { plans(poolId: $p, statuses: [DRAFT]) { totalCount nodes { id name } } }`, { p: POOL }, actors.lead.token);
    expect(list.data!.plans.nodes.map((p: { id: string }) => p.id)).to.include.members([a.id, b.id]);

    const cmp = await server.gql(
      `query($a: ID!, $b: ID!) { comparePlans(a: $a, b: $b) {
        objectiveDelta unfilledSlotsDelta unfilledPositionsDelta
        added { slot { id } practitioner { id } } removed { slot { id } practitioner { id } } changed { before { score } after { score } }
        a { id } b { id } } }`,
      { a: a.id, b: b.id },
      actors.lead.token,
    );
    expect(cmp.errors).to.equal(undefined);
    const c = cmp.data!.comparePlans;
    expect(c.objectiveDelta).to.be.closeTo(b.objective - a.objective, 1e-9);
    // Alone, the low project gets the star; with the critical one, the star moves there and the backup takes over.
    const pairs = (xs: { slot: { id: string }; practitioner: { id: string } }[]) => xs.map((x) => [x.slot.id, x.practitioner.id]);
    expect(pairs(c.added)).to.have.deep.members([
      [w.low.slots[0], w.backup],
      [w.high.slots[0], w.star],
    ]);
    expect(pairs(c.removed)).to.deep.equal([[w.low.slots[0], w.star]]);
    expect(c.changed).to.deep.equal([]);
    expect(c).to.deep.include({ unfilledSlotsDelta: 0, unfilledPositionsDelta: 0 });

    const before = await Booking.countDocuments({ status: 'TENTATIVE' });
    const commit = await server.gql<{ commitPlan: PlanOut }>(COMMIT, { id: b.id }, actors.lead.token);
    expect(commit.errors).to.equal(undefined);
    const done = commit.data!.commitPlan;
    expect(done.status).to.equal('COMMITTED');
    for (const x of done.assignments) expect(x.booking, x.practitioner.label).to.deep.include({ status: 'TENTATIVE' });
    expect(await Booking.countDocuments({ status: 'TENTATIVE' })).to.equal(before + 3);
    expect(await AuditEvent.countDocuments({ entityType: 'Plan', entityId: b.id, action: 'plan.commit' })).to.equal(1);
    expect((await server.gql(`query($id: ID!) { plan(id: $id) { status } }`, { id: b.id }, actors.lead.token)).data!.plan.status).to.equal('COMMITTED');

    const again = onlyError(await server.gql(COMMIT, { id: b.id }, actors.lead.token));
    expect(again.extensions?.code).to.equal('CONFLICT');
    expect(await Booking.countDocuments({ status: 'TENTATIVE' })).to.equal(before + 3);
  });

  it('commits all or none: a booking that fails undoes those made, and the plan stays a draft', async () => {
    const w = await world(4);
    const saved = await server.gql<{ proposeSquad: PlanOut }>(SQUAD, { p: w.low.id, save: { name: 'Squad to conflict' } }, actors.lead.token);
    expect(saved.errors).to.equal(undefined);
    const plan = saved.data!.proposeSquad;
    expect(who(plan)).to.deep.equal({ [w.low.slots[0]!]: w.star, [w.low.slots[1]!]: w.dm });
    // Since the plan was made, the manager's two days went elsewhere in one week.
    const blocker = await seedBooking(w.dm, POOL, addDays(w.start, 14), addDays(w.start, 20), 4);
    const claims = async (id: string) => CapacityClaim.countDocuments({ practitionerId: id });
    const liveOf = async (slotId: string) => Booking.countDocuments({ slotId, status: { $in: ['TENTATIVE', 'CONFIRMED'] } });

    const e = onlyError(await server.gql(COMMIT, { id: plan.id }, actors.lead.token));
    expect(e.extensions?.code).to.equal('CAPACITY_EXCEEDED');
    const details = e.extensions!.details as { assignment: Record<string, unknown>; reason: { code: string; message: string }; undoneBookings: number };
    expect(details.assignment).to.deep.include({ index: 1, practitionerId: w.dm, slotId: w.low.slots[1], start: w.start, end: w.end, daysPerWeek: 1 });
    expect(details.reason.code).to.equal('CAPACITY_EXCEEDED');
    expect(details.undoneBookings).to.equal(1);
    expect(e.message).to.match(/was not committed/);
    // The star's booking was made, then cancelled: nothing of it holds time.
    expect(await liveOf(w.low.slots[0]!)).to.equal(0);
    expect(await claims(w.star)).to.equal(0);
    expect(await Booking.countDocuments({ practitionerId: w.star, status: 'CANCELLED' })).to.equal(1);
    expect((await Plan.findById(plan.id).lean())!.status).to.equal('DRAFT');
    expect(await PlanCommit.countDocuments({ _id: plan.id })).to.equal(0);

    // Once the time is free again the same plan commits.
    await releaseCapacity(blocker);
    const ok = await server.gql<{ commitPlan: PlanOut }>(COMMIT, { id: plan.id }, actors.lead.token);
    expect(ok.errors).to.equal(undefined);
    expect(ok.data!.commitPlan.status).to.equal('COMMITTED');
    expect(await liveOf(w.low.slots[0]!)).to.equal(1);
    expect(await liveOf(w.low.slots[1]!)).to.equal(1);
  });

  it('commits a plan once, even when two commits race', async () => {
    const w = await world(7);
    const plan = (await server.gql<{ proposeSquad: PlanOut }>(SQUAD, { p: w.low.id, save: { name: 'Raced' } }, actors.lead.token)).data!.proposeSquad;
    const [x, y] = await Promise.all([server.gql(COMMIT, { id: plan.id }, actors.lead.token), server.gql(COMMIT, { id: plan.id }, actors.admin.token)]);
    const codes = [x, y].map((r) => r.errors?.[0]?.extensions?.code ?? null).sort();
    expect(codes).to.deep.equal(['CONFLICT', null]);
    expect(await Booking.countDocuments({ slotId: { $in: w.low.slots }, status: 'TENTATIVE' })).to.equal(2);
    expect((await Plan.findById(plan.id).lean())!.status).to.equal('COMMITTED');
  });

  it('refuses bad input before anything is written', async () => {
    const w = await world(5);
    const plans = await Plan.countDocuments();
    const cases: [Record<string, unknown>, string, (string | number)[]][] = [
      [{ t: 61 }, 'BAD_USER_INPUT', ['timeLimitSeconds']],
      [{ t: 0 }, 'BAD_USER_INPUT', ['timeLimitSeconds']],
      [{ w: { councilSpread: -0.1 } }, 'BAD_USER_INPUT', ['weights', 'councilSpread']],
      [{ w: { nope: 1 } }, 'BAD_USER_INPUT', ['weights', 'nope']],
      [{ from: w.end, to: w.start }, 'BAD_USER_INPUT', ['to']],
      [{ ps: [] }, 'BAD_USER_INPUT', ['projectIds']],
      [{ ps: [w.low.id, w.low.id] }, 'BAD_USER_INPUT', ['projectIds', 1]],
      [{ ps: ['0123456789abcdef01234567'] }, 'NOT_FOUND', ['projectIds', 0]],
      [{ save: { name: '  ' } }, 'BAD_USER_INPUT', ['save', 'name']],
      [{ pool: 'nowhere' }, 'FORBIDDEN', []],
    ];
    for (const [over, code, field] of cases) {
      const r = await server.gql(PROGRAMME, { pool: POOL, ps: [w.low.id], from: w.start, to: w.end, ...over }, actors.lead.token);
      const e = onlyError(r);
      expect(e.extensions?.code, JSON.stringify(over)).to.equal(code);
      // An unknown weight is refused by GraphQL itself, which names the field in its message.
      if (code !== 'FORBIDDEN' && field[1] !== 'nope') expect(e.extensions?.field, JSON.stringify(over)).to.deep.equal(field);
    }
    const other = await seedProject(actors, 'APPROVED', { title: 'Elsewhere' });
    await Project.updateOne({ _id: other }, { $set: { poolId: 'tees-valley' } });
    const e = onlyError(await server.gql(PROGRAMME, { pool: POOL, ps: [other], from: w.start, to: w.end }, actors.admin.token));
    expect(e.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['projectIds', 0] });
    const squad = onlyError(await server.gql(SQUAD, { p: w.low.id, w: { development: -2 } }, actors.lead.token));
    expect(squad.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['weights', 'development'] });
    expect(await Plan.countDocuments()).to.equal(plans);
  });

  it('lets only the pool’s leads and admins make, read, compare and commit plans', async () => {
    const w = await world(6);
    const saved = (await server.gql<{ proposeSquad: PlanOut }>(SQUAD, { p: w.low.id, save: { name: 'Permissions' } }, actors.lead.token)).data!.proposeSquad;
    const ops: [string, string, Record<string, unknown>][] = [
      ['proposeSquad', SQUAD, { p: w.low.id }],
      ['planProgramme', PROGRAMME, { pool: POOL, ps: [w.low.id], from: w.start, to: w.end, t: 5 }],
      ['plan', `query($id: ID!) { plan(id: $id) { id } }`, { id: saved.id }],
      ['plans', `query($p: ID!) { plans(poolId: $p) { totalCount } }`, { p: POOL }],
      ['comparePlans', `query($a: ID!) { comparePlans(a: $a, b: $a) { objectiveDelta } }`, { a: saved.id }],
    ];
    const expected: [Actor, string | null][] = [
      [actors.admin, null],
      [actors.lead, null],
      [actors.otherLead, 'FORBIDDEN'],
      [actors.requester, 'FORBIDDEN'],
      [actors.consortiumRequester, 'FORBIDDEN'],
      [actors.otherRequester, 'FORBIDDEN'],
      [actors.practitioner, 'FORBIDDEN'],
      [actors.anonymous, 'UNAUTHENTICATED'],
    ];
    for (const [op, query, vars] of ops) {
      for (const [actor, code] of expected) {
        const r = await server.gql(query, vars, actor.token);
        expect(r.errors?.[0]?.extensions?.code ?? null, `${op} by ${actor.label}`).to.equal(code);
      }
    }
    for (const [actor, code] of expected.filter(([, c]) => c !== null)) {
      const r = await server.gql(COMMIT, { id: saved.id }, actor.token);
      expect(r.errors?.[0]?.extensions?.code ?? null, `commitPlan by ${actor.label}`).to.equal(code);
    }
    expect((await Plan.findById(saved.id).lean())!.status).to.equal('DRAFT');
    expect(await PlanCommit.countDocuments({ _id: saved.id })).to.equal(0);
  });
});
