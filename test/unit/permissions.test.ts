import { expect } from 'chai';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyPermissions, allowAnyone } from '../../graphql/permissions.ts';
import { permissionRules } from '../../graphql/permission-rules.ts';
import { loadTypeDefs } from '../../graphql/schema.ts';

describe('permissions', () => {
  it('refuses to build a schema with a root field that has no rule', () => {
    const schema = makeExecutableSchema({ typeDefs: 'type Query { a: Int, b: Int } type Mutation { c: Int }' });
    expect(() => applyPermissions(schema, { Query: { a: allowAnyone }, Mutation: {} })).to.throw('No permission rule for: Query.b, Mutation.c');
  });

  it('has a rule for every operation in the real schema, and none for operations that do not exist', () => {
    const schema = makeExecutableSchema({ typeDefs: loadTypeDefs() });
    for (const type of ['Query', 'Mutation'] as const) {
      const fields = Object.keys(schema.getType(type) ? (schema.getType(type) as never as { getFields(): object }).getFields() : {});
      expect(Object.keys(permissionRules[type]).sort()).to.deep.equal(fields.sort());
    }
  });
});
