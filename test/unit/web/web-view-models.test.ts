import { expect } from 'chai';
import { safeNext } from '../../../server/web/session.ts';
import { formErrorsFrom } from '../../../server/web/view-models/form-errors.ts';
import { navigationFor } from '../../../server/web/navigation.ts';
import { HOME_ROWS, homeView, type AwaitingDecisionData } from '../../../server/web/view-models/home.ts';
import type { Viewer } from '../../../server/auth/viewer.ts';

describe('web: view models and helpers', () => {
  it('safeNext keeps same-site paths only', () => {
    expect(safeNext('/projects?x=1#a')).to.equal('/projects?x=1#a');
    for (const bad of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', undefined, ['/a'], '/a\nb', '/a\\b']) {
      expect(safeNext(bad), String(bad)).to.equal('/');
    }
  });

  it('formErrorsFrom puts field errors in the summary and by the field, and the rest in the summary only', () => {
    const e = formErrorsFrom(
      [
        { message: 'must not be empty', extensions: { code: 'BAD_USER_INPUT', field: ['input', 'title'] } },
        { message: 'must be at most 5', extensions: { code: 'BAD_USER_INPUT', field: ['input', 'slots', 0, 'daysPerWeek'] } },
        { message: 'A project with this title already exists', extensions: { code: 'CONFLICT' } },
        { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
      { 'input.title': { id: 'title', label: 'Title' }, 'input.slots.0.daysPerWeek': { id: 'days', label: 'Days per week' } },
      { 'input.title': 'Enter a title' },
    );
    expect(e.summary).to.deep.equal([
      { text: 'Enter a title', href: '#title' },
      { text: 'Days per week must be at most 5', href: '#days' },
      { text: 'A project with this title already exists' },
      { text: 'Sorry, there is a problem with the service' },
    ]);
    expect(e.fields).to.deep.equal({ title: { text: 'Enter a title' }, days: { text: 'Days per week must be at most 5' } });
  });

  it('navigationFor shows the entries of the role and marks the current one', () => {
    const lead: Viewer = { userId: 'u', role: 'PROGRAMME_LEAD', name: 'L', councilId: null, poolId: 'p', practitionerId: null };
    const entries = [{ href: '/', text: 'Home' }, { href: '/pool', text: 'Pool', roles: ['PROGRAMME_LEAD'] as const }, { href: '/profile', text: 'Profile', roles: ['PRACTITIONER'] as const }];
    expect(navigationFor(lead, '/pool/ledger', entries)).to.deep.equal([
      { href: '/', text: 'Home', active: false, current: false },
      { href: '/pool', text: 'Pool', active: true, current: false },
    ]);
    expect(navigationFor(null, '/', entries)).to.deep.equal([]);
  });

  it('homeView counts every item, shows the first few, and links the rest to the list where the role has one', () => {
    const contract = (i: number) => ({ id: `c${i}`, practitioner: { name: `Person ${i}` }, pool: { name: 'North East' }, daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
    const data: AwaitingDecisionData = {
      awaitingMyDecision: {
        counts: { agreements: 0, contractsToApprove: 0, contractsToActivate: 25, projectsToReview: 0, bookingsAtRisk: 1 },
        agreements: [],
        contractsToApprove: [],
        contractsToActivate: Array.from({ length: HOME_ROWS }, (_, i) => contract(i)),
        projectsToReview: [],
        bookingsAtRisk: [
          {
            id: 'b1',
            practitioner: { name: 'Aisha Khan' },
            project: { id: 'p1', title: 'Blue badge renewals' },
            daysAtRisk: [
              { date: '2027-03-09', reason: 'LEAVE', days: 1 },
              { date: '2027-03-10', reason: 'LEAVE', days: 0.5 },
            ],
          },
        ],
      },
    };
    const lead = homeView('PROGRAMME_LEAD', data);
    const group = lead.groups.find((g) => g.id === 'contracts-to-activate')!;
    expect(lead.total).to.equal(26);
    expect(lead.groups.find((g) => g.id === 'bookings-at-risk')!.rows).to.deep.equal([
      { text: 'Aisha Khan: Blue badge renewals', hint: '1.5 days from 9 March 2027 will not be worked: leave', href: '/pool/projects/p1/staffing' },
    ]);
    expect(group).to.deep.include({ count: 25, countText: '25 central contracts to activate', more: { text: 'and 15 more', href: '/pool/contracts' } });
    expect(group.rows).to.have.length(HOME_ROWS);
    expect(lead.groups.find((g) => g.id === 'agreements')!.more).to.equal(null);
    // An admin has no list page: the rest is counted, not linked.
    expect(homeView('ADMIN', data).groups.find((g) => g.id === 'contracts-to-activate')!.more).to.deep.equal({ text: 'and 15 more', href: null });
  });
});
