import { expect } from 'chai';
import { renderAgreementHtml, renderAgreementMarkdown, type AgreementView } from '../../../server/agreements/render.ts';

const view: AgreementView = {
  agreementId: 'a1',
  status: 'AWAITING_APPROVALS',
  version: 2,
  versionStatus: 'AWAITING_APPROVALS',
  changeSummary: 'Extended to 2027-06-30',
  poolName: 'North East digital pool',
  projectTitle: 'Housing repairs <online>',
  practitionerName: 'Ada <script>alert(1)</script> Lovelace',
  homeCouncilName: 'Newcastle upon Tyne',
  hostCouncilNames: ['Gateshead', 'Sunderland'],
  terms: {
    roleLevelName: 'Senior user researcher',
    daysPerWeek: 2,
    weekdays: ['TUE', 'WED'],
    start: '2027-01-04',
    end: '2027-06-30',
    reviewDate: '2027-03-31',
    dayRatePence: 45_000,
    payer: 'HOST_COUNCIL',
    backfillPerDayPence: 12_550,
    invoicing: 'MONTHLY',
    earlyTerminationNoticeWeeks: 4,
    recallNoticeWeeks: 6,
    homeLineManager: { name: 'Grace Hopper', email: 'grace@newcastle.example' },
    hostSupervisor: { name: 'Alan Turing', email: 'alan@gateshead.example' },
  },
  decisions: [{ party: 'PRACTITIONER', decision: 'APPROVED', by: 'Ada Lovelace', at: '2026-11-25T10:00:00.000Z', reason: null }],
  awaiting: ['HOME_COUNCIL E08000021', 'PROGRAMME_LEAD'],
};

describe('agreement documents', () => {
  it('renders the parties, terms, costs and approvals as Markdown', () => {
    const md = renderAgreementMarkdown(view);
    expect(md).to.include('# Time-sharing agreement');
    expect(md).to.include('version 2');
    expect(md).to.include('| Day rate | £450.00, paid by the host council(s) |');
    expect(md).to.include('| Backfill to the home council | £125.50 per day away |');
    expect(md).to.include('**Host councils:** Gateshead, Sunderland');
    expect(md).to.include('Awaiting: HOME_COUNCIL E08000021, PROGRAMME_LEAD.');
  });

  it('states the days of placement the ledger counts, and the bank holidays not worked', () => {
    const md = renderAgreementMarkdown({ ...view, placement: { from: '2027-01-04', days: 50, bankHolidaysLeftOut: ['2027-05-31'] } });
    expect(md).to.include('| Days of placement | 50 (bank holidays not worked: 2027-05-31) |');
    const amended = renderAgreementMarkdown({ ...view, placement: { from: '2027-03-01', days: 34, bankHolidaysLeftOut: [] } });
    expect(amended).to.include('| Days of placement | 34 from 2027-03-01 |');
  });

  it('renders HTML with every user value escaped', () => {
    const html = renderAgreementHtml(view);
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include('<table>');
    expect(html).not.to.include('<script>');
    expect(html).to.include('Housing repairs &amp;#60;online&amp;#62;'.replace(/&amp;/g, '&'));
  });
});
