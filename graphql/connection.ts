// Maps a service Page to a GraphQL connection (edges, nodes, pageInfo, totalCount).
import { encodeCursor, type Page } from '../server/pagination.ts';

export function toConnection<T extends { _id: unknown }>(page: Page<T>) {
  return {
    edges: page.nodes.map((node) => ({ cursor: page.cursorOf?.(node) ?? encodeCursor(node._id as string), node })),
    nodes: page.nodes,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: () => page.totalCount(),
  };
}
