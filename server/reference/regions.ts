// England's nine regions, as named in the local authorities data.
export const REGIONS = {
  NORTH_EAST: 'North East',
  NORTH_WEST: 'North West',
  YORKSHIRE_AND_THE_HUMBER: 'Yorkshire and The Humber',
  EAST_MIDLANDS: 'East Midlands',
  WEST_MIDLANDS: 'West Midlands',
  EAST_OF_ENGLAND: 'East of England',
  LONDON: 'London',
  SOUTH_EAST: 'South East',
  SOUTH_WEST: 'South West',
} as const;
export type RegionKey = keyof typeof REGIONS;
export type RegionName = (typeof REGIONS)[RegionKey];

const BY_NAME = new Map<string, RegionKey>(Object.entries(REGIONS).map(([k, v]) => [v, k as RegionKey]));

export function regionKey(name: string): RegionKey {
  const key = BY_NAME.get(name);
  if (!key) throw new Error(`unknown region "${name}"`);
  return key;
}
