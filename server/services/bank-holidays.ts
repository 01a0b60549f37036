// Use-cases over England and Wales bank holidays.
import { bankHolidaysBetween, type BankHolidayDoc } from '../store/bank-holidays.ts';
import { badInput } from '../errors.ts';

export async function listBankHolidays(from: string, to: string): Promise<BankHolidayDoc[]> {
  if (from > to) throw badInput(['to'], 'must not be before from');
  return bankHolidaysBetween(from, to);
}

/** Just the dates, for the capacity calendar. */
export async function bankHolidayDates(from: string, to: string): Promise<string[]> {
  return (await listBankHolidays(from, to)).map((h) => h._id);
}
