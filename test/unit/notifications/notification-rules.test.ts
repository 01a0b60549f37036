// Who hears of which event (server/notifications/notification-rules.ts), pure.
import { expect } from 'chai';
import { notificationsFor, retryDelayMs } from '../../../server/notifications/notification-rules.ts';

const agreement = { id: 'a1', poolId: 'north-east-ca', homeCouncilId: 'E08000024', hostCouncilIds: ['E08000021', 'E08000024'], practitionerId: 'p1', roleLevelName: 'User researcher', start: '2027-03-01' };

describe('notification rules', () => {
  it('tells every party once when an agreement goes out for approval at creation', () => {
    const [n, ...rest] = notificationsFor({ action: 'agreement.create', entityType: 'Agreement', entityId: 'a1', after: { status: 'AWAITING_APPROVALS' } }, { agreement });
    expect(rest).to.deep.equal([]);
    expect(n!.kind).to.equal('AGREEMENT_AWAITING');
    expect(n!.link).to.equal('/agreements/a1');
    expect(n!.audiences).to.deep.equal([
      { role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' },
      { role: 'COUNCIL_REQUESTER', councilId: 'E08000024' },
      { role: 'COUNCIL_REQUESTER', councilId: 'E08000021' },
      { role: 'PRACTITIONER', practitionerId: 'p1' },
    ]);
  });

  it('says nothing of a draft, or of events that notify nobody', () => {
    expect(notificationsFor({ action: 'agreement.create', entityType: 'Agreement', entityId: 'a1', after: { status: 'DRAFT' } }, { agreement })).to.deep.equal([]);
    expect(notificationsFor({ action: 'project.update', entityType: 'Project', entityId: 'x' }, {})).to.deep.equal([]);
  });

  it('sends a submitted project to its pool leads and a returned one to its councils', () => {
    const project = { id: 'pr1', title: 'Repairs', poolId: 'north-east-ca', councilIds: ['E08000021', 'E08000037'] };
    expect(notificationsFor({ action: 'project.submit', entityType: 'Project', entityId: 'pr1' }, { project })[0]!.audiences).to.deep.equal([{ role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' }]);
    expect(notificationsFor({ action: 'project.return-to-draft', entityType: 'Project', entityId: 'pr1' }, { project })[0]!.audiences).to.have.length(2);
  });

  it('backs off exponentially, capped', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, 100))).to.deep.equal([100, 200, 400]);
    expect(retryDelayMs(40, 100)).to.equal(3_600_000);
  });
});
