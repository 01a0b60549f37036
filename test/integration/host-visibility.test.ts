// What a host council sees of a person placed with it, over HTTP: the
// placement view (PLACEMENT_VIEW: name, work email, home council, role level)
// through a booking and an agreement, every other Practitioner field refused
// with FORBIDDEN; the person's home council, the pool's lead and the person
// see it all. Driven by the schema: a new Practitioner field fails here until
// it is given a selection below and a side of the line.
import { expect } from 'chai';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { PLACEMENT_VIEW } from '../../server/practitioners/practitioner-access.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { book, seedScene, type Placement, type Scene } from '../support/agreements.ts';

/** A selection for each Practitioner field. */
const SELECTION: Record<string, string> = {
  id: 'id',
  name: 'name',
  email: 'email',
  homeCouncil: 'homeCouncil { name }',
  roleLevel: 'roleLevel { name }',
  role: 'role { name }',
  skills: 'skills { proficiency }',
  region: 'region',
  workingPattern: 'workingPattern { total }',
  serviceAreas: 'serviceAreas',
  workPreference: 'workPreference',
  leave: 'leave { start }',
  bookingsAtRisk: 'bookingsAtRisk { id }',
  contracts: 'contracts { id }',
  capacity: 'capacity(from: "2027-03-01", to: "2027-03-07") { week }',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

describe('what a host council sees of a placed practitioner', function () {
  this.timeout(120_000);
  let server: TestServer;
  let s: Scene;
  let placement: Placement;
  let fields: string[];

  before(async () => {
    server = await startTestServer({ label: 'host-visibility', env: { GRAPHQL_INTROSPECTION: 'true' } });
    s = await seedScene(server);
    placement = await book(s);
    const schema = buildClientSchema((await server.gql(getIntrospectionQuery())).data as unknown as IntrospectionQuery);
    fields = Object.keys((schema.getType('Practitioner') as { getFields(): Record<string, unknown> }).getFields());
  });
  after(() => server?.stop());

  const through = {
    booking: (sel: string) => [`query($id: ID!) { booking(id: $id) { practitioner { ${sel} } } }`, () => placement.bookingId] as const,
    agreement: (sel: string) => [`query($id: ID!) { agreement(id: $id) { practitioner { ${sel} } } }`, () => placement.agreementId] as const,
  };

  it('has a selection here for every Practitioner field in the schema', () => {
    expect(fields.filter((f) => !(f in SELECTION))).to.deep.equal([]);
  });

  for (const [path, query] of Object.entries(through)) {
    it(`answers the placement view through ${path === 'booking' ? 'a booking' : 'an agreement'}, and refuses every other field`, async () => {
      for (const host of [s.requester, s.consortiumRequester]) {
        for (const field of fields) {
          const [q, id] = query(SELECTION[field]!);
          const r = await server.gql(q, { id: id() }, host.token);
          if ((PLACEMENT_VIEW as readonly string[]).includes(field)) {
            expect(r.errors, `${host.label}: ${field}`).to.equal(undefined);
          } else {
            expect(r.errors?.map((e) => e.extensions?.code), `${host.label}: ${field}`).to.deep.equal(['FORBIDDEN']);
            expect(r.errors![0]!.message).to.contain(field);
            expect(JSON.stringify(r.data ?? null)).to.not.contain('@');
          }
        }
      }
    });
  }

  it('shows the whole profile to the home council, the pool lead and the person', async () => {
    const all = fields.map((f) => SELECTION[f]).join(' ');
    for (const who of [s.homeRequester, s.lead, placement.self]) {
      const r = await server.gql(through.booking(all)[0], { id: placement.bookingId }, who.token);
      expect(r.errors, who.label).to.equal(undefined);
      expect(r.data!.booking.practitioner.skills, who.label).to.be.an('array');
    }
  });
});
