// Where in a request an input error points, as the field path every other
// input error carries (extensions.field): the argument of the field it was
// given to, then object fields and list indexes (["input", "start"],
// ["input", "slots", 1, "daysPerWeek"], ["from"]).
//
// graphql-js reports coercion failures before any resolver runs, in two
// forms, and neither carries a structured path:
// - a variable that does not coerce: 'Variable "$i" got invalid value
//   "2027-02-30" at "i.start"; ...', pointing at the variable's definition.
//   The path is the variable's first use in the document (the argument it
//   is given to, e.g. input: $i, or input: { start: $s }) followed by the
//   path inside the variable that the message names;
// - a literal that does not coerce (a validation error), pointing at the
//   value node itself: its path is where that node sits in its field's
//   arguments.
// Pure: the request's text and the error's position in, a path out.
import { BREAK, Kind, parse, visit, type DocumentNode, type ValueNode } from 'graphql';

export type InputPath = (string | number)[];

/** Calls `each` with every argument value node in the document (at any depth) and its path. */
function walkArguments(doc: DocumentNode, each: (node: ValueNode, path: InputPath) => boolean): void {
  let done = false;
  const walk = (v: ValueNode, path: InputPath): void => {
    if (done) return;
    if (each(v, path)) {
      done = true;
      return;
    }
    if (v.kind === Kind.OBJECT) for (const f of v.fields) walk(f.value, [...path, f.name.value]);
    if (v.kind === Kind.LIST) v.values.forEach((x, i) => walk(x, [...path, i]));
  };
  const args = (node: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }) => {
    for (const a of node.arguments ?? []) walk(a.value, [a.name.value]);
  };
  visit(doc, {
    Field: (node) => (args(node), done ? BREAK : undefined),
    Directive: (node) => (args(node), done ? BREAK : undefined),
  });
}

function parsed(body: string): DocumentNode | null {
  try {
    return parse(body);
  } catch {
    return null;
  }
}

/** The path inside a variable a coercion message names: 'at "i.slots[1].start"' gives ["slots", 1, "start"]. */
export function pathInsideVariable(message: string, variable: string): InputPath {
  const escaped = variable.replace(/[$]/g, '\\$');
  const m = new RegExp(` at "${escaped}((?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"(?:;|$)`).exec(message);
  if (!m || !m[1]) return [];
  return [...m[1].matchAll(/\.([_A-Za-z][_0-9A-Za-z]*)|\[(\d+)\]/g)].map((x) => (x[1] !== undefined ? x[1] : Number(x[2])));
}

const VARIABLE_ERROR = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" /;

/** Literal kinds a scalar parses: a validation error at one of them is a value that did not coerce. */
const SCALAR_LITERALS: ReadonlySet<string> = new Set([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN]);

export interface InputError {
  path: InputPath;
  /** A value that did not coerce (a variable, or a scalar literal), rather than a shape the schema refuses (an unknown enum value, a missing input field). */
  coercion: boolean;
}

/**
 * Where a pre-execution input error points: `body` is the request's
 * document, `message` the error's, `position` the character offset it
 * points at. Null when it points at nothing inside a field's arguments.
 */
export function inputErrorOf(body: string, message: string, position: number | undefined): InputError | null {
  const doc = parsed(body);
  if (!doc) return null;
  const variable = VARIABLE_ERROR.exec(message)?.[1];
  let found: InputError | null = null;
  if (variable) {
    walkArguments(doc, (node, path) => {
      if (node.kind !== Kind.VARIABLE || node.name.value !== variable) return false;
      found = { path: [...path, ...pathInsideVariable(message, variable)], coercion: true };
      return true;
    });
    return found;
  }
  if (position === undefined) return null;
  walkArguments(doc, (node, path) => {
    if (node.loc?.start !== position) return false;
    found = { path, coercion: SCALAR_LITERALS.has(node.kind) };
    return true;
  });
  return found;
}

/** Just the path (see inputErrorOf). */
export function inputPathOf(body: string, message: string, position: number | undefined): InputPath | null {
  return inputErrorOf(body, message, position)?.path ?? null;
}
