// CSV files served over HTTP (exports, recharge statements): written with
// csv-stringify, streamed row by row so a long export never sits in memory
// whole, and with every cell safe to open in a spreadsheet.
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import type { Response } from 'express';

export type CsvValue = string | number | boolean | null | undefined | Date;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

/**
 * A cell as text a spreadsheet will show, never run: a value starting with
 * = + - @ or a tab or carriage return would be read as a formula (CSV
 * injection, OWASP), so it gets a leading apostrophe. Numbers stay numbers.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = value instanceof Date ? value.toISOString() : value;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One row of cells per item, in the columns' order. */
export const csvRow = <T>(columns: readonly CsvColumn<T>[], row: T): string[] => columns.map((c) => csvCell(c.value(row)));

/**
 * Send `rows` as a CSV attachment: the headers go out at once, then each row as
 * it is read, waiting for the client whenever the socket's buffer is full. An
 * error before the first row is thrown to the caller (who answers it as JSON);
 * one after can only cut the file short, so the connection is destroyed
 * rather than leaving a file that looks complete.
 */
export async function csvResponse<T>(res: Response, filename: string, columns: readonly CsvColumn<T>[], rows: AsyncIterable<T> | Iterable<T>): Promise<void> {
  const iterator = (Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : (rows as Iterable<T>)[Symbol.iterator]()) as AsyncIterator<T> | Iterator<T>;
  const first = await iterator.next();
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    // Only safe characters in the header, whatever ids went into the name.
    'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  const out = stringify({ record_delimiter: 'windows', bom: true });
  out.pipe(res);
  const write = async (cells: string[]) => {
    if (!out.write(cells)) await once(out, 'drain');
  };
  try {
    await write(columns.map((c) => csvCell(c.header)));
    for (let next = first; !next.done; next = await iterator.next()) {
      if (res.destroyed) return;
      await write(csvRow(columns, next.value));
    }
    out.end();
    await once(res, 'finish');
  } catch (err) {
    out.destroy();
    res.destroy(err instanceof Error ? err : undefined);
    throw err;
  }
}
