// The demo plan generator: the same seed gives the same plan, and the plan is
// consistent with the reference data and with the rules the services will
// apply when it is loaded (footprints, role levels and skills, project
// statuses, slots inside projects, bookings inside contracts and capacity).
import { expect } from 'chai';
import { generateDemoPlan, demoClosedOn, finalContractStatus, finalProjectStatus, DEMO_ANCHOR, type DemoPlan } from '../../../server/demo/demo-plan.ts';
import { readDemoReference } from '../../../server/demo/demo-reference.ts';
import { PROJECT_STATUSES } from '../../../server/projects/project-status.ts';
import { CONTRACT_STATUSES } from '../../../server/contracts/contract-status.ts';
import { proficiencyRank } from '../../../server/reference/ddat.ts';
import { patternDays, patternToUnits } from '../../../server/practitioners/practitioner-input.ts';
import { poolCapacity } from '../../../server/practitioners/practitioner-capacity.ts';
import { weeksBetween } from '../../../server/calendar/iso-week.ts';
import type { WorkingPattern } from '../../../server/calendar/capacity.ts';
import { USER_ROLES } from '../../../models/user.ts';

describe('demo plan (server/demo/demo-plan.ts)', function () {
  this.timeout(20_000);
  const ref = readDemoReference();
  const councils = new Map(ref.councils.map((c) => [c.gssCode, c]));
  const levels = new Map(ref.ddat.roleLevels.map((l) => [l.id, l]));
  const skills = new Set(ref.ddat.skills.map((s) => s.id));
  let plan: DemoPlan;

  before(() => {
    plan = generateDemoPlan(2026, ref);
  });

  describe('is deterministic', () => {
    it('gives a deep-equal plan for the same seed', () => {
      expect(generateDemoPlan(2026, ref)).to.deep.equal(plan);
    });

    it('gives a different plan (people, projects, passwords) for another seed', () => {
      const other = generateDemoPlan(7, ref);
      expect(other.practitioners.map((p) => p.profile.email)).to.not.deep.equal(plan.practitioners.map((p) => p.profile.email));
      expect(other.projects.map((p) => p.input.title)).to.not.deep.equal(plan.projects.map((p) => p.input.title));
      expect(other.users.map((u) => u.password)).to.not.deep.equal(plan.users.map((u) => u.password));
      expect(other.pools).to.deep.equal(plan.pools); // the footprints are facts, not chance
    });

    it('counts its dates from a fixed anchor, not the wall clock', () => {
      expect(plan.anchor).to.equal(DEMO_ANCHOR);
      expect(new Date(`${DEMO_ANCHOR}T12:00:00Z`).getUTCDay()).to.equal(1); // a Monday
    });
  });

  describe('pools', () => {
    it('are the North East Combined Authority, Yorkshire and The Humber, and London, from the councils data', () => {
      const ne = plan.pools.find((p) => p.id === 'north-east-ca')!;
      // County Durham, Northumberland, Newcastle, North Tyneside, South Tyneside, Sunderland, Gateshead.
      expect(ne.footprint).to.deep.equal(['E06000047', 'E06000057', 'E08000021', 'E08000022', 'E08000023', 'E08000024', 'E08000037']);
      const yh = plan.pools.find((p) => p.id === 'yorkshire-and-the-humber')!;
      expect(yh.footprint).to.include.members(['E08000035', 'E08000019', 'E06000014']); // Leeds, Sheffield, York
      expect(yh.footprint.every((g) => councils.get(g)!.region === 'Yorkshire and The Humber')).to.equal(true);
      const london = plan.pools.find((p) => p.id === 'london')!;
      expect(london.footprint).to.have.length(33); // 32 boroughs and the City
      for (const pool of plan.pools) {
        for (const g of pool.footprint) expect(['COMBINED_AUTHORITY', 'STRATEGIC_REGIONAL_AUTHORITY']).to.not.include(councils.get(g)?.type);
      }
    });
  });

  describe('practitioners', () => {
    it('number a few hundred, each with a unique email and a home council in their pool’s footprint', () => {
      expect(plan.practitioners).to.have.length(300);
      expect(new Set(plan.practitioners.map((p) => p.profile.email)).size).to.equal(300);
      for (const p of plan.practitioners) {
        expect(plan.pools.find((pool) => pool.id === p.poolId)!.footprint).to.include(p.profile.homeCouncilId);
      }
      for (const pool of plan.pools) expect(plan.practitioners.filter((p) => p.poolId === pool.id).length).to.be.greaterThan(80);
    });

    it('hold real role levels, mostly in the roles a squad needs, with skills around what the level expects', () => {
      const squadRoles = ['user-researcher', 'service-designer', 'content-designer', 'interaction-designer', 'product-manager', 'delivery-manager', 'software-developer', 'data-analyst'];
      let inSquadRoles = 0;
      for (const p of plan.practitioners) {
        const level = levels.get(p.profile.roleLevelId);
        expect(level, p.profile.roleLevelId).to.not.equal(undefined);
        if (squadRoles.includes(level!.roleId)) inSquadRoles++;
        const expected = new Map(level!.expectedSkills.map((e) => [e.skillId, proficiencyRank(e.proficiency)]));
        const held = p.profile.skills ?? [];
        expect(new Set(held.map((s) => s.skillId)).size).to.equal(held.length);
        for (const s of held) {
          expect(skills.has(s.skillId), s.skillId).to.equal(true);
          const want = expected.get(s.skillId);
          // An expected skill within a step of its level; an extra one only at Awareness or Working.
          if (want !== undefined) expect(Math.abs(proficiencyRank(s.proficiency) - want)).to.be.at.most(1);
          else expect(['Awareness', 'Working']).to.include(s.proficiency);
        }
        expect(held.filter((s) => expected.has(s.skillId)).length).to.be.at.least(Math.floor(expected.size / 2));
      }
      expect(inSquadRoles / plan.practitioners.length).to.be.greaterThan(0.5);
    });

    it('mostly work full time, with some part-time patterns', () => {
      const days = plan.practitioners.map((p) => patternDays(patternToUnits(p.profile.workingPattern!, [])));
      expect(days.filter((d) => d === 5).length / days.length).to.be.within(0.65, 0.95);
      expect(days.some((d) => d < 5)).to.equal(true);
    });

    it('have central contracts in every status, of 1 to 3 days a week over 2026-2027, within the days they work', () => {
      const contracts = plan.practitioners.flatMap((p) => (p.contract ? [{ p, c: p.contract }] : []));
      expect(new Set(contracts.map(({ c }) => finalContractStatus(c)))).to.deep.equal(new Set(CONTRACT_STATUSES));
      const bookable = contracts.filter(({ c }) => ['APPROVED', 'ACTIVE'].includes(finalContractStatus(c)));
      expect(bookable.length / plan.practitioners.length).to.be.greaterThan(0.6);
      for (const { p, c } of contracts) {
        expect(c.daysPerWeek).to.be.within(0.5, 3);
        expect(c.start >= '2026-01-01' && c.end <= '2027-12-31' && c.start <= c.end).to.equal(true);
        expect(c.daysPerWeek + c.guaranteedReleaseDays).to.be.at.most(patternDays(patternToUnits(p.profile.workingPattern!, [])));
      }
    });

    it('take a couple of weeks of leave, some of it as half days', () => {
      const leave = plan.practitioners.flatMap((p) => p.leave);
      expect(leave.length / plan.practitioners.length).to.be.within(1.5, 4);
      expect(leave.some((l) => l.halfDay)).to.equal(true);
      for (const l of leave) {
        expect(l.start <= l.end).to.equal(true);
        if (l.halfDay) expect(l.end).to.equal(l.start);
      }
    });
  });

  describe('projects', () => {
    it('come in every status, a few dozen of them, led by councils in their pool', () => {
      expect(plan.projects.length).to.be.within(30, 40);
      expect(new Set(plan.projects.map(finalProjectStatus))).to.deep.equal(new Set(PROJECT_STATUSES));
      for (const p of plan.projects) {
        const footprint = plan.pools.find((pool) => pool.id === p.input.poolId)!.footprint;
        expect(p.input.councilIds[0]).to.equal(p.input.leadCouncilId);
        for (const g of p.input.councilIds) expect(footprint).to.include(g);
      }
    });

    it('have 2 to 6 slots of real role levels, each inside the project’s period', () => {
      for (const p of plan.projects) {
        expect(p.input.slots.length).to.be.within(2, 6);
        for (const s of p.input.slots) {
          expect(levels.has(s.roleLevelId), s.roleLevelId).to.equal(true);
          expect(s.start! >= p.input.start && s.end! <= p.input.end && s.start! <= s.end!, `${p.input.title} ${s.start}..${s.end}`).to.equal(true);
          for (const d of s.desired ?? []) expect(levels.get(s.roleLevelId)!.expectedSkills.map((e) => e.skillId)).to.not.include(d.skillId);
        }
      }
    });

    it('that have closed ended before the anchor, and running ones span it', () => {
      for (const p of plan.projects) {
        if (finalProjectStatus(p) === 'CLOSED') expect(p.input.end < plan.anchor).to.equal(true);
        if (finalProjectStatus(p) === 'ACTIVE') expect(p.input.start <= plan.anchor && p.input.end >= plan.anchor).to.equal(true);
      }
    });
  });

  describe('bookings', () => {
    it('are on projects being staffed or running, within their slots and the practitioner’s bookable contract with the pool', () => {
      const bookings = plan.projects.flatMap((p) => p.bookings.map((b) => ({ p, b })));
      expect(bookings.length).to.be.greaterThan(20);
      for (const { p, b } of bookings) {
        expect(['STAFFING', 'STAFFED', 'ACTIVE']).to.include(finalProjectStatus(p));
        const slot = p.input.slots[b.slot]!;
        const person = plan.practitioners[b.practitioner]!;
        expect(b.start >= slot.start! && b.end <= slot.end!).to.equal(true);
        expect(b.daysPerWeek).to.be.at.most(slot.daysPerWeek);
        expect(person.poolId).to.equal(p.input.poolId);
        expect(['APPROVED', 'ACTIVE']).to.include(finalContractStatus(person.contract!));
        expect(person.contract!.start <= b.start && person.contract!.end >= b.end).to.equal(true);
        expect(b.daysPerWeek).to.be.at.most(person.contract!.daysPerWeek);
      }
      for (const p of plan.projects) {
        p.input.slots.forEach((slot, s) => {
          const on = p.bookings.filter((b) => b.slot === s);
          expect(on.length).to.be.at.most(slot.headcount ?? 1);
          expect(new Set(on.map((b) => b.practitioner)).size).to.equal(on.length);
        });
      }
    });

    it('never take a week beyond the practitioner’s capacity (pattern, contract, leave, bank holidays)', () => {
      const used = new Map<string, number>();
      for (const p of plan.projects) {
        for (const b of p.bookings) {
          const person = plan.practitioners[b.practitioner]!;
          const weeks = poolCapacity({
            pattern: patternToUnits(person.profile.workingPattern!, []) as unknown as WorkingPattern,
            contracts: [{ poolId: person.poolId, daysPerWeek: person.contract!.daysPerWeek, start: person.contract!.start, end: person.contract!.end }],
            leave: person.leave.map((l) => ({ start: l.start, end: l.end, halfDay: l.halfDay ?? false })),
            bankHolidays: ref.bankHolidays,
            from: b.start,
            to: b.end,
          });
          expect(weeks.map((w) => w.week)).to.deep.equal(weeksBetween(b.start, b.end));
          for (const w of weeks) {
            const key = `${b.practitioner}:${w.week}`;
            const total = (used.get(key) ?? 0) + Math.min(b.daysPerWeek * 2, w.capacityUnits);
            expect(total, key).to.be.at.most(w.capacityUnits);
            used.set(key, total);
          }
        }
      }
    });
  });

  describe('agreements', () => {
    it('reach every stage, the demo practitioner’s awaiting their consent', () => {
      const bookings = plan.projects.flatMap((p) => p.bookings);
      const stages = new Set(bookings.map((b) => b.agreement));
      expect([...stages].sort()).to.deep.equal(['ACTIVE', 'AMENDED', 'AWAITING_ALL', 'AWAITING_LEAD', 'AWAITING_PRACTITIONER', 'DRAFT', 'ENDED', 'RECALLED']);
      const signedIn = plan.users.find((u) => u.role === 'PRACTITIONER')!.practitioner;
      expect(bookings.filter((b) => b.practitioner === signedIn).map((b) => b.agreement)).to.include('AWAITING_PRACTITIONER');
    });

    it('close ended and recalled placements inside them, on a Friday before their end, and only those', () => {
      for (const b of plan.projects.flatMap((p) => p.bookings)) {
        if (b.agreement !== 'ENDED' && b.agreement !== 'RECALLED') {
          expect(b.closedOn).to.equal(undefined);
          continue;
        }
        expect(b.closedOn! >= b.start && b.closedOn! < b.end, `${b.start}..${b.end} closed ${b.closedOn}`).to.equal(true);
      }
      expect(demoClosedOn({ start: '2027-01-04', end: '2027-01-29' })).to.equal('2027-01-15');
      expect(demoClosedOn({ start: '2027-01-04', end: '2027-01-15' })).to.equal('2027-01-08');
    });
  });

  describe('users', () => {
    it('include one of every role, a lead per pool, and a practitioner who has bookings', () => {
      expect(new Set(plan.users.map((u) => u.role))).to.deep.equal(new Set(USER_ROLES));
      expect(plan.users.filter((u) => u.role === 'PROGRAMME_LEAD').map((u) => u.poolId)).to.deep.equal(plan.pools.map((p) => p.id));
      expect(plan.users.filter((u) => u.role === 'COUNCIL_REQUESTER').length).to.be.at.least(2);
      const practitioner = plan.users.find((u) => u.role === 'PRACTITIONER')!;
      expect(plan.practitioners[practitioner.practitioner!]!.profile.email).to.equal(practitioner.email);
      expect(plan.projects.some((p) => p.bookings.some((b) => b.practitioner === practitioner.practitioner))).to.equal(true);
      for (const u of plan.users) expect(u.password.length).to.be.at.least(10);
      expect(new Set(plan.users.map((u) => u.email)).size).to.equal(plan.users.length);
    });

    it('have a requester for the lead council of most projects in each pool, and for every council party to a booking', () => {
      const requesters = plan.users.filter((x) => x.role === 'COUNCIL_REQUESTER').map((u) => u.councilId!);
      expect(new Set(requesters).size).to.equal(requesters.length);
      const parties = new Set(
        plan.projects.flatMap((p) => p.bookings.flatMap((b) => [plan.practitioners[b.practitioner]!.profile.homeCouncilId, ...p.input.councilIds])),
      );
      expect(parties.size).to.be.above(3);
      for (const c of parties) expect(requesters, c).to.include(c);
      for (const c of requesters) expect(parties.has(c) || plan.projects.some((p) => p.input.leadCouncilId === c), c).to.equal(true);
      // The first three are the pools' busiest lead councils, as before.
      expect(requesters.slice(0, plan.pools.length).every((c) => plan.projects.some((p) => p.input.leadCouncilId === c))).to.equal(true);
    });
  });
});
