// Agreement documents: the terms as HTML and Markdown, over GraphQL and at
// GET /agreements/<id>/document.(html|md), for the agreement's readers only,
// with user-supplied text unable to inject markup or script.
import { expect } from 'chai';
import { Project } from '../../models/project.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedProject } from '../support/projects.ts';
import { approveAll, book, seedScene, TERMS, type Placement, type Scene } from '../support/agreements.ts';

const DOC = `query($id: ID!, $f: AgreementDocumentFormat, $v: Int) { agreement(id: $id) { document(format: $f, version: $v) } }`;
const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>';

describe('agreements: documents', function () {
  this.timeout(120_000);
  let server: TestServer;
  let s: Scene;
  let p: Placement;

  before(async () => {
    server = await startTestServer({ label: 'agreements-documents', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    // A project title and contact names full of markup.
    const projectId = await seedProject(s, 'APPROVED', {
      title: `Repairs ${EVIL}`,
      slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 5, start: '2027-01-04', end: '2027-06-30' }],
    });
    const slotId = String((await Project.findById(projectId).lean())!.slots[0]!._id);
    p = await book(s, { projectId, slotId, terms: { ...TERMS, hostSupervisor: { name: `Alan ${EVIL} | Turing`, email: 'alan@newcastle.example' } } });
    await approveAll(s, p);
  });
  after(() => server?.stop());

  const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('renders the terms, parties and approvals as Markdown and as HTML', async () => {
    const md = (await server.gql(DOC, { id: p.agreementId, f: 'MARKDOWN' }, s.lead.token)).data!.agreement.document as string;
    expect(md).to.include('# Time-sharing agreement');
    expect(md).to.include('version 1 (APPROVED); agreement status: ACTIVE');
    for (const line of [
      '| Role | User researcher |',
      '| Days per week | 2 (TUE, WED) |',
      '| Start | 2027-03-01 |',
      '| End | 2027-03-28 |',
      '| Review date | 2027-03-15 |',
      '| Day rate | £400.00, paid by the host council(s) |',
      '| Backfill to the home council | £100.00 per day away |',
      '| Invoicing | Quarterly |',
      '| Early termination notice | 2 week(s) |',
      "| Home council's recall notice | 6 week(s) |",
      '- **Home council:** Sunderland',
      '- **Host councils:** Newcastle upon Tyne, Gateshead',
    ]) {
      expect(md).to.include(line);
    }
    expect(md).to.match(/- Home council \(Sunderland\): \*\*APPROVED\*\* by COUNCIL_REQUESTER \d+ at 2026-11-25T12:00:00.000Z/);
    const html = (await server.gql(DOC, { id: p.agreementId }, s.lead.token)).data!.agreement.document as string;
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include('<td>Grace Hopper (<a href="mailto:grace@sunderland.example">grace@sunderland.example</a>)</td>');
  });

  it('cannot be made to carry markup or script', async () => {
    for (const f of ['HTML', 'MARKDOWN']) {
      const doc = (await server.gql(DOC, { id: p.agreementId, f }, s.lead.token)).data!.agreement.document as string;
      expect(doc, f).not.to.include('<script');
      expect(doc, f).not.to.include('<img');
      expect(doc, f).to.include('&#60;script&#62;');
    }
    // The table is not broken by the | in a name.
    const md = (await server.gql(DOC, { id: p.agreementId, f: 'MARKDOWN' }, s.lead.token)).data!.agreement.document as string;
    expect(md.split('\n').find((l) => l.startsWith('| Supervisor at host'))!.split('|')).to.have.length(4);
  });

  it('is served over HTTP with the Bearer token, to the agreement readers only', async () => {
    const html = await get(`/agreements/${p.agreementId}/document.html`, s.homeRequester.token);
    expect(html.status).to.equal(200);
    expect(html.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).to.include("default-src 'none'");
    expect(await html.text()).to.include('<table>');
    const md = await get(`/agreements/${p.agreementId}/document.md?version=1`, p.self.token);
    expect(md.status).to.equal(200);
    expect(md.headers.get('content-type')).to.equal('text/markdown; charset=utf-8');
    expect(await md.text()).to.include('| End | 2027-03-28 |');

    const refused: [string, string | undefined, number, string][] = [
      [`/agreements/${p.agreementId}/document.html`, undefined, 401, 'UNAUTHENTICATED'],
      [`/agreements/${p.agreementId}/document.html`, 'not-a-token', 401, 'UNAUTHENTICATED'],
      [`/agreements/${p.agreementId}/document.html`, s.otherRequester.token, 403, 'FORBIDDEN'],
      [`/agreements/${p.agreementId}/document.md`, s.otherLead.token, 403, 'FORBIDDEN'],
      [`/agreements/${p.agreementId}/document.md`, s.practitioner.token, 403, 'FORBIDDEN'],
      [`/agreements/0123456789abcdef01234567/document.html`, s.lead.token, 404, 'NOT_FOUND'],
      [`/agreements/${p.agreementId}/document.pdf`, s.lead.token, 404, 'NOT_FOUND'],
      [`/agreements/${p.agreementId}/document.md?version=7`, s.lead.token, 400, 'BAD_USER_INPUT'],
      [`/agreements/${p.agreementId}/document.md?version=x`, s.lead.token, 400, 'BAD_USER_INPUT'],
      [`/agreements/nope/document.md`, s.lead.token, 400, 'BAD_USER_INPUT'],
    ];
    for (const [path, token, status, code] of refused) {
      const r = await get(path, token);
      expect(r.status, path).to.equal(status);
      expect(((await r.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code, path).to.equal(code);
    }
  });

  it('answers a version that does not exist with BAD_USER_INPUT over GraphQL', async () => {
    expect(onlyError(await server.gql(DOC, { id: p.agreementId, v: 2 }, s.lead.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['version'] });
  });
});
