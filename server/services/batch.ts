// Helpers for DataLoader batch functions: one query for many keys, answers
// returned in the order the keys were asked.
export function orderByIds<T extends { _id: unknown }>(docs: T[], ids: readonly unknown[]): (T | null)[] {
  const map = new Map(docs.map((d) => [String(d._id), d]));
  return ids.map((id) => map.get(String(id)) ?? null);
}

export function groupByKey<T, K extends keyof T>(docs: T[], key: K, ids: readonly unknown[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const d of docs) {
    const k = String(d[key]);
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  return ids.map((id) => groups.get(String(id)) ?? []);
}
