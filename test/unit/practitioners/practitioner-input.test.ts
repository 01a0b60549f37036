import { expect } from 'chai';
import {
  checkLeave,
  checkNewPractitioner,
  checkPractitionerPatch,
  lockedFieldIn,
  patternToUnits,
  skillKeysOf,
  unitsToPattern,
  type PractitionerInput,
} from '../../../server/practitioners/practitioner-input.ts';
import { lockedFields, practitionerRole } from '../../../server/practitioners/practitioner-access.ts';
import { checkProposal, checkProposalFits } from '../../../server/contracts/contract-input.ts';
import { DomainError } from '../../../server/errors.ts';
import type { Viewer } from '../../../server/auth/viewer.ts';

function refused(fn: () => unknown): { code: string; field: unknown } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, field: err.field };
    throw err;
  }
  throw new Error('expected a refusal');
}

const base: PractitionerInput = { name: ' Ada ', email: 'Ada@Example.Test', homeCouncilId: 'E08000021', roleLevelId: 'user-researcher' };

describe('practitioner input', () => {
  it('cleans a new profile and fills the defaults', () => {
    const { fields, uses } = checkNewPractitioner(base);
    expect(fields).to.deep.include({ name: 'Ada', email: 'ada@example.test', region: null, workPreference: 'HYBRID', skills: [], serviceAreas: [] });
    expect(fields.workingPattern).to.deep.equal([2, 2, 2, 2, 2, 0, 0]);
    expect(uses.map((u) => [u.kind, u.field.join('.')])).to.deep.equal([
      ['Council', 'input.homeCouncilId'],
      ['Role level', 'input.roleLevelId'],
    ]);
  });

  it('names the field of every refusal', () => {
    expect(refused(() => checkNewPractitioner({ ...base, email: 'nope' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'email'] });
    expect(refused(() => checkNewPractitioner({ ...base, homeCouncilId: 'X1' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'homeCouncilId'] });
    const skills = [
      { skillId: 'a', proficiency: 'Working' as const },
      { skillId: 'b', proficiency: 'Expert' as const },
      { skillId: 'a', proficiency: 'Expert' as const },
    ];
    expect(refused(() => checkNewPractitioner({ ...base, skills }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'skills', 2, 'skillId'] });
    const pattern = { monday: 1, tuesday: 0.25, wednesday: 1, thursday: 1, friday: 1 };
    expect(refused(() => checkNewPractitioner({ ...base, workingPattern: pattern }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'workingPattern', 'tuesday'] });
    expect(refused(() => checkPractitionerPatch({ serviceAreas: ['PLANNING', 'GOLF' as never] }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'serviceAreas', 1] });
  });

  it('converts working patterns between days and half-day units', () => {
    const units = patternToUnits({ monday: 1, tuesday: 1, wednesday: 0.5, thursday: 0, friday: 1, saturday: null }, ['p']);
    expect(units).to.deep.equal([2, 2, 1, 0, 2, 0, 0]);
    expect(unitsToPattern(units)).to.deep.equal({ monday: 1, tuesday: 1, wednesday: 0.5, thursday: 0, friday: 1, saturday: 0, sunday: 0 });
    expect(refused(() => patternToUnits({ monday: 0, tuesday: 0, wednesday: 0, thursday: 0, friday: 0 }, ['p']))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['p'] });
  });

  it('keys skills by every proficiency step held', () => {
    expect(skillKeysOf([{ skillId: 'user-research', proficiency: 'Practitioner' }, { skillId: 'x', proficiency: 'Awareness' }])).to.deep.equal([
      'user-research:1',
      'user-research:2',
      'user-research:3',
      'x:1',
    ]);
  });

  it('checks leave dates and half days', () => {
    expect(checkLeave({ start: '2026-03-02', end: '2026-03-02', halfDay: true, note: '  ' })).to.deep.equal({ start: '2026-03-02', end: '2026-03-02', halfDay: true, note: null });
    expect(refused(() => checkLeave({ start: '2026-03-02', end: '2026-03-01' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'end'] });
    expect(refused(() => checkLeave({ start: '2026-02-30', end: '2026-03-01' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'start'] });
    expect(refused(() => checkLeave({ start: '2026-03-02', end: '2026-03-03', halfDay: true }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'halfDay'] });
    expect(refused(() => checkLeave({ start: '2026-01-01', end: '2027-01-02' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'end'] });
  });

  it('locks the home council for all but admins, and the role level for the practitioner', () => {
    const v = (r: Partial<Viewer>): Viewer => ({ userId: 'u', role: 'ADMIN', name: 'n', councilId: null, poolId: null, practitionerId: null, ...r });
    const p = { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', homeCouncilId: 'E08000021' };
    const self = practitionerRole(v({ role: 'PRACTITIONER', practitionerId: p.id }), p);
    const home = practitionerRole(v({ role: 'COUNCIL_REQUESTER', councilId: 'E08000021' }), p);
    expect([self, home, practitionerRole(v({}), p)]).to.deep.equal(['SELF', 'HOME_REQUESTER', 'ADMIN']);
    expect(lockedFieldIn({ name: 'x', roleLevelId: 'y' }, lockedFields(self))).to.equal('roleLevelId');
    expect(lockedFieldIn({ name: 'x', roleLevelId: 'y' }, lockedFields(home))).to.equal(null);
    expect(lockedFieldIn({ homeCouncilId: null }, lockedFields(home))).to.equal(null);
    // A lead stands towards a practitioner only through their pool: footprint, or any contract.
    const lead = v({ role: 'PROGRAMME_LEAD', poolId: 'tees-valley' });
    expect(practitionerRole(lead, p)).to.equal('NONE');
    expect(practitionerRole(lead, p, { footprint: ['E06000001'], contractPoolIds: [] })).to.equal('NONE');
    expect(practitionerRole(lead, p, { footprint: ['E06000001'], contractPoolIds: ['tees-valley'] })).to.equal('POOL_LEAD');
    expect(practitionerRole(lead, p, { footprint: ['E08000021'], contractPoolIds: [] })).to.equal('POOL_LEAD');
  });
});

describe('central contract proposal input', () => {
  const proposal = { practitionerId: 'aaaaaaaaaaaaaaaaaaaaaaaa', poolId: 'north-east-ca', daysPerWeek: 2, start: '2026-04-01', end: '2027-03-31' };

  it('fills defaults and checks steps and dates', () => {
    expect(checkProposal(proposal)).to.deep.include({ recallNoticeWeeks: 4, guaranteedReleaseDays: 0 });
    expect(refused(() => checkProposal({ ...proposal, daysPerWeek: 1.25 }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'daysPerWeek'] });
    expect(refused(() => checkProposal({ ...proposal, daysPerWeek: 0 }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'daysPerWeek'] });
    expect(refused(() => checkProposal({ ...proposal, end: '2026-03-31' }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'end'] });
    expect(refused(() => checkProposal({ ...proposal, recallNoticeWeeks: 1.5 }))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'recallNoticeWeeks'] });
  });

  it('must fit the days worked and the pool’s footprint', () => {
    const p = checkProposal({ ...proposal, daysPerWeek: 2.5, guaranteedReleaseDays: 1 });
    const person = { homeCouncilId: 'E08000021', patternDays: 3 };
    expect(refused(() => checkProposalFits(p, person, ['E08000021']))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'guaranteedReleaseDays'] });
    expect(refused(() => checkProposalFits(p, { ...person, patternDays: 2 }, ['E08000021']))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'daysPerWeek'] });
    expect(refused(() => checkProposalFits(p, { ...person, patternDays: 5 }, ['E06000001']))).to.deep.equal({ code: 'BAD_USER_INPUT', field: ['input', 'poolId'] });
    expect(() => checkProposalFits(p, { ...person, patternDays: 3.5 }, ['E08000021'])).not.to.throw();
  });
});
