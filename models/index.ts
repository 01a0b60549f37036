// Every model, so start-up can create their indexes in one place.
import { Council } from './council.ts';
import { Skill } from './skill.ts';
import { RoleFamily, Role, RoleLevel } from './role-level.ts';
import { BankHoliday } from './bank-holiday.ts';
import { User } from './user.ts';
import { Pool } from './pool.ts';
import { AuditEvent, AuditHead } from './audit-event.ts';
import { Booking } from './booking.ts';
import { CapacityClaim } from './capacity-claim.ts';
import { PractitionerLock } from './practitioner-lock.ts';
import { Agreement } from './agreement.ts';
import { AgreementDecision } from './agreement-decision.ts';
import { AgreementSettlement } from './agreement-settlement.ts';
import { Project } from './project.ts';
import { SlotSeat } from './slot-seat.ts';
import { WriteClaim } from './write-claim.ts';
import { Practitioner } from './practitioner.ts';
import { PractitionerSearch } from './practitioner-search.ts';
import { CentralContract } from './central-contract.ts';
import { Plan } from './plan.ts';
import { PlanCommit } from './plan-commit.ts';
import { MatchingRevision } from './matching-revision.ts';
import { Notification, Mail, MailClaim, NotifierCursor } from './notification.ts';

export const allModels = [Council, Skill, RoleFamily, Role, RoleLevel, BankHoliday, User, Pool, AuditEvent, AuditHead, Booking, CapacityClaim, PractitionerLock, Agreement, AgreementDecision, AgreementSettlement, Project, WriteClaim, SlotSeat, Practitioner, PractitionerSearch, CentralContract, Plan, PlanCommit, MatchingRevision, Notification, Mail, MailClaim, NotifierCursor];
