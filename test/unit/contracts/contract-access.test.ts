// Who sees a pool's every contract, and who may propose one: one rule for the
// contracts list's filter, its shortcut and proposals.
import { expect } from 'chai';
import type { Viewer } from '../../../server/auth/viewer.ts';
import { canProposeContract, canReadContract, seesWholePool, wholePoolsOf } from '../../../server/contracts/contract-access.ts';

const viewer = (role: Viewer['role'], scope: Partial<Viewer> = {}): Viewer => ({ userId: 'u', role, name: 'n', councilId: null, poolId: null, practitionerId: null, ...scope });

describe('contract access', () => {
  const admin = viewer('ADMIN');
  const lead = viewer('PROGRAMME_LEAD', { poolId: 'north-east-ca' });
  const requester = viewer('COUNCIL_REQUESTER', { councilId: 'E08000021' });
  const practitioner = viewer('PRACTITIONER', { practitionerId: 'p1' });

  it('gives an admin every pool, a lead their own, and nobody else a whole pool', () => {
    expect([admin, lead, requester, practitioner, null].map(wholePoolsOf)).to.deep.equal(['ALL', 'north-east-ca', null, null, null]);
    expect(seesWholePool(admin, 'london')).to.equal(true);
    expect(seesWholePool(lead, 'north-east-ca')).to.equal(true);
    expect(seesWholePool(lead, 'london')).to.equal(false);
    expect(seesWholePool(viewer('PROGRAMME_LEAD'), 'london')).to.equal(false);
    expect(seesWholePool(requester, 'north-east-ca')).to.equal(false);
  });

  it('lets the same people propose, while parties still read their own contracts', () => {
    expect([admin, lead, requester, practitioner].map((v) => canProposeContract(v, 'north-east-ca'))).to.deep.equal([true, true, false, false]);
    const c = { poolId: 'london', homeCouncilId: 'E08000021', practitionerId: 'p1' };
    expect([admin, lead, requester, practitioner].map((v) => canReadContract(v, c))).to.deep.equal([true, false, true, true]);
  });
});
