import { expect } from 'chai';
import type { Viewer } from '../../../server/auth/viewer.ts';
import { canActOnProject, canReadProject, canSeeProjectSummary, projectRole, viewerCapabilities } from '../../../server/projects/project-access.ts';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../server/projects/project-status.ts';

const viewer = (v: Partial<Viewer> & Pick<Viewer, 'role'>): Viewer => ({ userId: 'u1', name: 'U', councilId: null, poolId: null, practitionerId: null, ...v });
const project = (status: ProjectStatus) => ({ poolId: 'north-east-ca', leadCouncilId: 'E08000021', councilIds: ['E08000021', 'E08000037'], status });

const admin = viewer({ role: 'ADMIN' });
const lead = viewer({ role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' });
const otherLead = viewer({ role: 'PROGRAMME_LEAD', poolId: 'tees-valley' });
const leadRequester = viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E08000021' });
const consortiumRequester = viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E08000037' });
const otherRequester = viewer({ role: 'COUNCIL_REQUESTER', councilId: 'E06000001' });
const practitioner = viewer({ role: 'PRACTITIONER', practitionerId: 'p1' });

describe('project access', () => {
  it('names how each viewer stands towards a project', () => {
    const p = project('DRAFT');
    expect([admin, lead, otherLead, leadRequester, consortiumRequester, otherRequester, practitioner, null].map((v) => projectRole(v, p))).to.deep.equal([
      'ADMIN',
      'POOL_LEAD',
      'NONE',
      'LEAD_COUNCIL_REQUESTER',
      'CONSORTIUM_REQUESTER',
      'NONE',
      'PRACTITIONER',
      'NONE',
    ]);
  });

  it('lets practitioners read projects from APPROVED on (not cancelled ones), and everyone else by scope', () => {
    for (const status of PROJECT_STATUSES) {
      const p = project(status);
      expect(canReadProject(practitioner, p), status).to.equal(['APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED'].includes(status));
      for (const v of [admin, lead, leadRequester, consortiumRequester]) expect(canReadProject(v, p)).to.equal(true);
      for (const v of [otherLead, otherRequester, null]) expect(canReadProject(v, p)).to.equal(false);
    }
  });

  it('shows anyone signed in a summary from APPROVED on (not cancelled), and earlier ones only to those who may read them', () => {
    const visible = ['APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED'];
    for (const status of PROJECT_STATUSES) {
      const p = project(status);
      for (const v of [otherLead, otherRequester, practitioner]) expect(canSeeProjectSummary(v, p), `${v.role} ${status}`).to.equal(visible.includes(status));
      for (const v of [admin, lead, leadRequester, consortiumRequester]) expect(canSeeProjectSummary(v, p)).to.equal(true);
      expect(canSeeProjectSummary(null, p)).to.equal(false);
    }
  });

  it('lets only the admin, the pool lead and the lead council requester act on a project', () => {
    const p = project('SUBMITTED');
    expect([admin, lead, leadRequester, consortiumRequester, otherLead, otherRequester, practitioner, null].map((v) => canActOnProject(v, p))).to.deep.equal([
      true, true, true, false, false, false, false, false,
    ]);
    expect(viewerCapabilities(leadRequester, p)).to.deep.equal({ role: 'LEAD_COUNCIL_REQUESTER', nextStatuses: ['DRAFT', 'CANCELLED'], canEdit: false });
    expect(viewerCapabilities(lead, p)).to.deep.equal({ role: 'POOL_LEAD', nextStatuses: ['DRAFT', 'APPROVED', 'CANCELLED'], canEdit: true });
  });
});
