import { expect } from 'chai';
import { DomainError } from '../../../server/errors.ts';
import {
  assertPoolCoversLead,
  assertReferencesExist,
  checkNewProject,
  checkProjectPatch,
  checkSlot,
  completeSlot,
  idsByKind,
  mergeSlotPatch,
  type ProjectInput,
  type ReferenceData,
  type ReferenceUse,
  type SlotData,
} from '../../../server/projects/project-input.ts';
import { PRIORITY_WEIGHTS, priorityWeight, PROJECT_PRIORITIES } from '../../../server/projects/priority.ts';

const input = (over: Partial<ProjectInput> = {}): ProjectInput => ({
  title: 'Planning applications online',
  outcome: 'Residents apply for planning permission online and know where their application is',
  serviceArea: 'PLANNING',
  phase: 'DISCOVERY',
  start: '2027-01-04',
  end: '2027-06-30',
  priority: 'HIGH',
  onSiteExpectation: 'HYBRID',
  poolId: 'north-east-ca',
  councilIds: ['E08000037', 'E08000021', 'E08000037'],
  slots: [{ roleLevelId: 'senior-user-researcher', daysPerWeek: 2 }],
  ...over,
});

const refs: ReferenceData = {
  councils: new Set(['E08000021', 'E08000037']),
  pools: new Map([['north-east-ca', { footprint: ['E08000021', 'E08000037'] }]]),
  roleLevels: new Map([
    [
      'senior-user-researcher',
      { roleId: 'user-researcher', rank: 3, expectedSkills: [{ skillId: 'user-research', proficiency: 'Expert' as const }, { skillId: 'analysis', proficiency: 'Practitioner' as const }] },
    ],
    ['delivery-manager', { roleId: 'delivery-manager', rank: 2, expectedSkills: [{ skillId: 'agile-working', proficiency: 'Practitioner' as const }] }],
  ]),
  skills: new Set(['user-research', 'analysis', 'agile-working', 'accessibility']),
};

function refusal(fn: () => unknown): { code: string; field?: (string | number)[] } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, ...(err.field ? { field: err.field } : {}) };
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('project input', () => {
  it('weighs priorities 1..4 in order', () => {
    expect(PROJECT_PRIORITIES.map(priorityWeight)).to.deep.equal([1, 2, 3, 4]);
    expect(PRIORITY_WEIGHTS).to.deep.equal({ LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 });
  });

  it('puts the lead council first in the consortium, each council once, and defaults slot dates to the project', () => {
    const c = checkNewProject(input(), 'E08000021');
    expect(c.fields.councilIds).to.deep.equal(['E08000021', 'E08000037']);
    expect(c.slots[0]).to.deep.include({ start: '2027-01-04', end: '2027-06-30', headcount: 1, required: null, desired: [] });
    expect(idsByKind(c.uses)).to.deep.equal({
      Council: ['E08000021', 'E08000037'],
      Pool: ['north-east-ca'],
      'Role level': ['senior-user-researcher'],
      Skill: [],
    });
  });

  it('points at the offending field', () => {
    const cases: [Partial<ProjectInput>, (string | number)[]][] = [
      [{ title: '  ' }, ['input', 'title']],
      [{ serviceArea: 'PARKING' }, ['input', 'serviceArea']],
      [{ end: '2026-12-31' }, ['input', 'end']],
      [{ start: '2027-02-30' }, ['input', 'start']],
      [{ councilIds: ['E08000037', 'W06000001'] }, ['input', 'councilIds', 1]],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 2 }, { roleLevelId: 'y', daysPerWeek: 2.25 }] }, ['input', 'slots', 1, 'daysPerWeek']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 0 }] }, ['input', 'slots', 0, 'daysPerWeek']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 5.5 }] }, ['input', 'slots', 0, 'daysPerWeek']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, headcount: 21 }] }, ['input', 'slots', 0, 'headcount']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, headcount: 1.5 }] }, ['input', 'slots', 0, 'headcount']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, start: '2027-01-01' }] }, ['input', 'slots', 0, 'start']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, end: '2027-07-01' }] }, ['input', 'slots', 0, 'end']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, start: '2027-03-01', end: '2027-02-01' }] }, ['input', 'slots', 0, 'end']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, start: '2027-07-02', end: null }] }, ['input', 'slots', 0, 'start']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, required: [{ skillId: 'a', proficiency: 'Working' }, { skillId: 'b', proficiency: 'Guru' }] }] }, ['input', 'slots', 0, 'required', 1, 'proficiency']],
      [{ slots: [{ roleLevelId: 'x', daysPerWeek: 1, required: [{ skillId: 'a', proficiency: 'Working' }, { skillId: 'a', proficiency: 'Expert' }] }] }, ['input', 'slots', 0, 'required', 1, 'skillId']],
    ];
    for (const [over, field] of cases) expect(refusal(() => checkNewProject(input(over), 'E08000021')), JSON.stringify(over)).to.deep.equal({ code: 'BAD_USER_INPUT', field });
    // A slot starting on the project's last day, with the end left out, is fine.
    expect(checkNewProject(input({ slots: [{ roleLevelId: 'x', daysPerWeek: 1, start: '2027-06-30' }] }), 'E08000021').slots[0]!.end).to.equal('2027-06-30');
  });

  it('answers NOT_FOUND for the first unknown reference, in request order', () => {
    const c = checkNewProject(
      input({ slots: [{ roleLevelId: 'senior-user-researcher', daysPerWeek: 1 }, { roleLevelId: 'delivery-manager', daysPerWeek: 1, desired: [{ skillId: 'juggling', proficiency: 'Working' }] }] }),
      'E08000021',
    );
    expect(refusal(() => assertReferencesExist(c.uses, refs))).to.deep.equal({ code: 'NOT_FOUND', field: ['input', 'slots', 1, 'desired', 0, 'skillId'] });
    const uses: ReferenceUse[] = [{ kind: 'Council', id: 'E06000001', path: ['input', 'councilIds', 2] }];
    expect(refusal(() => assertReferencesExist(uses, refs))).to.deep.equal({ code: 'NOT_FOUND', field: ['input', 'councilIds', 2] });
    expect(refusal(() => assertPoolCoversLead('north-east-ca', 'E06000001', refs, ['input', 'poolId']))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'poolId'] });
  });

  it('defaults required skills to what the role level expects, and keeps given ones', () => {
    const uses: ReferenceUse[] = [];
    const period = { start: '2027-01-04', end: '2027-06-30' };
    const defaulted = completeSlot(checkSlot({ roleLevelId: 'senior-user-researcher', daysPerWeek: 2.5, required: [] }, ['input'], period, uses), ['input'], refs);
    expect(defaulted).to.deep.equal({
      roleLevelId: 'senior-user-researcher',
      roleId: 'user-researcher',
      levelRank: 3,
      required: [
        { skillId: 'user-research', proficiency: 'Expert' },
        { skillId: 'analysis', proficiency: 'Practitioner' },
      ],
      requiredFromRoleLevel: true,
      desired: [],
      daysPerWeek: 2.5,
      start: '2027-01-04',
      end: '2027-06-30',
      headcount: 1,
    });
    const given = completeSlot(
      checkSlot({ roleLevelId: 'senior-user-researcher', daysPerWeek: 1, required: [{ skillId: 'accessibility', proficiency: 'Working' }] }, ['input'], period, uses),
      ['input'],
      refs,
    );
    expect(given.required).to.deep.equal([{ skillId: 'accessibility', proficiency: 'Working' }]);
    expect(given.requiredFromRoleLevel).to.equal(false);
    // A desired skill that the defaults already require adds nothing: refused, at its place.
    const dup = checkSlot({ roleLevelId: 'senior-user-researcher', daysPerWeek: 1, desired: [{ skillId: 'accessibility', proficiency: 'Working' }, { skillId: 'analysis', proficiency: 'Expert' }] }, ['input'], period, uses);
    expect(refusal(() => completeSlot(dup, ['input'], refs))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'desired', 1, 'skillId'] });
  });

  it('merges a slot patch: explicit required skills stay, defaulted ones follow the role level', () => {
    const base: SlotData = {
      roleLevelId: 'senior-user-researcher',
      roleId: 'user-researcher',
      levelRank: 3,
      required: [{ skillId: 'user-research', proficiency: 'Expert' }],
      requiredFromRoleLevel: true,
      desired: [],
      daysPerWeek: 2,
      start: '2027-01-04',
      end: '2027-06-30',
      headcount: 2,
    };
    expect(mergeSlotPatch(base, { roleLevelId: 'delivery-manager' }, ['input']).required).to.equal(null);
    expect(mergeSlotPatch({ ...base, requiredFromRoleLevel: false }, { roleLevelId: 'delivery-manager' }, ['input']).required).to.deep.equal(base.required);
    expect(mergeSlotPatch(base, { required: [] }, ['input']).required).to.deep.equal([]);
    expect(refusal(() => mergeSlotPatch(base, { headcount: null }, ['input']))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'headcount'] });
    // Moving only the start past the end blames the start.
    const merged = mergeSlotPatch(base, { start: '2027-07-01' }, ['input']);
    expect(refusal(() => checkSlot(merged, ['input'], { start: '2027-01-04', end: '2027-12-31' }, [], new Set(['start'])))).to.deep.equal({
      code: 'BAD_USER_INPUT',
      field: ['input', 'start'],
    });
  });

  it('keeps every slot inside the project when its dates change', () => {
    const current = {
      ...checkNewProject(input(), 'E08000021').fields,
      leadCouncilId: 'E08000021',
      slots: [{ _id: 'a', ...completeSlot(checkSlot({ roleLevelId: 'delivery-manager', daysPerWeek: 1, start: '2027-02-01', end: '2027-03-01' }, ['input'], { start: '2027-01-04', end: '2027-06-30' }, []), ['input'], refs) }],
    };
    expect(checkProjectPatch(current, { end: '2027-03-01', title: 'Shorter' }).changes).to.deep.equal({ end: '2027-03-01', title: 'Shorter' });
    expect(refusal(() => checkProjectPatch(current, { end: '2027-02-28' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'end'] });
    expect(refusal(() => checkProjectPatch(current, { start: '2027-02-02' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'start'] });
    expect(refusal(() => checkProjectPatch(current, { start: '2027-07-01' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'start'] });
    expect(refusal(() => checkProjectPatch(current, { title: null }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'title'] });
    expect(checkProjectPatch(current, { councilIds: [] }).changes.councilIds).to.deep.equal(['E08000021']);
  });
});
