import { expect } from 'chai';
import { actingParty, canDecideAgreement, canManageAgreement, canReadAgreement, partiesOf, type AgreementScope } from '../../../server/agreements/agreement-access.ts';
import type { Viewer } from '../../../server/auth/viewer.ts';

const a: AgreementScope = { poolId: 'north-east-ca', homeCouncilId: 'E08000024', hostCouncilIds: ['E08000021', 'E08000037'], practitionerId: 'p1' };
const viewer = (role: Viewer['role'], scope: Partial<Viewer> = {}): Viewer => ({ userId: 'u', role, name: 'x', councilId: null, poolId: null, practitionerId: null, ...scope });
const admin = viewer('ADMIN');
const lead = viewer('PROGRAMME_LEAD', { poolId: 'north-east-ca' });
const otherLead = viewer('PROGRAMME_LEAD', { poolId: 'tees-valley' });
const home = viewer('COUNCIL_REQUESTER', { councilId: 'E08000024' });
const host = viewer('COUNCIL_REQUESTER', { councilId: 'E08000037' });
const stranger = viewer('COUNCIL_REQUESTER', { councilId: 'E06000001' });
const self = viewer('PRACTITIONER', { practitionerId: 'p1' });
const other = viewer('PRACTITIONER', { practitionerId: 'p2' });

describe('agreement access', () => {
  it('derives the party from who the viewer is', () => {
    expect(partiesOf(self, a)).to.deep.equal([{ kind: 'PRACTITIONER', councilId: null }]);
    expect(partiesOf(home, a)).to.deep.equal([{ kind: 'HOME_COUNCIL', councilId: 'E08000024' }]);
    expect(partiesOf(host, a)).to.deep.equal([{ kind: 'HOST_COUNCIL', councilId: 'E08000037' }]);
    expect(partiesOf(lead, a)).to.deep.equal([{ kind: 'PROGRAMME_LEAD', councilId: null }]);
    for (const v of [admin, otherLead, stranger, other]) expect(partiesOf(v, a)).to.deep.equal([]);
  });

  it('lets parties and admins read and decide, and leads of the pool and admins manage', () => {
    for (const v of [admin, lead, home, host, self]) {
      expect(canReadAgreement(v, a)).to.equal(true);
      expect(canDecideAgreement(v, a)).to.equal(true);
    }
    for (const v of [otherLead, stranger, other]) {
      expect(canReadAgreement(v, a)).to.equal(false);
      expect(canDecideAgreement(v, a)).to.equal(false);
    }
    expect(canReadAgreement(null, a)).to.equal(false);
    expect([admin, lead, otherLead, home, host, self].map((v) => canManageAgreement(v, a))).to.deep.equal([true, true, false, false, false, false]);
  });

  it('picks the acting party: your own, or refuses', () => {
    expect(actingParty(home, a)).to.deep.equal({ ok: true, party: { kind: 'HOME_COUNCIL', councilId: 'E08000024' } });
    expect(actingParty(home, a, 'HOME_COUNCIL')).to.deep.include({ ok: true });
    expect(actingParty(home, a, 'PROGRAMME_LEAD')).to.deep.include({ ok: false, code: 'FORBIDDEN' });
    expect(actingParty(host, a, 'HOST_COUNCIL', 'E08000021')).to.deep.include({ ok: false, code: 'FORBIDDEN' });
    expect(actingParty(stranger, a)).to.deep.include({ ok: false, code: 'FORBIDDEN' });
    expect(actingParty(other, a)).to.deep.include({ ok: false, code: 'FORBIDDEN' });
  });

  it('asks a requester who is both home and host which they act as', () => {
    const both = { ...a, hostCouncilIds: ['E08000024'] };
    expect(actingParty(home, both)).to.deep.include({ ok: false, code: 'BAD_USER_INPUT', field: ['as'] });
    expect(actingParty(home, both, 'HOST_COUNCIL')).to.deep.equal({ ok: true, party: { kind: 'HOST_COUNCIL', councilId: 'E08000024' } });
  });

  it('makes an admin say which party, and which host council when there are several', () => {
    expect(actingParty(admin, a)).to.deep.include({ ok: false, code: 'BAD_USER_INPUT', field: ['as'] });
    expect(actingParty(admin, a, 'HOME_COUNCIL')).to.deep.equal({ ok: true, party: { kind: 'HOME_COUNCIL', councilId: 'E08000024' } });
    expect(actingParty(admin, a, 'HOST_COUNCIL')).to.deep.include({ ok: false, field: ['councilId'] });
    expect(actingParty(admin, a, 'HOST_COUNCIL', 'E06000001')).to.deep.include({ ok: false, field: ['councilId'] });
    expect(actingParty(admin, a, 'HOST_COUNCIL', 'E08000037')).to.deep.equal({ ok: true, party: { kind: 'HOST_COUNCIL', councilId: 'E08000037' } });
    expect(actingParty(admin, { ...a, hostCouncilIds: ['E08000021'] }, 'HOST_COUNCIL')).to.deep.equal({ ok: true, party: { kind: 'HOST_COUNCIL', councilId: 'E08000021' } });
    expect(actingParty(admin, a, 'PROGRAMME_LEAD', 'E08000021')).to.deep.include({ ok: false, field: ['councilId'] });
  });
});
