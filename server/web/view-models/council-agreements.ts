// A council requester's agreements: those where their council is home or
// host, the ones waiting for their decision first, each with its document.
import { longDate, daysText } from './council-projects.ts';

export const COUNCIL_AGREEMENTS_QUERY = /* GraphQL */ `
  query WebCouncilAgreements($councilId: ID!, $after: String) {
    agreements(filter: { councilId: $councilId }, first: 200, after: $after) {
      nodes {
        id status
        practitioner { name }
        project { id title }
        homeCouncil { gssCode name }
        hostCouncils { gssCode name }
        terms { roleLevelName daysPerWeek start end }
        pendingVersion { version }
        awaiting { kind council { gssCode } }
        myParties { kind council { gssCode } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const APPROVE_AGREEMENT = /* GraphQL */ `
  mutation WebApproveAgreement($id: ID!) { approveAgreement(id: $id) { id status } }
`;
export const DECLINE_AGREEMENT = /* GraphQL */ `
  mutation WebDeclineAgreement($id: ID!, $reason: String!) { declineAgreement(id: $id, reason: $reason) { id status } }
`;

interface Party {
  kind: string;
  council: { gssCode: string } | null;
}

export interface AgreementItem {
  id: string;
  status: string;
  practitioner: { name: string };
  project: { id: string; title: string };
  homeCouncil: { gssCode: string; name: string };
  hostCouncils: { gssCode: string; name: string }[];
  terms: { roleLevelName: string; daysPerWeek: number; start: string; end: string };
  pendingVersion: { version: number } | null;
  awaiting: Party[];
  myParties: Party[];
}

export const AGREEMENT_STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Draft',
  AWAITING_APPROVALS: 'Awaiting approvals',
  ACTIVE: 'Active',
  ENDED: 'Ended',
  RECALLED: 'Recalled',
  CANCELLED: 'Cancelled',
};

const TAGS: Record<string, string> = {
  DRAFT: 'govuk-tag--grey',
  AWAITING_APPROVALS: 'govuk-tag--yellow',
  ACTIVE: 'govuk-tag--green',
  ENDED: 'govuk-tag--grey',
  RECALLED: 'govuk-tag--orange',
  CANCELLED: 'govuk-tag--red',
};

const PARTY_LABELS: Record<string, string> = { PRACTITIONER: 'the practitioner', HOME_COUNCIL: 'home council', HOST_COUNCIL: 'host council', PROGRAMME_LEAD: 'programme lead' };

const sameParty = (a: Party, b: Party) => a.kind === b.kind && (a.council?.gssCode ?? null) === (b.council?.gssCode ?? null);

export interface AgreementRow {
  id: string;
  title: string;
  practitioner: string;
  project: string;
  /** Only for a host council (a consortium member may read the project; the home council may not). */
  projectHref: string | null;
  roleLevel: string;
  terms: string;
  homeCouncil: string;
  hostCouncils: string;
  status: string;
  tagClass: string;
  /** What the council is to it: "Home council", "Host council", or both. */
  councilRole: string;
  documentHref: string;
  /** The parties the viewer may decide for are awaited on the pending version. */
  awaitingMe: boolean;
  /** "Amendment (version 2)" or "New placement". */
  versionText: string;
  stillToDecide: string;
}

export function agreementRows(items: readonly AgreementItem[], councilId: string | null): AgreementRow[] {
  return items.map((a) => {
    const host = a.hostCouncils.some((h) => h.gssCode === councilId);
    const roles = [a.homeCouncil.gssCode === councilId ? 'Home council' : '', host ? 'Host council' : ''].filter(Boolean);
    return {
      id: a.id,
      title: `${a.practitioner.name}: ${a.project.title}`,
      practitioner: a.practitioner.name,
      project: a.project.title,
      projectHref: host ? `/projects/${encodeURIComponent(a.project.id)}` : null,
      roleLevel: a.terms.roleLevelName,
      terms: `${daysText(a.terms.daysPerWeek)} a week, ${longDate(a.terms.start)} to ${longDate(a.terms.end)}`,
      homeCouncil: a.homeCouncil.name,
      hostCouncils: a.hostCouncils.map((h) => h.name).join(', '),
      status: AGREEMENT_STATUS_LABELS[a.status] ?? a.status,
      tagClass: TAGS[a.status] ?? '',
      councilRole: roles.join(' and ') || 'Party',
      documentHref: `/agreements/${encodeURIComponent(a.id)}/document.html`,
      awaitingMe: a.awaiting.some((p) => a.myParties.some((m) => sameParty(p, m))),
      versionText: a.pendingVersion && a.pendingVersion.version > 1 ? `Amendment (version ${a.pendingVersion.version})` : 'New placement',
      stillToDecide: a.awaiting.map((p) => PARTY_LABELS[p.kind] ?? p.kind).join(', '),
    };
  });
}
