// Parses mySociety's UK local authorities CSV into the current English
// councils, resolving county and combined-authority codes to GSS codes.
// Pure: text in, plain data out. Data CC-BY-4.0, credit mySociety.
import { parse } from 'csv-parse/sync';
import { ReferenceDataError, requireColumns } from './reference-data-error.ts';

export const COUNCIL_TYPES = {
  NMD: 'NON_METROPOLITAN_DISTRICT',
  UA: 'UNITARY_AUTHORITY',
  MD: 'METROPOLITAN_DISTRICT',
  LBO: 'LONDON_BOROUGH',
  CC: 'CITY_CORPORATION',
  CTY: 'COUNTY',
  COMB: 'COMBINED_AUTHORITY',
  SRA: 'STRATEGIC_REGIONAL_AUTHORITY',
} as const;
export type CouncilType = (typeof COUNCIL_TYPES)[keyof typeof COUNCIL_TYPES];

// The GSS prefix each type must carry (README, Design: E06.., E07.., ...); a row
// that disagrees is refused rather than imported under the wrong type.
const GSS_PREFIX: Record<CouncilType, RegExp> = {
  NON_METROPOLITAN_DISTRICT: /^E07\d{6}$/,
  UNITARY_AUTHORITY: /^E06\d{6}$/,
  METROPOLITAN_DISTRICT: /^E08\d{6}$/,
  LONDON_BOROUGH: /^E09\d{6}$/,
  CITY_CORPORATION: /^E09\d{6}$/,
  COUNTY: /^E10\d{6}$/,
  COMBINED_AUTHORITY: /^E47\d{6}$/,
  STRATEGIC_REGIONAL_AUTHORITY: /^E61\d{6}$/, // the Greater London Authority
};

export const GSS_CODE = /^E\d{8}$/;

export interface CouncilRecord {
  gssCode: string;
  code: string;
  name: string;
  officialName: string;
  type: CouncilType;
  typeName: string;
  region: string;
  county: { gssCode: string; name: string } | null;
  combinedAuthority: { gssCode: string; name: string } | null;
}

const COLUMNS = [
  'local-authority-code', 'official-name', 'nice-name', 'gss-code', 'nation', 'region',
  'local-authority-type', 'local-authority-type-name', 'county-la', 'combined-authority', 'current-authority',
];

export function parseCouncils(csv: string, file = 'uk-local-authorities.csv'): CouncilRecord[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(csv, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new ReferenceDataError(file, `not valid CSV: ${(err as Error).message}`);
  }
  if (rows.length === 0) throw new ReferenceDataError(file, 'has no data rows');
  requireColumns(file, Object.keys(rows[0]!), COLUMNS);

  const current = rows
    .map((r, i) => ({ r, rowNo: i + 2 }))
    .filter(({ r }) => r['nation'] === 'England' && r['current-authority'] === 'True');
  const byCode = new Map(current.map(({ r }) => [r['local-authority-code']!, r]));

  const link = (code: string | undefined, rowNo: number, what: string) => {
    if (!code) return null;
    const target = byCode.get(code);
    if (!target) throw new ReferenceDataError(file, `${what} "${code}" is not a current English authority`, rowNo);
    return { gssCode: target['gss-code']!, name: target['nice-name']! };
  };

  const seen = new Set<string>();
  return current.map(({ r, rowNo }) => {
    const type = COUNCIL_TYPES[r['local-authority-type'] as keyof typeof COUNCIL_TYPES];
    if (!type) throw new ReferenceDataError(file, `unknown local-authority-type "${r['local-authority-type']}"`, rowNo);
    const gssCode = r['gss-code']!;
    if (!GSS_PREFIX[type].test(gssCode)) throw new ReferenceDataError(file, `GSS code "${gssCode}" does not fit type ${type}`, rowNo);
    if (seen.has(gssCode)) throw new ReferenceDataError(file, `duplicate GSS code ${gssCode}`, rowNo);
    seen.add(gssCode);
    if (!r['region']) throw new ReferenceDataError(file, `no region for ${gssCode}`, rowNo);
    return {
      gssCode,
      code: r['local-authority-code']!,
      name: r['nice-name']!,
      officialName: r['official-name']!,
      type,
      typeName: r['local-authority-type-name']!,
      region: r['region']!,
      county: link(r['county-la'], rowNo, 'county-la'),
      combinedAuthority: link(r['combined-authority'], rowNo, 'combined-authority'),
    };
  });
}
