import { expect } from 'chai';
import {
  BOOKABLE_STATUSES,
  CONTRACT_ROLES,
  CONTRACT_STATUSES,
  CONTRACT_TRANSITIONS,
  isBookableStatus,
  nextContractStatuses,
  nextContractStatusesFor,
  planContractTransition,
  type ContractRole,
  type ContractStatus,
} from '../../../server/contracts/contract-status.ts';
import { contractRole, visibleContracts } from '../../../server/contracts/contract-access.ts';
import type { Viewer } from '../../../server/auth/viewer.ts';

// Every legal move and who may make it: the table the issue describes.
const EXPECTED: Record<string, ContractRole[]> = {
  'PROPOSED->APPROVED': ['ADMIN', 'HOME_REQUESTER'],
  'PROPOSED->ENDED': ['ADMIN', 'HOME_REQUESTER', 'POOL_LEAD'],
  'APPROVED->ACTIVE': ['ADMIN', 'POOL_LEAD'],
  'APPROVED->ENDED': ['ADMIN', 'HOME_REQUESTER', 'POOL_LEAD'],
  'ACTIVE->ENDED': ['ADMIN', 'HOME_REQUESTER', 'POOL_LEAD'],
};

describe('central contract status machine', () => {
  it('allows exactly the documented moves, each to exactly the documented roles', () => {
    for (const from of CONTRACT_STATUSES) {
      for (const to of CONTRACT_STATUSES) {
        const key = `${from}->${to}`;
        const mayMove = CONTRACT_ROLES.filter((role) => planContractTransition(from, to, role).ok);
        expect([...mayMove].sort(), key).to.deep.equal([...(EXPECTED[key] ?? [])].sort());
      }
    }
  });

  it('names each move by its action', () => {
    const action = (from: ContractStatus, to: ContractStatus) => {
      const plan = planContractTransition(from, to, 'ADMIN');
      return plan.ok ? plan.action : null;
    };
    expect([action('PROPOSED', 'APPROVED'), action('PROPOSED', 'ENDED'), action('APPROVED', 'ACTIVE'), action('ACTIVE', 'ENDED')]).to.deep.equal([
      'approve',
      'withdraw',
      'activate',
      'end',
    ]);
  });

  it('tells a decline by the home council from a withdrawal by the pool; only a decline needs a reason', () => {
    expect(planContractTransition('PROPOSED', 'ENDED', 'HOME_REQUESTER')).to.deep.equal({ ok: true, from: 'PROPOSED', to: 'ENDED', action: 'decline', needsReason: true });
    expect(planContractTransition('PROPOSED', 'ENDED', 'POOL_LEAD')).to.deep.equal({ ok: true, from: 'PROPOSED', to: 'ENDED', action: 'withdraw', needsReason: false });
    // An admin withdraws unless asked to decline for the home council.
    expect(planContractTransition('PROPOSED', 'ENDED', 'ADMIN')).to.deep.include({ ok: true, action: 'withdraw' });
    expect(planContractTransition('PROPOSED', 'ENDED', 'ADMIN', 'decline')).to.deep.include({ ok: true, action: 'decline', needsReason: true });
    // The pool cannot decline its own proposal, nor anyone decline what is no longer proposed.
    expect(planContractTransition('PROPOSED', 'ENDED', 'POOL_LEAD', 'decline')).to.deep.include({ ok: false });
    const late = planContractTransition('APPROVED', 'ENDED', 'HOME_REQUESTER', 'decline');
    expect(!late.ok && late.error).to.deep.include({ code: 'ILLEGAL_TRANSITION', message: 'Only a PROPOSED contract can be declined; this one is APPROVED' });
    // Wording: "An ACTIVE contract", not "A ACTIVE".
    const back = planContractTransition('ACTIVE', 'APPROVED', 'ADMIN');
    expect(!back.ok && back.error.message).to.equal('An ACTIVE contract cannot become APPROVED');
  });

  it('reports an illegal move with every allowed next status and the ones the role may use', () => {
    const plan = planContractTransition('PROPOSED', 'ACTIVE', 'POOL_LEAD');
    expect(plan.ok).to.equal(false);
    if (plan.ok) return;
    expect(plan.error).to.deep.include({ code: 'ILLEGAL_TRANSITION', allowed: ['APPROVED', 'ENDED'], allowedForRole: ['ENDED'] });
    const fromEnded = planContractTransition('ENDED', 'ACTIVE', 'ADMIN');
    expect(!fromEnded.ok && fromEnded.error).to.deep.include({ code: 'ILLEGAL_TRANSITION', allowed: [], allowedForRole: [] });
    const same = planContractTransition('ACTIVE', 'ACTIVE', 'ADMIN');
    expect(!same.ok && same.error.code).to.equal('ILLEGAL_TRANSITION');
  });

  it('reports a legal move the role may not make as NOT_PERMITTED', () => {
    const plan = planContractTransition('PROPOSED', 'APPROVED', 'POOL_LEAD');
    expect(!plan.ok && plan.error).to.deep.include({ code: 'NOT_PERMITTED', allowedForRole: ['ENDED'] });
    for (const role of ['PRACTITIONER', 'NONE'] as const) {
      for (const rule of CONTRACT_TRANSITIONS) {
        const p = planContractTransition(rule.from, rule.to, role);
        expect(!p.ok && p.error.code, `${role} ${rule.from}->${rule.to}`).to.equal('NOT_PERMITTED');
      }
    }
  });

  it('lists next statuses in life-cycle order, and ENDED is final', () => {
    expect(nextContractStatuses('PROPOSED')).to.deep.equal(['APPROVED', 'ENDED']);
    expect(nextContractStatuses('APPROVED')).to.deep.equal(['ACTIVE', 'ENDED']);
    expect(nextContractStatuses('ACTIVE')).to.deep.equal(['ENDED']);
    expect(nextContractStatuses('ENDED')).to.deep.equal([]);
    expect(nextContractStatusesFor('APPROVED', 'HOME_REQUESTER')).to.deep.equal(['ENDED']);
    expect(nextContractStatusesFor('APPROVED', 'POOL_LEAD')).to.deep.equal(['ACTIVE', 'ENDED']);
  });

  it('makes only APPROVED and ACTIVE contracts bookable', () => {
    expect(CONTRACT_STATUSES.filter(isBookableStatus)).to.deep.equal(['APPROVED', 'ACTIVE']);
    expect(BOOKABLE_STATUSES).to.deep.equal(['APPROVED', 'ACTIVE']);
  });
});

describe('central contract access', () => {
  const contract = { poolId: 'north-east-ca', homeCouncilId: 'E08000021', practitionerId: 'aaaaaaaaaaaaaaaaaaaaaaaa' };
  const viewer = (v: Partial<Viewer>): Viewer => ({ userId: 'u', role: 'ADMIN', name: 'x', councilId: null, poolId: null, practitionerId: null, ...v });

  it('tells each party apart from strangers', () => {
    expect(contractRole(viewer({ role: 'ADMIN' }), contract)).to.equal('ADMIN');
    expect(contractRole(viewer({ role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' }), contract)).to.equal('POOL_LEAD');
    expect(contractRole(viewer({ role: 'PROGRAMME_LEAD', poolId: 'tees-valley' }), contract)).to.equal('NONE');
    expect(contractRole(viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E08000021' }), contract)).to.equal('HOME_REQUESTER');
    expect(contractRole(viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E08000037' }), contract)).to.equal('NONE');
    expect(contractRole(viewer({ role: 'PRACTITIONER', practitionerId: contract.practitionerId }), contract)).to.equal('PRACTITIONER');
    expect(contractRole(viewer({ role: 'PRACTITIONER', practitionerId: 'bbbbbbbbbbbbbbbbbbbbbbbb' }), contract)).to.equal('NONE');
    expect(contractRole(null, contract)).to.equal('NONE');
  });

  it('shows a lead only their own pool’s contracts', () => {
    const other = { ...contract, poolId: 'tees-valley' };
    expect(visibleContracts(viewer({ role: 'PROGRAMME_LEAD', poolId: 'tees-valley' }), [contract, other])).to.deep.equal([other]);
    expect(visibleContracts(viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E08000021' }), [contract, other])).to.have.length(2);
  });
});
