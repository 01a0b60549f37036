// Cursor pagination over a unique, sortable key (usually _id). The cursor is
// opaque to clients: base64url of the last key seen.
import type { Model } from 'mongoose';
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

/** One query for the page (+1 to know if there is more); the total is counted only if asked for. */
export async function paginate<T extends { _id: unknown }>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  filter: Record<string, unknown>,
  args: PageArgs,
): Promise<Page<T>> {
  const limit = pageSize(args.first);
  const query: Record<string, unknown> = { ...filter };
  if (args.after) query._id = { $gt: decodeCursor(args.after) };
  const docs = (await model.find(query).sort({ _id: 1 }).limit(limit + 1).lean()) as T[];
  const nodes = docs.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    hasNextPage: docs.length > limit,
    endCursor: last ? encodeCursor(last._id as string) : null,
    totalCount: () => model.countDocuments(filter).exec(),
  };
}
