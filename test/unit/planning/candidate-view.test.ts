import { expect } from 'chai';
import type { Viewer } from '../../../server/auth/viewer.ts';
import { candidateView, mayIdentify, pseudonym } from '../../../server/planning/candidate-view.ts';
import { canAskWhyNot, canManagePlans, canRankFor } from '../../../server/planning/plan-access.ts';

const viewer = (v: Partial<Viewer> & Pick<Viewer, 'role'>): Viewer => ({ userId: 'u1', name: 'U', councilId: null, poolId: null, practitionerId: null, ...v });
const admin = viewer({ role: 'ADMIN' });
const lead = viewer({ role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' });
const otherLead = viewer({ role: 'PROGRAMME_LEAD', poolId: 'tees-valley' });
const requester = viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E08000021' });
const consortium = viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E08000037' });
const outsider = viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E06000001' });
const practitioner = viewer({ role: 'PRACTITIONER', practitionerId: 'p1' });
const project = { poolId: 'north-east-ca', leadCouncilId: 'E08000021', councilIds: ['E08000021', 'E08000037'] };
const alice = { id: '64b7f0000000000000000001', name: 'Alice Example', homeCouncilId: 'E08000024' };

describe('candidate view', () => {
  it('identifies everyone to leads and admins, and a requester’s own council’s people to them', () => {
    expect(mayIdentify(admin, 'E08000024')).to.equal(true);
    expect(mayIdentify(lead, 'E08000024')).to.equal(true);
    expect(mayIdentify(requester, 'E08000021')).to.equal(true);
    expect(mayIdentify(requester, 'E08000024')).to.equal(false);
    expect(mayIdentify(practitioner, 'E08000024')).to.equal(false);
  });

  it('shows others by a pseudonym and home council only', () => {
    const v = candidateView(requester, alice, 'slot1', 'key');
    expect(v).to.deep.equal({ practitionerId: alice.id, identified: false, label: pseudonym('key', 'slot1', alice.id), homeCouncilId: 'E08000024' });
    expect(v.label).to.match(/^Candidate [A-Z2-9]{6}$/);
    expect(candidateView(lead, alice, 'slot1', 'key')).to.deep.include({ identified: true, label: 'Alice Example' });
  });

  it('keeps a pseudonym for one slot and key, and changes it with either', () => {
    const a = pseudonym('key', 'slot1', alice.id);
    expect(pseudonym('key', 'slot1', alice.id)).to.equal(a);
    expect(pseudonym('key', 'slot2', alice.id)).to.not.equal(a);
    expect(pseudonym('other key', 'slot1', alice.id)).to.not.equal(a);
    expect(pseudonym('key', 'slot1', '64b7f0000000000000000002')).to.not.equal(a);
  });
});

describe('plan access', () => {
  it('lets the pool’s leads and admins manage plans', () => {
    expect([admin, lead, otherLead, requester, practitioner].map((v) => canManagePlans(v, 'north-east-ca'))).to.deep.equal([true, true, false, false, false]);
  });

  it('lets requesters of the project’s councils rank, and no other council', () => {
    expect([admin, lead, otherLead, requester, consortium, outsider, practitioner].map((v) => canRankFor(v, project))).to.deep.equal([true, true, false, true, true, false, false]);
  });

  it('asks why not only about someone the viewer may read', () => {
    expect(canAskWhyNot(requester, project, true)).to.equal(true);
    expect(canAskWhyNot(requester, project, false)).to.equal(false);
    expect(canAskWhyNot(outsider, project, true)).to.equal(false);
  });
});
