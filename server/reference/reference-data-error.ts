/** A reference data file is missing, malformed or inconsistent. Names the file and, where known, the row. */
export class ReferenceDataError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly row?: number,
  ) {
    super(`${file}${row !== undefined ? ` row ${row}` : ''}: ${message}`);
    this.name = 'ReferenceDataError';
  }
}

/** Column names a CSV file must have; checked before any row is read. */
export function requireColumns(file: string, header: readonly string[], needed: readonly string[]): void {
  const missing = needed.filter((c) => !header.includes(c));
  if (missing.length) throw new ReferenceDataError(file, `missing column(s): ${missing.join(', ')}`);
}

/** URL-safe id from a name: "Senior user researcher" -> "senior-user-researcher". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
