// The practitioner's pages: their profile and leave (/profile), their bookings
// and the agreements behind them (/bookings), their calendar feed (/calendar).
import type { OperationError } from '../operations.ts';
import { addFieldError, formErrorsFrom, noErrors, type FormErrors } from './form-errors.ts';
import {
  dateItems,
  dateMessage,
  datePartsFrom,
  days,
  formatDate,
  formatPeriod,
  humanise,
  isoFromParts,
  noDate,
  pounds,
  statusTag,
  type DateParts,
} from './govuk-display.ts';

// ---- Profile and leave ------------------------------------------------------

export interface ProfileData {
  me: {
    practitioner: {
      id: string;
      name: string;
      email: string;
      homeCouncil: { name: string };
      roleLevel: { name: string };
      region: string;
      skills: { skill: { name: string }; proficiency: string }[];
      workingPattern: Record<(typeof WEEKDAYS)[number], number> & { total: number };
      serviceAreas: string[];
      workPreference: string;
      leave: { id: string; start: string; end: string; halfDay: boolean; note: string | null }[];
      bookingsAtRisk: { id: string; project: { title: string }; daysAtRisk: { date: string; reason: string; days: number }[] }[];
    } | null;
  };
}

export const PROFILE_QUERY = /* GraphQL */ `
  query WebProfile {
    me {
      practitioner {
        id name email homeCouncil { name } roleLevel { name } region
        skills { skill { name } proficiency }
        workingPattern { monday tuesday wednesday thursday friday saturday sunday total }
        serviceAreas workPreference
        leave { id start end halfDay note }
        bookingsAtRisk { id project { title } daysAtRisk { date reason days } }
      }
    }
  }
`;

export const ADD_LEAVE = /* GraphQL */ `
  mutation WebAddLeave($id: ID!, $input: LeaveInput!) { addLeave(practitionerId: $id, input: $input) { leave { id } bookingsAtRisk { id } } }
`;

export const REMOVE_LEAVE = /* GraphQL */ `
  mutation WebRemoveLeave($id: ID!, $leaveId: ID!) { removeLeave(practitionerId: $id, leaveId: $leaveId) { id } }
`;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** What the add-leave form holds, as typed. */
export interface LeaveForm {
  start: DateParts;
  end: DateParts;
  halfDay: boolean;
  note: string;
}

export const emptyLeaveForm = (): LeaveForm => ({ start: { day: '', month: '', year: '' }, end: { day: '', month: '', year: '' }, halfDay: false, note: '' });

export function leaveFormFrom(body: Record<string, unknown>): LeaveForm {
  return { start: datePartsFrom(body, 'start'), end: datePartsFrom(body, 'end'), halfDay: body.halfDay === 'yes', note: typeof body.note === 'string' ? body.note : '' };
}

/** The LeaveInput: an end left blank means one day (the start). */
export function leaveInput(form: LeaveForm) {
  const start = isoFromParts(form.start);
  const end = noDate(form.end) ? start : isoFromParts(form.end);
  return { start, end, halfDay: form.halfDay, note: form.note.trim() || null };
}

const LEAVE_FIELDS = {
  'input.start': { id: 'start-day', label: 'Start date' },
  'input.end': { id: 'end-day', label: 'End date' },
  'input.halfDay': { id: 'halfDay', label: 'Half a day' },
  'input.note': { id: 'note', label: 'Note' },
};

/** The API's errors on addLeave, on the form's fields; a blank start date is asked for GOV.UK's way. */
export function leaveErrors(form: LeaveForm, errors: readonly OperationError[]): FormErrors {
  if (noDate(form.start)) return addFieldError(noErrors(), LEAVE_FIELDS['input.start'], 'Enter the start date');
  // A blank end date is the start date: its errors are the start's, said once.
  const own = noDate(form.end) ? errors.filter((e) => (e.extensions?.field ?? []).join('.') !== 'input.end') : errors;
  return formErrorsFrom(
    own.map((e) => ({ ...e, message: dateMessage(e.message) })),
    LEAVE_FIELDS,
    { 'input.halfDay': 'Half a day off can only be one day: make the end date the same as the start date, or leave it blank' },
  );
}

const pattern = (wp: Record<string, number>) =>
  WEEKDAYS.filter((d) => wp[d]! > 0)
    .map((d) => `${humanise(d)}${wp[d] === 0.5 ? ' (half day)' : ''}`)
    .join(', ');

export function profileView(data: ProfileData, form: LeaveForm, errors: FormErrors, done: string | null) {
  const p = data.me.practitioner!;
  return {
    pageTitle: 'Your profile',
    done,
    name: p.name,
    details: [
      { key: { text: 'Name' }, value: { text: p.name } },
      { key: { text: 'Email address' }, value: { text: p.email } },
      { key: { text: 'Job' }, value: { text: p.roleLevel.name } },
      { key: { text: 'Home council' }, value: { text: p.homeCouncil.name } },
      { key: { text: 'Region' }, value: { text: humanise(p.region) } },
      { key: { text: 'Service areas you prefer' }, value: { text: p.serviceAreas.map(humanise).join(', ') || 'None given' } },
      { key: { text: 'Where you prefer to work' }, value: { text: humanise(p.workPreference) } },
    ],
    skills: p.skills.map((s) => ({ key: { text: s.skill.name }, value: { text: humanise(s.proficiency) } })),
    workingPattern: [
      ...WEEKDAYS.map((d) => ({ key: { text: humanise(d) }, value: { text: p.workingPattern[d] === 0 ? 'Not working' : p.workingPattern[d] === 0.5 ? 'Half day' : 'Full day' } })),
      { key: { text: 'Days a week in all' }, value: { text: `${days(p.workingPattern.total)} (${pattern(p.workingPattern) || 'none'})` } },
    ],
    leave: p.leave.map((l) => ({
      id: l.id,
      dates: formatPeriod(l.start, l.end),
      halfDay: l.halfDay ? 'Half day' : 'Whole days',
      note: l.note ?? '',
    })),
    // Days of placement the person will not work: they learn here what their lead and host councils now see.
    bookingsAtRisk: p.bookingsAtRisk.map((b) => ({
      title: b.project.title,
      days: b.daysAtRisk.map((d) => `${formatDate(d.date)}${d.days < 1 ? ' (half a day)' : ''}: ${d.reason === 'LEAVE' ? 'on leave' : 'not a working day in your pattern'}`),
    })),
    form: { ...form, startItems: dateItems(form.start, Boolean(errors.fields['start-day'])), endItems: dateItems(form.end, Boolean(errors.fields['end-day'])) },
    errors,
  };
}

export const PROFILE_DONE = {
  'leave-added': 'Leave added',
  'leave-added-at-risk': 'Leave added. It falls on days you are booked to work: those bookings are now at risk, and your programme lead and the host council can see this',
  'leave-removed': 'Leave removed',
};

// ---- Bookings and their agreements ---------------------------------------------

interface AgreementSummary {
  id: string;
  status: string;
  awaiting: { kind: string }[];
  myParties: { kind: string }[];
  pendingVersion: { version: number } | null;
}

export interface BookingsData {
  me: { practitionerId: string | null };
  bookings: {
    nodes: {
      id: string;
      start: string;
      end: string;
      daysPerWeek: number;
      status: string;
      project: { title: string; leadCouncil: { name: string } };
      slot: { roleLevel: { name: string } };
      hostCouncils: { name: string }[];
      agreement: AgreementSummary | null;
    }[];
  };
}


export const BOOKINGS_QUERY = /* GraphQL */ `
  query WebMyBookings($id: ID!) {
    me { practitionerId }
    bookings(filter: { practitionerId: $id }, first: 200) {
      nodes {
        id start end daysPerWeek status
        project { title leadCouncil { name } }
        slot { roleLevel { name } }
        hostCouncils { name }
        agreement { id status awaiting { kind } myParties { kind } pendingVersion { version } }
      }
    }
  }
`;

/** Whether the practitioner's consent is awaited on the agreement's pending version. */
export const awaitsMyConsent = (a: AgreementSummary | null) => Boolean(a && a.awaiting.some((p) => p.kind === 'PRACTITIONER') && a.myParties.some((p) => p.kind === 'PRACTITIONER'));

export const documentHref = (agreementId: string) => `/agreements/${encodeURIComponent(agreementId)}/document.html`;

export function bookingsView(data: BookingsData, done: string | null) {
  const rows = [...data.bookings.nodes]
    .sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end) || a.id.localeCompare(b.id))
    .map((b) => ({
      id: b.id,
      dates: formatPeriod(b.start, b.end),
      startIso: b.start,
      project: b.project.title,
      hosts: b.hostCouncils.map((c) => c.name).join(', '),
      role: b.slot.roleLevel.name,
      daysPerWeek: `${days(b.daysPerWeek)} a week`,
      status: statusTag(b.status),
      agreement: b.agreement
        ? {
            id: b.agreement.id,
            status: statusTag(b.agreement.status),
            documentHref: documentHref(b.agreement.id),
            decideHref: awaitsMyConsent(b.agreement) ? `/bookings/agreements/${encodeURIComponent(b.agreement.id)}` : null,
            amendment: b.agreement.pendingVersion && b.agreement.pendingVersion.version > 1 ? b.agreement.pendingVersion.version : null,
          }
        : null,
    }));
  return { pageTitle: 'Your bookings', done, rows, waiting: rows.filter((r) => r.agreement?.decideHref).length };
}

export const BOOKINGS_DONE = { consented: 'You have consented to the placement', declined: 'You have declined the placement' };

export interface AgreementData {
  agreement: {
    id: string;
    status: string;
    project: { title: string };
    homeCouncil: { name: string };
    hostCouncils: { name: string }[];
    awaiting: { kind: string }[];
    myParties: { kind: string }[];
    pendingVersion: {
      version: number;
      changeSummary: string;
      terms: {
        roleLevelName: string;
        daysPerWeek: number;
        weekdays: string[];
        start: string;
        end: string;
        reviewDate: string;
        dayRatePence: number;
        payer: string;
        homeLineManager: { name: string } | null;
        hostSupervisor: { name: string } | null;
      };
    } | null;
  };
}

export const AGREEMENT_QUERY = /* GraphQL */ `
  query WebAgreementToDecide($id: ID!) {
    agreement(id: $id) {
      id status project { title } homeCouncil { name } hostCouncils { name }
      awaiting { kind } myParties { kind }
      pendingVersion {
        version changeSummary
        terms { roleLevelName daysPerWeek weekdays start end reviewDate dayRatePence payer homeLineManager { name } hostSupervisor { name } }
      }
    }
  }
`;

export const CONSENT = /* GraphQL */ `mutation WebConsent($id: ID!) { approveAgreement(id: $id, as: PRACTITIONER) { id status } }`;
export const DECLINE_CONSENT = /* GraphQL */ `mutation WebDeclineConsent($id: ID!, $reason: String!) { declineAgreement(id: $id, reason: $reason, as: PRACTITIONER) { id status } }`;

const WEEKDAY_NAMES: Record<string, string> = { MON: 'Monday', TUE: 'Tuesday', WED: 'Wednesday', THU: 'Thursday', FRI: 'Friday', SAT: 'Saturday', SUN: 'Sunday' };

export function decisionView(data: AgreementData, reason: string, errors: FormErrors) {
  const a = data.agreement;
  const v = a.pendingVersion;
  const t = v?.terms;
  return {
    pageTitle: 'Consent to or decline a placement',
    id: a.id,
    project: a.project.title,
    canDecide: awaitsMyConsent(a),
    status: statusTag(a.status),
    documentHref: documentHref(a.id),
    version: v?.version ?? null,
    changeSummary: v && v.version > 1 ? v.changeSummary : null,
    terms: t
      ? [
          { key: { text: 'Project' }, value: { text: a.project.title } },
          { key: { text: 'Host councils' }, value: { text: a.hostCouncils.map((c) => c.name).join(', ') } },
          { key: { text: 'Your home council' }, value: { text: a.homeCouncil.name } },
          { key: { text: 'Role' }, value: { text: t.roleLevelName } },
          { key: { text: 'Dates' }, value: { text: formatPeriod(t.start, t.end) } },
          { key: { text: 'Days a week' }, value: { text: `${days(t.daysPerWeek)}, on ${t.weekdays.map((d) => WEEKDAY_NAMES[d] ?? d).join(', ')}` } },
          { key: { text: 'Review' }, value: { text: formatDate(t.reviewDate) } },
          { key: { text: 'Day rate' }, value: { text: `${pounds(t.dayRatePence)}, paid by ${humanise(t.payer).toLowerCase()}` } },
          { key: { text: 'Your line manager' }, value: { text: t.homeLineManager?.name ?? 'Not named yet' } },
          { key: { text: 'Your supervisor at the host' }, value: { text: t.hostSupervisor?.name ?? 'Not named yet' } },
        ]
      : [],
    reason,
    errors,
  };
}

export function declineErrors(errors: readonly OperationError[]): FormErrors {
  return formErrorsFrom(errors, { reason: { id: 'reason', label: 'Reason' } }, { reason: 'Enter why you are declining the placement' });
}

// ---- Calendar feed ---------------------------------------------------------------

export const HAS_FEED_QUERY = /* GraphQL */ `query WebHasCalendarFeed { me { hasCalendarFeed } }`;
export const CREATE_FEED = /* GraphQL */ `mutation WebCreateCalendarFeed { createCalendarFeed { url } }`;
export const REVOKE_FEED = /* GraphQL */ `mutation WebRevokeCalendarFeed { revokeCalendarFeed }`;

export function calendarView(hasFeed: boolean, newUrl: string | null, done: string | null) {
  return { pageTitle: 'Your calendar feed', hasFeed: hasFeed || Boolean(newUrl), newUrl, done };
}

export const CALENDAR_DONE = { revoked: 'Your calendar feed link has been turned off' };
