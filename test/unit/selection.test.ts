// Reading what a caller asked for beneath a field: through fragments and
// nested paths, and never guessing past a directive.
import { expect } from 'chai';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { asksOnlyDirectory, selectedFields } from '../../graphql/selection.ts';

/** The info a resolver of the operation's first root field would get. */
function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selection', () => {
  it('names the fields under a path, through named and inline fragments', () => {
    const info = infoOf(`{ practitioners { totalCount nodes { id ...Who ... on Practitioner { role { id } } } edges { node { email } } } }
      fragment Who on Practitioner { name homeCouncil { name } }`);
    expect([...selectedFields(info)!]).to.have.members(['totalCount', 'nodes', 'edges']);
    expect([...selectedFields(info, ['nodes'])!]).to.have.members(['id', 'name', 'homeCouncil', 'role']);
    expect([...selectedFields(info, ['edges', 'node'])!]).to.deep.equal(['email']);
    expect([...selectedFields(info, ['pageInfo'])!]).to.deep.equal([]);
  });

  it('says a selection is directory-only when every field is one a search entry answers', () => {
    expect(asksOnlyDirectory(infoOf(`{ booking { practitioner { __typename id name roleLevel { name } role { id } homeCouncil { name } } } }`), ['practitioner'])).to.equal(true);
    expect(asksOnlyDirectory(infoOf(`{ booking { practitioner { name email } } }`), ['practitioner'])).to.equal(false);
    expect(asksOnlyDirectory(infoOf(`{ booking { practitioner { name ...F } } } fragment F on Practitioner { skills { level } }`), ['practitioner'])).to.equal(false);
  });

  it('leaves a selection with a directive to the full answer', () => {
    const info = infoOf(`query($x: Boolean!) { booking { practitioner { name email @include(if: $x) } } }`);
    expect(selectedFields(info, ['practitioner'])).to.equal(null);
    expect(asksOnlyDirectory(info, ['practitioner'])).to.equal(false);
  });
});
