// Parses GOV.UK's bank-holidays.json shape; only England and Wales are used
// (the pool works with English councils). Pure: text in, plain data out.
import { ReferenceDataError } from './reference-data-error.ts';

export interface BankHoliday {
  date: string; // ISO calendar date
  title: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseBankHolidays(json: string, file = 'bank-holidays.json'): BankHoliday[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new ReferenceDataError(file, `not valid JSON: ${(err as Error).message}`);
  }
  const division = (data as Record<string, { events?: unknown }> | null)?.['england-and-wales'];
  if (!division || !Array.isArray(division.events)) {
    throw new ReferenceDataError(file, 'has no "england-and-wales".events array');
  }
  const seen = new Set<string>();
  return division.events.map((e: unknown, i: number) => {
    const ev = e as { date?: unknown; title?: unknown };
    if (typeof ev.date !== 'string' || !ISO_DATE.test(ev.date) || Number.isNaN(Date.parse(ev.date))) {
      throw new ReferenceDataError(file, `event ${i} has no valid date`);
    }
    if (typeof ev.title !== 'string' || !ev.title.trim()) throw new ReferenceDataError(file, `event ${i} has no title`);
    if (seen.has(ev.date)) throw new ReferenceDataError(file, `two events on ${ev.date}`);
    seen.add(ev.date);
    return { date: ev.date, title: ev.title.trim() };
  });
}
