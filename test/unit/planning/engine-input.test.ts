// The mapping from the pool's data to the engine's numbers, with literal
// dates: free units as a booking would see them, contract cover by week,
// lending, past work and slots.
import { expect } from 'chai';
import {
  contractWeeks,
  engineFreeUnits,
  horizonOf,
  lentUnitsByCouncil,
  pastWorkOf,
  toEngineSlot,
  weeklyCapacityOf,
  type BookingFacts,
} from '../../../server/planning/engine-input.ts';

const FULL_TIME = [2, 2, 2, 2, 2, 0, 0];
const POOL = 'north-east-ca';

describe('engine input: free units as a booking sees them', () => {
  it('shows an unbooked week at the contract’s full call, even when leave or a bank holiday shortens it', () => {
    // 2027-W12 holds Good Friday (26 March): a Monday-and-Friday worker has one day that week.
    const h = horizonOf('2027-03-15', '2027-03-28');
    const cap = weeklyCapacityOf(
      { workingPattern: [2, 0, 0, 0, 2, 0, 0], leave: [], contracts: [{ id: 'c', poolId: POOL, daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' }] },
      POOL,
      ['2027-03-26'],
      h,
    );
    expect(cap).to.deep.equal({ weeks: ['2027-W11', '2027-W12'], poolContract: [4, 4], poolCapacity: [4, 2], totalCapacity: [4, 2] });
    // Nothing booked: a 2-day booking would ask only for the 1 day there is (booking-rules weeklyNeeds), so it fits.
    expect(engineFreeUnits(cap, [0, 0], [0, 0])).to.deep.equal([4, 4]);
    // Half a day booked in the short week: what is free is what a booking can have.
    expect(engineFreeUnits(cap, [0, 1], [0, 1])).to.deep.equal([4, 1]);
  });

  it('takes the lesser of what is free in the pool and across pools', () => {
    const cap = { weeks: ['2027-W01', '2027-W02'], poolContract: [4, 4], poolCapacity: [4, 4], totalCapacity: [8, 8] };
    expect(engineFreeUnits(cap, [1, 0], [1, 6])).to.deep.equal([3, 2]);
    // Booked beyond (never negative).
    expect(engineFreeUnits(cap, [6, 0], [6, 9])).to.deep.equal([0, 0]);
  });

  it('gives nothing outside the contract', () => {
    const h = horizonOf('2027-01-04', '2027-01-17');
    const cap = weeklyCapacityOf({ workingPattern: FULL_TIME, leave: [], contracts: [{ id: 'c', poolId: POOL, daysPerWeek: 2, start: '2027-01-11', end: '2027-12-31' }] }, POOL, [], h);
    expect(engineFreeUnits(cap, [0, 0], [0, 0])).to.deep.equal([0, 4]);
  });

  it('counts contracts with other pools in the total only', () => {
    const h = horizonOf('2027-01-04', '2027-01-10');
    const contracts = [
      { id: 'a', poolId: POOL, daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' },
      { id: 'b', poolId: 'tees-valley', daysPerWeek: 1, start: '2027-01-01', end: '2027-12-31' },
    ];
    expect(weeklyCapacityOf({ workingPattern: FULL_TIME, leave: [], contracts }, POOL, [], h)).to.deep.include({ poolCapacity: [4], totalCapacity: [6] });
  });
});

describe('engine input: contract weeks', () => {
  const h = horizonOf('2027-01-06', '2027-02-07'); // a Wednesday to a Sunday: W01..W05
  const c = (start: string, end: string, poolId = POOL) => ({ poolId, daysPerWeek: 2, start, end });

  it('covers a week when one contract covers its days inside the horizon', () => {
    // From the Wednesday the horizon starts: W01 counts.
    expect(contractWeeks([c('2027-01-06', '2027-12-31')], POOL, h)).to.deep.equal({ fromWeek: 0, toWeek: 4 });
    // Ending on a Thursday leaves that week uncovered.
    expect(contractWeeks([c('2027-01-01', '2027-01-21')], POOL, h)).to.deep.equal({ fromWeek: 0, toWeek: 1 });
  });

  it('takes the contract covering most weeks, and none from other pools', () => {
    expect(contractWeeks([c('2027-01-01', '2027-01-10'), c('2027-01-11', '2027-12-31')], POOL, h)).to.deep.equal({ fromWeek: 1, toWeek: 4 });
    expect(contractWeeks([c('2027-01-01', '2027-12-31', 'tees-valley')], POOL, h)).to.equal(undefined);
    expect(contractWeeks([c('2027-01-07', '2027-01-09')], POOL, h)).to.equal(undefined);
  });
});

describe('engine input: bookings', () => {
  const b = (over: Partial<BookingFacts>): BookingFacts => ({
    id: 'b',
    practitionerId: 'p1',
    projectId: 'proj1',
    slotId: 's1',
    poolId: POOL,
    homeCouncilId: 'E08000024',
    hostCouncilIds: ['E08000021'],
    start: '2027-01-04',
    end: '2027-01-31',
    unitsPerWeek: 4,
    ...over,
  });

  it('counts what each home council lends in the period, in units times overlapping weeks', () => {
    const lent = lentUnitsByCouncil(
      [b({}), b({ homeCouncilId: 'E08000037', start: '2027-01-25', end: '2027-03-31', unitsPerWeek: 2 }), b({ poolId: 'tees-valley' }), b({ start: '2027-06-01', end: '2027-06-30' })],
      POOL,
      { from: '2027-01-18', to: '2027-02-07' },
    );
    expect(lent).to.deep.equal({ E08000024: 2 * 4, E08000037: 2 * 2 });
  });

  it('knows who has worked where: bookings that have started by today', () => {
    const past = pastWorkOf([b({}), b({ projectId: 'proj2', hostCouncilIds: ['E08000037'], start: '2027-05-01' })], '2027-02-01');
    expect(past.get('p1')).to.deep.equal({ councils: ['E08000021'], projects: ['proj1'] });
    expect(pastWorkOf([b({})], '2027-01-03').size).to.equal(0);
  });
});

describe('engine input: slots', () => {
  it('maps a slot to week indexes, half-day units, proficiency ranks, regions and priority weight', () => {
    const h = horizonOf('2027-01-04', '2027-03-28');
    const slot = toEngineSlot(
      {
        projectId: 'proj1',
        councilIds: ['E08000021', 'E06000001'],
        serviceArea: 'PLANNING',
        onSiteExpectation: 'HYBRID',
        priority: 'CRITICAL',
        slot: {
          id: 's1',
          roleId: 'user-researcher',
          roleLevelId: 'user-researcher',
          levelRank: 2,
          required: [{ skillId: 'user-research-methods', proficiency: 'Practitioner' }],
          desired: [{ skillId: 'inclusive-research', proficiency: 'Awareness' }],
          daysPerWeek: 2.5,
          headcount: 2,
        },
        start: '2027-01-13',
        end: '2027-02-03',
      },
      h,
      (gss) => ({ E08000021: 'North East', E06000001: 'North East' })[gss],
    );
    expect(slot).to.deep.include({ fromWeek: 1, toWeek: 4, unitsPerWeek: 5, headcount: 2, priority: 4, onsite: 'hybrid', projectRegions: ['North East'] });
    expect(slot.required).to.deep.equal([{ skillId: 'user-research-methods', min: 3 }]);
    expect(slot.desired).to.deep.equal([{ skillId: 'inclusive-research', min: 1 }]);
  });
});
