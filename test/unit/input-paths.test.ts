import { expect } from 'chai';
import { Kind, buildSchema, graphql, type GraphQLError, type GraphQLScalarType } from 'graphql';
import { inputErrorOf, inputPathOf, pathInsideVariable } from '../../graphql/input-paths.ts';

// A schema like the service's: a strict date scalar, inputs with lists.
const schema = buildSchema(`
  scalar LocalDate
  input SlotInput { start: LocalDate, days: Int }
  input Input { start: LocalDate!, slots: [SlotInput!] }
  enum Region { NORTH_EAST LONDON }
  type Query { ok(input: Input, from: LocalDate, first: Int, region: Region): Boolean }
`);
const strict = (v: unknown) => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw new TypeError(`Value is not a valid LocalDate: ${String(v)}`);
  }
  return v;
};
Object.assign(schema.getType('LocalDate') as GraphQLScalarType, {
  parseValue: strict,
  parseLiteral: (node: { kind: string; value?: string }) => (node.kind === Kind.STRING ? strict(node.value) : undefined),
});

async function firstError(source: string, variableValues?: Record<string, unknown>): Promise<GraphQLError> {
  const r = await graphql({ schema, source, variableValues });
  expect(r.errors, 'an error').to.have.length.greaterThan(0);
  return r.errors![0]!;
}
const pathOf = (source: string, e: GraphQLError) => inputPathOf(source, e.message, e.positions?.[0]);

describe('input paths of coercion errors', () => {
  it('reads the path inside a variable from the message', () => {
    expect(pathInsideVariable('Variable "$i" got invalid value "x" at "i.slots[1].start"; Value is not a valid LocalDate: x', 'i')).to.deep.equal(['slots', 1, 'start']);
    expect(pathInsideVariable('Variable "$from" got invalid value "x"; Value is not a valid LocalDate: x', 'from')).to.deep.equal([]);
  });

  it('points a variable that does not coerce at the argument it is given to, then inside it', async () => {
    const q = 'query($i: Input, $f: LocalDate, $n: Int) { ok(input: $i, from: $f, first: $n) }';
    expect(pathOf(q, await firstError(q, { i: { start: '2027-02-30' } }))).to.deep.equal(['input', 'start']);
    expect(pathOf(q, await firstError(q, { i: { start: '2027-03-01', slots: [{}, { start: '2027-02-30' }] } }))).to.deep.equal(['input', 'slots', 1, 'start']);
    expect(pathOf(q, await firstError(q, { f: '2027-02-30' }))).to.deep.equal(['from']);
    expect(pathOf(q, await firstError(q, { n: 2 ** 40 }))).to.deep.equal(['first']);
  });

  it('follows a variable used inside an object literal', async () => {
    const q = 'query($s: LocalDate!) { ok(input: { start: $s }) }';
    expect(pathOf(q, await firstError(q, { s: '2027-02-30' }))).to.deep.equal(['input', 'start']);
  });

  it('points a literal that does not coerce at its place in the arguments', async () => {
    const q = '{ ok(input: { start: "2027-03-01", slots: [{ days: 99999999999 }] }, from: "2027-02-30") }';
    const r = await graphql({ schema, source: q });
    const paths = r.errors!.map((e) => pathOf(q, e));
    expect(paths).to.deep.include.members([['input', 'slots', 0, 'days'], ['from']]);
  });

  it('tells a value that did not coerce from a shape the schema refuses', async () => {
    const q = '{ ok(from: "2027-02-30", region: WALES) }';
    const r = await graphql({ schema, source: q });
    const found = r.errors!.map((e) => inputErrorOf(q, e.message, e.positions?.[0]));
    expect(found).to.deep.include.members([{ path: ['from'], coercion: true }, { path: ['region'], coercion: false }]);
    const v = 'query($i: Input) { ok(input: $i) }';
    const e = await firstError(v, { i: { start: '2027-03-01', nope: 1 } });
    expect(inputErrorOf(v, e.message, e.positions?.[0])).to.deep.equal({ path: ['input'], coercion: true }); // graphql-js names the object that has the unknown field
  });

  it('answers null for what is not about an argument', () => {
    expect(inputPathOf('{ ok }', 'Cannot query field "nope" on type "Query".', 2)).to.equal(null);
    expect(inputPathOf('not graphql {', 'Syntax Error', 0)).to.equal(null);
  });
});
