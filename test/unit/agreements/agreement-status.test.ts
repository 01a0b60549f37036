import { expect } from 'chai';
import {
  AGREEMENT_STATUSES,
  allowedTransitions,
  awaiting,
  decide,
  openVersion,
  replay,
  requiredParties,
  transition,
  withdrawPending,
  type AgreementState,
  type Decision,
  type Party,
} from '../../../server/agreements/agreement-status.ts';

const parties = requiredParties('E08000021', ['E08000037', 'E08000024', 'E08000037']);
const draft: AgreementState = { status: 'DRAFT', activeVersion: 0, versions: [] };
const at = '2026-11-25T10:00:00.000Z';
const approve = (party: Party, byUserId = 'u'): Decision => ({ party, decision: 'APPROVED', byUserId, at, reason: null });

function unwrap<T>(o: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!o.ok) throw new Error(JSON.stringify(o.error));
  return o.value;
}

function approveAll(state: AgreementState): AgreementState {
  let s = state;
  for (const p of parties) s = unwrap(decide(s, parties, approve(p))).state;
  return s;
}

describe('agreement state machine', () => {
  it('needs the practitioner, the home council, each host council once, and the lead', () => {
    expect(parties.map((p) => `${p.kind}:${p.councilId ?? ''}`)).to.deep.equal([
      'PRACTITIONER:',
      'HOME_COUNCIL:E08000021',
      'HOST_COUNCIL:E08000024',
      'HOST_COUNCIL:E08000037',
      'PROGRAMME_LEAD:',
    ]);
  });

  it('becomes active only when every party has approved', () => {
    let s = unwrap(openVersion(draft));
    expect(s.status).to.equal('AWAITING_APPROVALS');
    for (const [i, p] of parties.entries()) {
      const r = unwrap(decide(s, parties, approve(p)));
      s = r.state;
      expect(r.takesEffect).to.equal(i === parties.length - 1);
      expect(s.status).to.equal(i === parties.length - 1 ? 'ACTIVE' : 'AWAITING_APPROVALS');
    }
    expect(s.activeVersion).to.equal(1);
    expect(awaiting(s, parties)).to.deep.equal([]);
  });

  it('refuses approving twice, a stranger, and deciding when nothing is pending', () => {
    let s = unwrap(openVersion(draft));
    s = unwrap(decide(s, parties, approve(parties[0]!))).state;
    const twice = decide(s, parties, approve(parties[0]!));
    expect(twice.ok === false && twice.error.code).to.equal('ALREADY_DECIDED');
    const stranger = decide(s, parties, approve({ kind: 'HOST_COUNCIL', councilId: 'E06000001' }));
    expect(stranger.ok === false && stranger.error.code).to.equal('NOT_A_PARTY');
    const none = decide(draft, parties, approve(parties[0]!));
    expect(none.ok === false && none.error.code).to.equal('NOT_AWAITING');
  });

  it('cancels on a declined first version, which needs a reason', () => {
    const s = unwrap(openVersion(draft));
    const noReason = decide(s, parties, { ...approve(parties[1]!), decision: 'DECLINED' });
    expect(noReason.ok === false && noReason.error.code).to.equal('REASON_REQUIRED');
    const declined = unwrap(decide(s, parties, { ...approve(parties[1]!), decision: 'DECLINED', reason: 'Needed at home for the budget cycle' })).state;
    expect(declined.status).to.equal('CANCELLED');
    expect(declined.versions[0]!.status).to.equal('DECLINED');
  });

  it('keeps the active version in force while an amendment awaits approval, then supersedes it', () => {
    const active = approveAll(unwrap(openVersion(draft)));
    let s = unwrap(openVersion(active));
    expect(s.status).to.equal('ACTIVE');
    expect(s.activeVersion).to.equal(1);
    expect(openVersion(s).ok).to.equal(false);
    const declined = unwrap(decide(s, parties, { ...approve(parties[0]!), decision: 'DECLINED', reason: 'Not available on Fridays' })).state;
    expect(declined.status).to.equal('ACTIVE');
    expect(declined.activeVersion).to.equal(1);
    s = unwrap(openVersion(declined));
    s = approveAll(s);
    expect(s.activeVersion).to.equal(3);
    expect(s.versions.map((v) => v.status)).to.deep.equal(['SUPERSEDED', 'DECLINED', 'APPROVED']);
  });

  it('allows only the listed status transitions', () => {
    const allowed: Record<string, string[]> = {
      DRAFT: ['AWAITING_APPROVALS', 'CANCELLED'],
      AWAITING_APPROVALS: ['CANCELLED'],
      ACTIVE: ['ENDED', 'RECALLED', 'CANCELLED'], // cancelled: a confirmed booking cancelled before it starts
      ENDED: [],
      RECALLED: [],
      CANCELLED: [],
    };
    for (const from of AGREEMENT_STATUSES) {
      for (const to of AGREEMENT_STATUSES) {
        const r = transition({ status: from, activeVersion: 1, versions: [] }, to);
        expect(r.ok, `${from} -> ${to}`).to.equal(allowed[from]!.includes(to));
      }
      expect(allowedTransitions(from)).to.deep.equal(allowed[from]);
    }
  });

  it('withdraws a pending version when the agreement is cancelled', () => {
    const s = unwrap(transition(unwrap(openVersion(draft)), 'CANCELLED'));
    expect(s.versions[0]!.status).to.equal('WITHDRAWN');
  });

  describe('replaying stored decisions', () => {
    const opened = unwrap(openVersion(draft));
    const decline = (party: Party): Decision => ({ ...approve(party), decision: 'DECLINED', reason: 'Not this quarter' });

    it('settles only on the whole set, in any order, and the same way whatever the order', () => {
      const all = parties.map((p) => approve(p));
      expect(replay(opened, parties, all.slice(0, 4)).outcome).to.equal(null);
      for (const order of [all, [...all].reverse(), [all[2]!, all[0]!, all[4]!, all[1]!, all[3]!]]) {
        const r = replay(opened, parties, order);
        expect(r.outcome).to.equal('APPROVED');
        expect(r.state.status).to.equal('ACTIVE');
        expect(r.state.activeVersion).to.equal(1);
      }
    });

    it('is declined by any decline, and ignores approvals stored after it', () => {
      const r = replay(opened, parties, [approve(parties[0]!), decline(parties[1]!), approve(parties[2]!), approve(parties[3]!), approve(parties[4]!)]);
      expect(r.outcome).to.equal('DECLINED');
      expect(r.state.status).to.equal('CANCELLED');
      expect(r.state.versions[0]!.decisions.map((d) => d.decision)).to.deep.equal(['APPROVED', 'DECLINED']);
    });

    it('ignores a stranger and a duplicate, and does nothing without a pending version', () => {
      const r = replay(opened, parties, [approve(parties[0]!), approve(parties[0]!), approve({ kind: 'HOST_COUNCIL', councilId: 'E06000001' })]);
      expect(r.outcome).to.equal(null);
      expect(r.state.versions[0]!.decisions).to.have.length(1);
      expect(replay(draft, parties, [approve(parties[0]!)])).to.deep.equal({ state: draft, outcome: null });
    });
  });

  describe('withdrawing an amendment', () => {
    it('withdraws the pending amendment and keeps the version in force', () => {
      const active = approveAll(unwrap(openVersion(draft)));
      const s = unwrap(withdrawPending(unwrap(openVersion(active))));
      expect(s.status).to.equal('ACTIVE');
      expect(s.activeVersion).to.equal(1);
      expect(s.versions.map((v) => v.status)).to.deep.equal(['APPROVED', 'WITHDRAWN']);
    });

    it('refuses when nothing is pending, and for a first version (that is a cancellation)', () => {
      const none = withdrawPending(approveAll(unwrap(openVersion(draft))));
      expect(none.ok === false && none.error.code).to.equal('NOT_AWAITING');
      const first = withdrawPending(unwrap(openVersion(draft)));
      expect(first.ok === false && first.error.code).to.equal('ILLEGAL_TRANSITION');
    });
  });
});
