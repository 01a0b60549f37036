// Spreadsheets as rows of cells: CSV (csv-parse) and XLSX (read-excel-file,
// its first sheet), and the template written back as either. A file that is
// not what it says it is answers BAD_USER_INPUT at "file", never a parser's
// stack trace.
import { parse } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { readSheet } from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import { badInput } from '../errors.ts';
import type { Cell } from './practitioner-import.ts';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function readCsv(text: string): Cell[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw badInput(['file'], `is not a CSV file this import can read${e.lines ? ` (line ${e.lines})` : ''}: ${e.message ?? 'unreadable'}`);
  }
}

export async function readXlsx(data: Buffer): Promise<Cell[][]> {
  try {
    return (await readSheet(data)) as Cell[][];
  } catch (err) {
    throw badInput(['file'], `is not an XLSX workbook this import can read: ${(err as Error).message}`);
  }
}

export const toCsv = (rows: readonly (readonly string[])[]) => stringifyCsv(rows as string[][], { record_delimiter: 'windows' });

/** A workbook: the first sheet the rows (what an import reads), then any further named sheets. */
export async function toXlsx(first: { name: string; rows: readonly (readonly string[])[] }, ...more: { name: string; rows: readonly (readonly string[])[] }[]): Promise<Buffer> {
  const sheets = [first, ...more].map((s) => ({ sheet: s.name, data: s.rows.map((r) => r.map((value) => ({ value }))) }));
  return (await writeExcelFile(sheets as never).toBuffer()) as Buffer;
}
