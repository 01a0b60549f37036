// The bank_holidays collection (reference data, keyed by ISO date; a few
// dozen documents, so FerretDB's evaluation of the range costs nothing).
import { BankHoliday, type BankHolidayDoc } from '../../models/bank-holiday.ts';
import { syncCollection, type Plain } from './sync.ts';

export type { BankHolidayDoc };

export const bankHolidaysBetween = (from: string, to: string) => BankHoliday.find({ _id: { $gte: from, $lte: to } }).sort({ _id: 1 }).lean<BankHolidayDoc[]>();

export const allBankHolidayDates = async () => (await BankHoliday.find({}, { _id: 1 }).lean<{ _id: string }[]>()).map((h) => h._id).sort();

export const syncBankHolidays = (docs: Plain[]) => syncCollection(BankHoliday, docs);
