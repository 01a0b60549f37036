// Use-cases over England and Wales bank holidays.
import { BankHoliday, type BankHolidayDoc } from '../../models/bank-holiday.ts';
import { badInput } from '../errors.ts';

export async function listBankHolidays(from: string, to: string): Promise<BankHolidayDoc[]> {
  if (from > to) throw badInput(['to'], 'must not be before from');
  return BankHoliday.find({ _id: { $gte: from, $lte: to } }).sort({ _id: 1 }).lean<BankHolidayDoc[]>();
}

/** Just the dates, for the capacity calendar. */
export async function bankHolidayDates(from: string, to: string): Promise<string[]> {
  return (await listBankHolidays(from, to)).map((h) => h._id);
}
