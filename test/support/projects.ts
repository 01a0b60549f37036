// Fixtures for the project suites: one user in every position a viewer can
// stand in towards a North East project, a valid project input, and a way to
// put a project straight into any status.
import { Project } from '../../models/project.ts';
import type { Viewer } from '../../server/auth/viewer.ts';
import { createProject } from '../../server/services/projects.ts';
import type { ProjectInput } from '../../server/projects/project-input.ts';
import type { ProjectStatus } from '../../server/projects/project-status.ts';
import { seedPools, userToken } from './fixtures.ts';
import { seedPractitioner } from './practitioners.ts';
import type { TestServer } from './test-server.ts';

export const NEWCASTLE = 'E08000021'; // in north-east-ca: the lead council of the projects below
export const GATESHEAD = 'E08000037'; // in north-east-ca: in the consortium
export const HARTLEPOOL = 'E06000001'; // in tees-valley

export interface Actor {
  label: string;
  token?: string;
  userId?: string;
}

export interface Actors {
  admin: Actor;
  lead: Actor; // of north-east-ca, the projects' pool
  otherLead: Actor; // of tees-valley
  requester: Actor; // of Newcastle, the lead council
  consortiumRequester: Actor; // of Gateshead, in the consortium
  otherRequester: Actor; // of Hartlepool, not in it
  practitioner: Actor;
  anonymous: Actor;
}

export async function seedActors(server: TestServer): Promise<Actors> {
  await seedPools();
  const as = async (label: string, role: Parameters<typeof userToken>[1], scope: Parameters<typeof userToken>[2] = {}) => ({ label, ...(await userToken(server, role, scope)) });
  return {
    admin: await as('admin', 'ADMIN'),
    lead: await as('lead of the pool', 'PROGRAMME_LEAD', { poolId: 'north-east-ca' }),
    otherLead: await as('lead of another pool', 'PROGRAMME_LEAD', { poolId: 'tees-valley' }),
    requester: await as('requester of the lead council', 'COUNCIL_REQUESTER', { councilId: NEWCASTLE }),
    consortiumRequester: await as('requester of a consortium council', 'COUNCIL_REQUESTER', { councilId: GATESHEAD }),
    otherRequester: await as('requester of another council', 'COUNCIL_REQUESTER', { councilId: HARTLEPOOL }),
    // A real practitioner record, made through the practitioners service (test/support/practitioners.ts).
    practitioner: await as('practitioner', 'PRACTITIONER', { practitionerId: (await seedPractitioner()).id }),
    anonymous: { label: 'anonymous' },
  };
}

export const viewerOf = (a: Actor, role: Viewer['role'], scope: Partial<Viewer> = {}): Viewer => ({
  userId: a.userId!,
  role,
  name: a.label,
  councilId: null,
  poolId: null,
  practitionerId: null,
  ...scope,
});

export const projectInput = (over: Partial<ProjectInput> = {}): ProjectInput => ({
  title: 'Planning applications online',
  outcome: 'Residents apply for planning permission online and can see where their application is',
  serviceArea: 'PLANNING',
  phase: 'DISCOVERY',
  start: '2027-01-04',
  end: '2027-06-30',
  priority: 'HIGH',
  onSiteExpectation: 'HYBRID',
  poolId: 'north-east-ca',
  councilIds: [GATESHEAD],
  slots: [{ roleLevelId: 'senior-user-researcher', daysPerWeek: 2 }],
  ...over,
});

/** A Newcastle project (created through the service), then put straight into `status`. */
export async function seedProject(actors: Actors, status: ProjectStatus = 'DRAFT', over: Partial<ProjectInput> = {}): Promise<string> {
  const p = await createProject(viewerOf(actors.requester, 'COUNCIL_REQUESTER', { councilId: NEWCASTLE }), projectInput(over));
  if (status !== 'DRAFT') await Project.updateOne({ _id: p._id }, { $set: { status } });
  return String(p._id);
}

/** The actors as a list, for table-driven tests. */
export const everyone = (a: Actors): Actor[] => [a.admin, a.lead, a.otherLead, a.requester, a.consortiumRequester, a.otherRequester, a.practitioner, a.anonymous];

export const PROJECT_FIELDS = `
  id title outcome serviceArea phase start end priority priorityWeight onSiteExpectation status editable nextStatuses
  pool { id } leadCouncil { gssCode } councils { gssCode name }
  slots { id roleLevel { id name } role { id } levelRank required { skill { id } proficiency } requiredFromRoleLevel
          desired { skill { id } proficiency } daysPerWeek unitsPerWeek start end headcount }
  statusHistory { from to action at by { id } note }
  createdBy { id }
`;
