// Cursor pagination over a unique, sortable key (usually _id). The cursor is
// opaque to clients: base64url of the last key seen.
import { badInput } from './errors.ts';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: () => Promise<number>;
  /** A node's cursor, when it is not its _id (the audit log's positions). */
  cursorOf?: (node: T) => string;
}

export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify([key])).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): string | number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number')) return parsed[0];
  } catch {
    // fall through
  }
  throw badInput([field], 'is not a cursor this API gave out');
}

export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput([field], `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** The first `max` nodes of a paged list, read in pages of MAX_PAGE_SIZE. */
export async function readAll<T>(list: (page: PageArgs) => Promise<Page<T>>, max: number): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  while (out.length < max) {
    const page: Page<T> = await list({ first: MAX_PAGE_SIZE, after });
    out.push(...page.nodes);
    if (!page.hasNextPage || !page.endCursor) break;
    after = page.endCursor;
  }
  return out.slice(0, max);
}
