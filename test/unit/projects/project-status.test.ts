import { expect } from 'chai';
import {
  PROJECT_ROLES,
  PROJECT_STATUSES,
  editableStatuses,
  mayChangePool,
  mayEdit,
  nextStatuses,
  nextStatusesFor,
  planTransition,
  type ProjectRole,
  type ProjectStatus,
} from '../../../server/projects/project-status.ts';

// The life cycle written out independently of the module's table, so the
// test checks the table rather than restating it: from -> to -> who may
// (besides an admin) and the action that move is recorded as.
type Who = Partial<Record<ProjectRole, string>>;
const LEGAL: Record<ProjectStatus, Partial<Record<ProjectStatus, Who>>> = {
  DRAFT: {
    SUBMITTED: { LEAD_COUNCIL_REQUESTER: 'submit' },
    CANCELLED: { LEAD_COUNCIL_REQUESTER: 'cancel', POOL_LEAD: 'cancel' },
  },
  SUBMITTED: {
    DRAFT: { LEAD_COUNCIL_REQUESTER: 'withdraw', POOL_LEAD: 'return-to-draft' },
    APPROVED: { POOL_LEAD: 'approve' },
    CANCELLED: { LEAD_COUNCIL_REQUESTER: 'cancel', POOL_LEAD: 'cancel' },
  },
  APPROVED: {
    STAFFING: { POOL_LEAD: 'start-staffing' },
    CANCELLED: { LEAD_COUNCIL_REQUESTER: 'cancel', POOL_LEAD: 'cancel' },
  },
  STAFFING: {
    STAFFED: { POOL_LEAD: 'mark-staffed' },
    CANCELLED: { LEAD_COUNCIL_REQUESTER: 'cancel', POOL_LEAD: 'cancel' },
  },
  STAFFED: {
    STAFFING: { POOL_LEAD: 'reopen-staffing' },
    ACTIVE: { POOL_LEAD: 'activate' },
    CANCELLED: { LEAD_COUNCIL_REQUESTER: 'cancel', POOL_LEAD: 'cancel' },
  },
  ACTIVE: {
    STAFFING: { POOL_LEAD: 'reopen-staffing' },
    CLOSED: { LEAD_COUNCIL_REQUESTER: 'close', POOL_LEAD: 'close' },
  },
  CLOSED: {},
  CANCELLED: {},
};
// An admin may make every legal move; where two actions share a move, theirs is the lead's.
const ADMIN_ACTION: Partial<Record<string, string>> = { 'SUBMITTED>DRAFT': 'return-to-draft' };

const inOrder = (s: ProjectStatus[]) => [...s].sort((a, b) => PROJECT_STATUSES.indexOf(a) - PROJECT_STATUSES.indexOf(b));

describe('project status life cycle', () => {
  it('decides every from x to pair for every role as the life cycle says', () => {
    let checked = 0;
    for (const from of PROJECT_STATUSES) {
      const legalTargets = Object.keys(LEGAL[from]) as ProjectStatus[];
      for (const to of PROJECT_STATUSES) {
        for (const role of PROJECT_ROLES) {
          const label = `${role}: ${from} -> ${to}`;
          const r = planTransition({ status: from, slotCount: 1, to, role, note: 'for the record' });
          const who = LEGAL[from][to];
          const forRole = inOrder(legalTargets.filter((t) => role === 'ADMIN' || LEGAL[from][t]![role] !== undefined));
          if (!who) {
            expect(r, label).to.deep.equal({
              ok: false,
              error: { code: 'ILLEGAL_TRANSITION', message: `${/^[AEIOU]/.test(from) ? 'An' : 'A'} ${from} project cannot become ${to}`, allowed: inOrder(legalTargets), allowedForRole: forRole },
            });
          } else if (role === 'ADMIN' || who[role]) {
            const action = role === 'ADMIN' ? (ADMIN_ACTION[`${from}>${to}`] ?? Object.values(who)[0]) : who[role];
            expect(r, label).to.deep.equal({ ok: true, action, from, to });
          } else {
            expect(r, label).to.deep.equal({ ok: false, error: { code: 'NOT_PERMITTED', message: `You may not move ${/^[AEIOU]/.test(from) ? 'an' : 'a'} ${from} project to ${to}`, allowedForRole: forRole } });
          }
          checked++;
        }
      }
    }
    expect(checked).to.equal(8 * 8 * 6);
  });

  it('lists the next statuses, for anyone and per role', () => {
    for (const from of PROJECT_STATUSES) {
      expect(nextStatuses(from), from).to.deep.equal(inOrder(Object.keys(LEGAL[from]) as ProjectStatus[]));
    }
    expect(nextStatusesFor('SUBMITTED', 'LEAD_COUNCIL_REQUESTER')).to.deep.equal(['DRAFT', 'CANCELLED']);
    expect(nextStatusesFor('SUBMITTED', 'POOL_LEAD')).to.deep.equal(['DRAFT', 'APPROVED', 'CANCELLED']);
    expect(nextStatusesFor('STAFFED', 'ADMIN')).to.deep.equal(['STAFFING', 'ACTIVE', 'CANCELLED']);
    for (const role of ['CONSORTIUM_REQUESTER', 'PRACTITIONER', 'NONE'] as const) {
      for (const from of PROJECT_STATUSES) expect(nextStatusesFor(from, role), `${role} ${from}`).to.deep.equal([]);
    }
    expect(nextStatuses('CLOSED')).to.deep.equal([]);
    expect(nextStatuses('CANCELLED')).to.deep.equal([]);
  });

  it('needs a note to return a project to draft or to cancel it, and none for the other moves', () => {
    const needsNote = (status: ProjectStatus, to: ProjectStatus, role: ProjectRole) => {
      const r = planTransition({ status, slotCount: 1, to, role, note: '   ' });
      return !r.ok && r.error.code === 'NOTE_REQUIRED';
    };
    expect(needsNote('SUBMITTED', 'DRAFT', 'POOL_LEAD')).to.equal(true);
    expect(needsNote('SUBMITTED', 'DRAFT', 'ADMIN')).to.equal(true);
    expect(needsNote('SUBMITTED', 'DRAFT', 'LEAD_COUNCIL_REQUESTER')).to.equal(false); // withdrawing your own request
    for (const from of ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING', 'STAFFED'] as const) {
      expect(needsNote(from, 'CANCELLED', 'LEAD_COUNCIL_REQUESTER'), from).to.equal(true);
      expect(needsNote(from, 'CANCELLED', 'POOL_LEAD'), from).to.equal(true);
    }
    expect(needsNote('SUBMITTED', 'APPROVED', 'POOL_LEAD')).to.equal(false);
    expect(needsNote('ACTIVE', 'CLOSED', 'LEAD_COUNCIL_REQUESTER')).to.equal(false);
  });

  it('refuses to submit a project with no slots', () => {
    const r = planTransition({ status: 'DRAFT', slotCount: 0, to: 'SUBMITTED', role: 'LEAD_COUNCIL_REQUESTER' });
    expect(r.ok === false && r.error.code).to.equal('NO_SLOTS');
    expect(planTransition({ status: 'DRAFT', slotCount: 0, to: 'CANCELLED', role: 'LEAD_COUNCIL_REQUESTER', note: 'not needed' }).ok).to.equal(true);
  });

  it('checks legality before the role, and the role before the note', () => {
    const illegal = planTransition({ status: 'DRAFT', slotCount: 0, to: 'APPROVED', role: 'PRACTITIONER' });
    expect(illegal.ok === false && illegal.error.code).to.equal('ILLEGAL_TRANSITION');
    const notYours = planTransition({ status: 'SUBMITTED', slotCount: 1, to: 'CANCELLED', role: 'CONSORTIUM_REQUESTER' });
    expect(notYours.ok === false && notYours.error.code).to.equal('NOT_PERMITTED');
  });

  it('lets the lead council requester edit a DRAFT only, and the pool lead and an admin up to STAFFING', () => {
    const expected: Record<ProjectRole, ProjectStatus[]> = {
      ADMIN: ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING'],
      POOL_LEAD: ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING'],
      LEAD_COUNCIL_REQUESTER: ['DRAFT'],
      CONSORTIUM_REQUESTER: [],
      PRACTITIONER: [],
      NONE: [],
    };
    for (const role of PROJECT_ROLES) {
      for (const status of PROJECT_STATUSES) expect(mayEdit(status, role), `${role} ${status}`).to.equal(expected[role].includes(status));
      expect(editableStatuses(role)).to.deep.equal(expected[role]);
    }
    expect(PROJECT_STATUSES.filter(mayChangePool)).to.deep.equal(['DRAFT']);
  });
});

describe('status messages', () => {
  it('read "an ACTIVE project", "a DRAFT project"', async () => {
    const { withArticle } = await import('../../../server/errors.ts');
    expect([withArticle('ACTIVE', true), withArticle('DRAFT', true), withArticle('APPROVED'), withArticle('ENDED'), withArticle('STAFFED')]).to.deep.equal(['An ACTIVE', 'A DRAFT', 'an APPROVED', 'an ENDED', 'a STAFFED']);
    const r = planTransition({ status: 'ACTIVE', slotCount: 1, to: 'DRAFT', role: 'POOL_LEAD' });
    expect(r.ok === false && r.error.message).to.equal('An ACTIVE project cannot become DRAFT');
  });
});
