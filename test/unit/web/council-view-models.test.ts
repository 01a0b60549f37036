// The council requester pages' view models: form values to API inputs, the
// list by status, the skills form, agreements waiting for the council, and
// the ledger chart's geometry.
import { expect } from 'chai';
import {
  isoDate,
  longDate,
  projectGroups,
  projectInput,
  projectFormValues,
  skillInputs,
  slotFormValues,
  slotInput,
  withProblems,
  type ProjectListItem,
} from '../../../server/web/view-models/council-projects.ts';
import { agreementRows, type AgreementItem } from '../../../server/web/view-models/council-agreements.ts';
import { ledgerChart, ledgerYear, niceMax, pounds } from '../../../server/web/view-models/council-ledger.ts';
import { formErrorsFrom } from '../../../server/web/view-models/form-errors.ts';

describe('web: council requester view models', () => {
  it('makes ISO dates only from real day, month and year parts', () => {
    expect(isoDate({ day: '4', month: '1', year: '2027' })).to.equal('2027-01-04');
    for (const bad of [
      { day: '31', month: '2', year: '2027' },
      { day: '', month: '1', year: '2027' },
      { day: '1', month: '13', year: '2027' },
      { day: '1', month: '1', year: '27' },
      { day: 'x', month: '1', year: '2027' },
    ]) {
      expect(isoDate(bad), JSON.stringify(bad)).to.equal(null);
    }
    expect(longDate('2027-06-30')).to.equal('30 June 2027');
  });

  it('turns the project form into createProject input, with blank choices and dates as the page’s own errors', () => {
    const values = projectFormValues({ title: ' Bins ', outcome: 'Fewer missed bins', serviceArea: 'WASTE_AND_RECYCLING', phase: '', 'start-day': '4', 'start-month': '1', 'start-year': '2027', 'end-day': '31', 'end-month': '2', 'end-year': '2027', priority: 'HIGH', onSiteExpectation: 'HYBRID', poolId: 'north-east-ca', councilIds: ['E08000037', 'E08000024'] });
    const { input, problems } = projectInput(values);
    expect(input).to.include({ title: 'Bins', start: '2027-01-04', priority: 'HIGH', poolId: 'north-east-ca' });
    expect(input.phase).to.equal(undefined);
    expect(input.councilIds).to.deep.equal(['E08000037', 'E08000024']);
    expect(problems).to.deep.equal([
      { id: 'phase', text: 'Select the phase' },
      { id: 'end-day', text: 'The end date must be a real date' },
    ]);
    // A single checkbox arrives as a string.
    expect(projectFormValues({ councilIds: 'E08000037' }).councilIds).to.deep.equal(['E08000037']);
  });

  it('turns the slot form into SlotInput: blank dates mean the project’s, numbers checked for shape only', () => {
    expect(slotInput(slotFormValues({ roleLevelId: 'delivery-manager', daysPerWeek: '2.5', headcount: '' })).input).to.deep.equal({ roleLevelId: 'delivery-manager', daysPerWeek: 2.5, headcount: 1 });
    const bad = slotInput(slotFormValues({ roleLevelId: '', daysPerWeek: 'two', headcount: '1.5', 'start-day': '1', 'start-month': '', 'start-year': '2027' }));
    expect(bad.problems.map((p) => p.id)).to.deep.equal(['roleLevelId', 'daysPerWeek', 'headcount', 'start-day']);
    // Out of range is the API's to say.
    expect(slotInput(slotFormValues({ roleLevelId: 'x', daysPerWeek: '9', headcount: '30' })).problems).to.deep.equal([]);
  });

  it('puts the page’s problems before the API’s, one message a field', () => {
    const api = formErrorsFrom([{ message: 'must not be empty', extensions: { code: 'BAD_USER_INPUT', field: ['input', 'title'] } }], { 'input.title': { id: 'title', label: 'Title' } });
    const merged = withProblems(api, [{ id: 'phase', text: 'Select the phase' }]);
    expect(merged.summary).to.deep.equal([
      { text: 'Select the phase', href: '#phase' },
      { text: 'Title must not be empty', href: '#title' },
    ]);
    expect(Object.keys(merged.fields)).to.deep.equal(['phase', 'title']);
  });

  it('groups projects by status in life-cycle order, marking those the council only joins', () => {
    const p = (id: string, status: string, lead: string, title = id): ProjectListItem => ({ id, title, status, start: '2027-01-04', end: '2027-06-30', phase: 'BETA', leadCouncil: { gssCode: lead, name: lead }, slots: [{ id: 's' }] });
    const groups = projectGroups([p('b', 'DRAFT', 'N'), p('a', 'DRAFT', 'N'), p('c', 'ACTIVE', 'G')], 'N');
    expect(groups.map((g) => g.status)).to.deep.equal(['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED', 'CANCELLED']);
    expect(groups[0]!.rows.map((r) => r.title)).to.deep.equal(['a', 'b']);
    expect(groups[5]!.rows[0]).to.include({ lead: false, href: '/projects/c', dates: '4 January 2027 to 30 June 2027', phase: 'Beta' });
  });

  it('reads the skills form: required and desired at their proficiency, not needed left out', () => {
    expect(
      skillInputs({
        'skill-0-id': 'a', 'skill-0-need': 'required', 'skill-0-proficiency': 'WORKING',
        'skill-1-id': 'b', 'skill-1-need': 'desired', 'skill-1-proficiency': 'EXPERT',
        'skill-2-id': 'c', 'skill-2-need': 'none', 'skill-2-proficiency': 'WORKING',
        'skill-3-id': 'd', 'skill-3-need': 'required', 'skill-3-proficiency': 'NONSENSE',
      }),
    ).to.deep.equal({ required: [{ skillId: 'a', proficiency: 'WORKING' }], desired: [{ skillId: 'b', proficiency: 'EXPERT' }] });
  });

  it('shows an agreement as waiting for the council only while one of its parties is awaited, and links the project to hosts only', () => {
    const a: AgreementItem = {
      id: 'ag1',
      status: 'AWAITING_APPROVALS',
      practitioner: { name: 'Ada' },
      project: { id: 'p1', title: 'Bins' },
      homeCouncil: { gssCode: 'S', name: 'Sunderland' },
      hostCouncils: [{ gssCode: 'N', name: 'Newcastle' }],
      terms: { roleLevelName: 'User researcher', daysPerWeek: 2, start: '2027-03-01', end: '2027-03-28' },
      pendingVersion: { version: 1 },
      awaiting: [{ kind: 'HOST_COUNCIL', council: { gssCode: 'N' } }, { kind: 'PROGRAMME_LEAD', council: null }],
      myParties: [{ kind: 'HOST_COUNCIL', council: { gssCode: 'N' } }],
    };
    const [host] = agreementRows([a], 'N');
    expect(host).to.include({ awaitingMe: true, councilRole: 'Host council', projectHref: '/projects/p1', documentHref: '/agreements/ag1/document.html', stillToDecide: 'host council, programme lead' });
    const [home] = agreementRows([{ ...a, myParties: [{ kind: 'HOME_COUNCIL', council: { gssCode: 'S' } }] }], 'S');
    expect(home).to.include({ awaitingMe: false, councilRole: 'Home council', projectHref: null });
  });

  it('scales the ledger chart to a round top and draws each figure as a bar of its height', () => {
    expect(niceMax(0)).to.equal(4);
    expect(niceMax(7)).to.equal(8);
    expect(niceMax(37)).to.equal(40);
    const chart = ledgerChart([
      { label: 'Q1', given: 0, received: 20 },
      { label: 'Q2', given: 10, received: 0 },
    ]);
    const [q1, q2] = chart.groups;
    expect(q1!.bars[0]!.height).to.equal(0);
    expect(q2!.bars[0]!.height * 2).to.be.closeTo(q1!.bars[1]!.height, 1e-9);
    expect(chart.ticks.map((t) => t.value)).to.deep.equal(['0', '5', '10', '15', '20']);
    expect(ledgerYear('2027', 2026)).to.equal(2027);
    expect(ledgerYear('1999', 2026)).to.equal(2026);
    expect(ledgerYear(undefined, 2026)).to.equal(2026);
    expect(pounds(123456)).to.equal('£1,234.56');
  });
});
