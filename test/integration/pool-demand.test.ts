// The pool dashboard's figures over HTTP: demand against supply by DDaT role
// family and ISO week for a known scene (two contracted user researchers, one
// booked on a slot asking for two people), and who may ask for them.
import { expect } from 'chai';
import { Project } from '../../models/project.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedActors, seedProject, type Actors } from '../support/projects.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { BOOK } from '../support/agreements.ts';

const WEEK = 'week weekStart capacityDays bookedDays freeDays demandDays filledDays unfilledDays';
const TOTALS = 'capacityDays bookedDays freeDays demandDays filledDays unfilledDays utilisation';
const DEMAND = `query($p: ID!, $from: LocalDate!, $to: LocalDate!) {
  poolDemand(poolId: $p, from: $from, to: $to) {
    pool { id } from to practitionerCount ${TOTALS}
    weeks { ${WEEK} }
    families { family { id name } practitionerCount ${TOTALS} weeks { ${WEEK} } }
  }
}`;
const MARCH = { p: 'north-east-ca', from: '2027-03-01', to: '2027-03-14' };

describe('pool demand and supply', function () {
  this.timeout(180_000);
  let server: TestServer;
  let a: Actors;
  let family: string;
  let people: { id: string }[];
  let slotId: string;
  let projectId: string;

  before(async () => {
    server = await startTestServer({ label: 'pool-demand' });
    a = await seedActors(server);
    // A slot asking for two user researchers, 2 days a week, in March 2027.
    projectId = await seedProject(a, 'STAFFING', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 2, start: '2027-03-01', end: '2027-03-28' }] });
    slotId = String((await Project.findById(projectId).lean())!.slots[0]!._id);
    // A draft project's slots are not demand.
    await seedProject(a, 'DRAFT', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 5, start: '2027-03-01', end: '2027-03-28' }] });
    people = [await seedPractitioner(), await seedPractitioner()];
    for (const p of people) await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
    const r = await server.gql(BOOK, { i: { practitionerId: people[0]!.id, projectId, slotId, start: '2027-03-01', end: '2027-03-14', daysPerWeek: 2 } }, a.lead.token);
    expect(r.errors).to.equal(undefined);
    family = (await server.gql(`{ roleLevel(id: "user-researcher") { family { id } } }`)).data!.roleLevel.family.id;
  });
  after(() => server?.stop());

  it("counts the pool's capacity, bookings and unfilled asks by role family and week", async () => {
    const r = await server.gql(DEMAND, MARCH, a.lead.token);
    expect(r.errors).to.equal(undefined);
    const d = r.data!.poolDemand;
    const week = (w: string, weekStart: string) => ({ week: w, weekStart, capacityDays: 4, bookedDays: 2, freeDays: 2, demandDays: 4, filledDays: 2, unfilledDays: 2 });
    const weeks = [week('2027-W09', '2027-03-01'), week('2027-W10', '2027-03-08')];
    expect(d).to.deep.include({ pool: { id: 'north-east-ca' }, from: '2027-03-01', to: '2027-03-14', practitionerCount: 2, capacityDays: 8, bookedDays: 4, freeDays: 4, demandDays: 8, filledDays: 4, unfilledDays: 4, utilisation: 0.5 });
    expect(d.weeks).to.deep.equal(weeks);
    const ur = d.families.find((f: { family: { id: string } }) => f.family.id === family);
    expect(ur).to.deep.include({ practitionerCount: 2, capacityDays: 8, bookedDays: 4, utilisation: 0.5, unfilledDays: 4 });
    expect(ur.weeks).to.deep.equal(weeks);
    // Every other family is listed, with nothing in it.
    const others = d.families.filter((f: { family: { id: string } }) => f.family.id !== family);
    expect(others.length).to.be.greaterThan(0);
    for (const f of others) expect(f).to.deep.include({ practitionerCount: 0, capacityDays: 0, demandDays: 0, utilisation: null });
  });

  it("shows the weeks after the booking as unfilled", async () => {
    const r = await server.gql(DEMAND, { ...MARCH, from: '2027-03-15', to: '2027-03-21' }, a.lead.token);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.poolDemand.weeks).to.deep.equal([{ week: '2027-W11', weekStart: '2027-03-15', capacityDays: 4, bookedDays: 0, freeDays: 4, demandDays: 4, filledDays: 0, unfilledDays: 4 }]);
  });

  it('follows leave and bookings made after it was read, agreeing with each person\'s capacity view', async () => {
    const W12 = { ...MARCH, from: '2027-03-22', to: '2027-03-28' };
    const demand = async () => {
      const r = await server.gql(DEMAND, W12, a.lead.token);
      expect(r.errors).to.equal(undefined);
      return r.data!.poolDemand.weeks[0];
    };
    // The sum of the pool's view of each person's capacity, read one by one.
    const views = async () => {
      const sum = { capacityDays: 0, bookedDays: 0, freeDays: 0 };
      for (const p of people) {
        const r = await server.gql(`query($id: ID!) { practitioner(id: $id) { capacity(poolId: "north-east-ca", from: "2027-03-22", to: "2027-03-28") { capacityDays bookedDays freeDays } } }`, { id: p.id }, a.lead.token);
        expect(r.errors).to.equal(undefined);
        const w = r.data!.practitioner.capacity[0];
        for (const k of ['capacityDays', 'bookedDays', 'freeDays'] as const) sum[k] += w[k];
      }
      return sum;
    };
    const agrees = async (expected: object) => {
      const week = await demand();
      expect(week).to.deep.include(expected);
      expect(week).to.deep.include(await views());
    };
    await agrees({ capacityDays: 4, bookedDays: 0 });
    // Three days' leave leave one working day (Good Friday, the 26th, is a bank holiday) of the two contracted.
    const leave = await server.gql(`mutation($id: ID!) { addLeave(practitionerId: $id, input: { start: "2027-03-22", end: "2027-03-24" }) { practitioner { id } } }`, { id: people[1]!.id }, a.admin.token);
    expect(leave.errors, JSON.stringify(leave.errors)).to.equal(undefined);
    await agrees({ capacityDays: 3, bookedDays: 0, freeDays: 3 });
    const booked = await server.gql(BOOK, { i: { practitionerId: people[1]!.id, projectId, slotId, start: '2027-03-22', end: '2027-03-28', daysPerWeek: 1 } }, a.lead.token);
    expect(booked.errors, JSON.stringify(booked.errors)).to.equal(undefined);
    await agrees({ capacityDays: 3, bookedDays: 1, freeDays: 2, demandDays: 4, filledDays: 1, unfilledDays: 3 });
  });

  it('breaks each family down by role level, and counts a level only where someone holds it or a slot asks for it in the period', async () => {
    // A senior user researcher contracted from May, and a slot asking for one in May; neither is in March.
    const senior = await seedPractitioner({ roleLevelId: 'senior-user-researcher' });
    await seedContract({ practitionerId: senior.id, poolId: 'north-east-ca', daysPerWeek: 3, start: '2027-05-10', end: '2027-12-31' });
    await seedProject(a, 'APPROVED', { slots: [{ roleLevelId: 'senior-user-researcher', daysPerWeek: 1, headcount: 1, start: '2027-05-10', end: '2027-05-16' }] });
    const LEVELS = `query($p: ID!, $from: LocalDate!, $to: LocalDate!) {
      poolDemand(poolId: $p, from: $from, to: $to) { families { family { id } practitionerCount capacityDays demandDays levels { roleLevel { id } practitionerCount capacityDays demandDays unfilledDays utilisation weeks { week capacityDays demandDays } } } }
    }`;
    const levelsIn = async (from: string, to: string) => {
      const r = await server.gql(LEVELS, { p: 'north-east-ca', from, to }, a.lead.token);
      expect(r.errors).to.equal(undefined);
      const families = r.data!.poolDemand.families as { family: { id: string }; practitionerCount: number; capacityDays: number; demandDays: number; levels: { roleLevel: { id: string } }[] }[];
      // Only the user researchers' family has levels; every family's figures are the sums of its levels'.
      for (const f of families.filter((x) => x.family.id !== family)) expect(f.levels, f.family.id).to.deep.equal([]);
      return families.find((f) => f.family.id === family)!;
    };
    const march = await levelsIn('2027-03-01', '2027-03-14');
    expect(march.levels).to.deep.equal([
      { roleLevel: { id: 'user-researcher' }, practitionerCount: 2, capacityDays: 8, demandDays: 8, unfilledDays: 4, utilisation: 0.5, weeks: [{ week: '2027-W09', capacityDays: 4, demandDays: 4 }, { week: '2027-W10', capacityDays: 4, demandDays: 4 }] },
    ]);
    // The second week of May: the two user researchers (the March slot is over) and the senior one, asked for by the May slot.
    const may = await levelsIn('2027-05-10', '2027-05-16');
    expect(may.levels.map((l) => l.roleLevel.id)).to.deep.equal(['user-researcher', 'senior-user-researcher']);
    expect(may.levels[1]).to.deep.include({ practitionerCount: 1, capacityDays: 3, demandDays: 1, unfilledDays: 1, utilisation: 0 });
    expect(may.levels[0]).to.deep.include({ practitionerCount: 2, capacityDays: 4, demandDays: 0 });
    expect(may).to.deep.include({ practitionerCount: 3, capacityDays: 7, demandDays: 1 });
  });

  it("is for the pool's leads and admins only", async () => {
    expect((await server.gql(DEMAND, MARCH, a.admin.token)).errors).to.equal(undefined);
    for (const who of [a.otherLead, a.requester, a.practitioner]) expect(onlyError(await server.gql(DEMAND, MARCH, who.token)).extensions?.code, who.label).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(DEMAND, MARCH)).extensions?.code).to.equal('UNAUTHENTICATED');
  });

  it('refuses a period the wrong way round', async () => {
    const e = onlyError(await server.gql(DEMAND, { ...MARCH, from: '2027-03-14', to: '2027-03-01' }, a.lead.token));
    expect(e.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['to'] });
  });
});
