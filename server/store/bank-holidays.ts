// The bank_holidays collection (reference data, keyed by ISO date; a few
// dozen documents). Every booking and capacity view needs them: kept in
// memory (server/store/reference-copy.ts).
import { BankHoliday, type BankHolidayDoc } from '../../models/bank-holiday.ts';
import { syncCollection, type Plain } from './sync.ts';
import { referenceCopy } from './reference-copy.ts';

export type { BankHolidayDoc };

const copy = referenceCopy<BankHolidayDoc>(BankHoliday);
const all = () => copy.all();

export const bankHolidaysBetween = async (from: string, to: string) => (await all()).filter((h) => h._id >= from && h._id <= to);

export const allBankHolidayDates = async () => (await all()).map((h) => h._id);

export const syncBankHolidays = (docs: Plain[]) => syncCollection(BankHoliday, docs);
