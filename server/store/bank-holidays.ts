// The bank_holidays collection (reference data, keyed by ISO date; a few
// dozen documents). Every booking and capacity view needs them, and they
// change only when the reference data is imported, so they are kept in
// memory: dropped when this process writes them (server/store/changes.ts),
// and read again after an hour in case another process imported new ones.
import { BankHoliday, type BankHolidayDoc } from '../../models/bank-holiday.ts';
import { syncCollection, type Plain } from './sync.ts';
import { onChange } from './changes.ts';

export type { BankHolidayDoc };

const KEEP_MS = 60 * 60_000;
let cached: { value: Promise<BankHolidayDoc[]>; at: number } | null = null;
onChange((c) => {
  if (c.collection === 'bank_holidays') cached = null;
});

function all(): Promise<BankHolidayDoc[]> {
  if (!cached || Date.now() - cached.at > KEEP_MS) {
    const value = BankHoliday.find({}).lean<BankHolidayDoc[]>().then((docs) => docs.sort((a, b) => a._id.localeCompare(b._id)));
    const entry = { value, at: Date.now() };
    value.catch(() => {
      if (cached === entry) cached = null;
    });
    cached = entry;
  }
  return cached.value;
}

/** Forget the copy (tests that switch databases; a new connection). */
export const forgetBankHolidays = () => {
  cached = null;
};

export const bankHolidaysBetween = async (from: string, to: string) => (await all()).filter((h) => h._id >= from && h._id <= to);

export const allBankHolidayDates = async () => (await all()).map((h) => h._id);

export const syncBankHolidays = (docs: Plain[]) => syncCollection(BankHoliday, docs);
