// What a field's caller asked for beneath it, read from the operation: a list
// that asks only for names need not read whole profiles.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The names of the fields selected under `path` (field names below this one), through fragments; null when a directive could change them. */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[] = []): Set<string> | null {
  const names = new Set<string>();
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (let depth = 0; depth <= path.length; depth++) {
    const fields = flatten(sets, info.fragments);
    if (fields === null) return null;
    if (depth === path.length) {
      for (const f of fields) names.add(f.name.value);
      break;
    }
    sets = fields.filter((f) => f.name.value === path[depth]).flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  }
  return names;
}

/** The fields of these selection sets with fragments opened; null when one has a directive (@include, @skip), which is left to the full answer. */
function flatten(sets: readonly SelectionSetNode[], fragments: GraphQLResolveInfo['fragments']): FieldNode[] | null {
  const out: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): boolean =>
    set.selections.every((s) => {
      if (s.directives?.length) return false;
      if (s.kind === Kind.FIELD) {
        out.push(s);
        return true;
      }
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet);
      if (seen.has(s.name.value)) return true;
      seen.add(s.name.value);
      const fragment = fragments[s.name.value];
      return fragment ? walk(fragment.selectionSet) : true;
    });
  return sets.every(walk) ? out : null;
}

/** What a practitioner's directory entry answers (server/store/practitioners.ts DirectoryEntry). */
const DIRECTORY_FIELDS = new Set(['__typename', 'id', 'name', 'homeCouncil', 'role', 'roleLevel']);

/** Whether every field asked of the practitioner(s) under `path` is a directory field. */
export function asksOnlyDirectory(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[] = []): boolean {
  const fields = selectedFields(info, path);
  return fields !== null && [...fields].every((f) => DIRECTORY_FIELDS.has(f));
}

/** The same for a connection's nodes, reached through `nodes` or `edges { node }`, and `below` them. */
export const nodesAskOnlyDirectory = (info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, below: readonly string[] = []): boolean =>
  asksOnlyDirectory(info, ['nodes', ...below]) && asksOnlyDirectory(info, ['edges', 'node', ...below]);
