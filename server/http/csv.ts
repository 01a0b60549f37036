// CSV files over HTTP (recharge statements, exports): one header row, then
// rows streamed from any iterable, written by csv-stringify (RFC 4180 quoting,
// CRLF line ends, a UTF-8 byte order mark so spreadsheets read names and £
// correctly).
//
// A text cell a spreadsheet would run as a formula (one starting with = + -
// @ tab or CR) gets a leading apostrophe, so a name typed as "=HYPERLINK(...)"
// stays text when finance opens the file. Numbers are written as numbers: a
// negative amount is not a formula.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = value instanceof Date ? value.toISOString() : String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

type Rows = Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>;

/** Sends a CSV file as an attachment; resolves once the last row is written. */
export async function csvResponse(res: Response, filename: string, header: readonly string[], rows: Rows): Promise<void> {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${safeName}"`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  async function* cells() {
    yield header.map(csvCell);
    for await (const row of rows) yield row.map(csvCell);
  }
  await pipeline(Readable.from(cells()), stringify({ bom: true, record_delimiter: 'windows' }), res);
}
