// The rule for every root operation, in one table (see permissions.ts for the
// rule vocabulary). Reference data is public; everything else needs a
// signed-in user with the right role and scope.
import { allowAnyone, anyOf, isAdmin, requesterOfCouncil, signedIn, type PermissionMap } from './permissions.ts';
import { actorOnProject, leadCouncilOfNewProject, readerOfProject } from './project-rules.ts';
import { isLead, isRequester, leadOfPool } from './permissions.ts';
import { cancellerOfBooking, enderOfBooking, readerOfBooking, recallerOfBooking } from './booking-rules.ts';
import {
  actorOnContract,
  creatorOfPractitioner,
  editorOfPractitioner,
  keeperOfLeave,
  readerOfContract,
  readerOfPractitioner,
} from './practitioner-rules.ts';
import { isPractitioner } from './permissions.ts';
import { managerOfAgreement, partyToAgreement, readerOfAgreement } from './agreement-rules.ts';
import { readerOfCouncilLedger } from './ledger-rules.ts';
import { managerOfPlans, plannerOfPool, plannerOfProject, rankerForProject, whyNotAsker } from './matching-rules.ts';

/** A lead of the pool the operation's poolId argument names. */
const leadOfPoolArg = leadOfPool((_, a) => (a.poolId as string | undefined) ?? null);

export const permissionRules: PermissionMap = {
  Query: {
    apiVersion: allowAnyone,
    council: allowAnyone,
    councils: allowAnyone,
    roleFamilies: allowAnyone,
    roleFamily: allowAnyone,
    roles: allowAnyone,
    role: allowAnyone,
    roleLevels: allowAnyone,
    roleLevel: allowAnyone,
    skills: allowAnyone,
    skill: allowAnyone,
    bankHolidays: allowAnyone,
    me: signedIn,
    users: isAdmin,
    pools: signedIn,
    pool: signedIn,
    projects: signedIn, // scoped to what the viewer may see by the service
    project: readerOfProject((a) => a.id),
    practitioner: readerOfPractitioner((a) => a.id),
    practitioners: anyOf(isAdmin, isLead, isRequester), // scoped to what the viewer may see by the service
    centralContract: readerOfContract((a) => a.id),
    centralContracts: signedIn, // scoped to what the viewer may see by the service
    booking: readerOfBooking,
    bookings: signedIn, // scoped to what the viewer may see by the service
    agreement: readerOfAgreement,
    agreements: signedIn, // scoped to the agreements the viewer is a party to by the service
    awaitingMyDecision: signedIn, // each list scoped and filtered to what the viewer may act on by the service
    councilLedger: readerOfCouncilLedger,
    poolLedger: anyOf(isAdmin, leadOfPoolArg),
    poolDemand: anyOf(isAdmin, leadOfPoolArg),
    // Each match is one the viewer may see in summary, its id only if they may read it whole: the service's call (services/similar-projects.ts).
    similarProjects: signedIn,
    // Counts of approved-or-later projects only, which anyone signed in may see in summary.
    serviceAreaActivity: anyOf(isAdmin, leadOfPoolArg),
    // A requester's statement is limited to their own council's lines by the service.
    rechargeStatement: anyOf(isAdmin, leadOfPoolArg, isRequester),
    auditEvents: anyOf(isAdmin, isLead), // a lead's scoped to their pool by the service
    // Requesters rank for their own councils' projects, seeing other councils' people by pseudonym (server/planning/candidate-view.ts).
    slotCandidates: rankerForProject,
    whyNot: whyNotAsker,
    plan: managerOfPlans((a) => [a.id]),
    plans: plannerOfPool,
    comparePlans: managerOfPlans((a) => [a.a, a.b]),
    // Always the viewer's own (the service reads by their id).
    myNotifications: signedIn,
    myNotificationPreference: signedIn,
  },
  Mutation: {
    login: allowAnyone,
    createUser: isAdmin,
    // Your own account: the service acts on the viewer's own user only.
    changePassword: signedIn,
    signOutEverywhere: signedIn,
    resetUserPassword: isAdmin,
    deactivateUser: isAdmin,
    reactivateUser: isAdmin,
    createPool: isAdmin,
    setPoolFootprint: isAdmin,
    createProject: anyOf(isAdmin, requesterOfCouncil(leadCouncilOfNewProject)),
    // Edits and moves by status and role are the life cycle's call (server/projects/project-status.ts).
    updateProject: actorOnProject((a) => a.id),
    addProjectSlot: actorOnProject((a) => a.projectId),
    updateProjectSlot: actorOnProject((a) => a.projectId),
    removeProjectSlot: actorOnProject((a) => a.projectId),
    transitionProject: actorOnProject((a) => a.id),
    createPractitioner: creatorOfPractitioner,
    // Which fields each editor may change is the service's call (server/practitioners/practitioner-access.ts).
    updatePractitioner: editorOfPractitioner((a) => a.id),
    // Each row's council (and each held person changed) is the service's call, by createPractitioner's and updatePractitioner's rules.
    importPractitioners: anyOf(isAdmin, isRequester, isLead),
    addLeave: keeperOfLeave((a) => a.practitionerId),
    removeLeave: keeperOfLeave((a) => a.practitionerId),
    proposeCentralContract: anyOf(isAdmin, leadOfPool((_, a) => (a.input?.poolId as string | undefined) ?? null)),
    // Which move each party may make is the status machine's call (server/contracts/contract-status.ts).
    transitionCentralContract: actorOnContract((a) => a.id),
    declineCentralContract: actorOnContract((a) => a.id), // the home council's (or an admin's) call: the status machine's
    bookPractitioner: anyOf(isAdmin, isLead), // of the project's pool: checked by the service, which reads the project first
    cancelBooking: cancellerOfBooking,
    endBookingEarly: enderOfBooking,
    recallBooking: recallerOfBooking,
    // Which party a decider acts for is the service's call (server/agreements/agreement-access.ts actingParty).
    approveAgreement: partyToAgreement,
    declineAgreement: partyToAgreement,
    updateAgreementDraft: managerOfAgreement,
    submitAgreement: managerOfAgreement,
    amendAgreement: managerOfAgreement,
    withdrawAgreementAmendment: managerOfAgreement,
    createCalendarFeed: anyOf(isPractitioner, isLead),
    revokeCalendarFeed: signedIn, // anyone may stop their own feed, even after a change of role
    proposeSquad: plannerOfProject,
    planProgramme: plannerOfPool,
    commitPlan: managerOfPlans((a) => [a.id]),
    markNotificationsRead: signedIn, // only the viewer's own; any other id is NOT_FOUND
    setNotificationPreference: signedIn,
  },
};
