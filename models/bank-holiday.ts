// England and Wales bank holidays (GOV.UK), keyed by date; the capacity
// calendar takes them off working days.
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const bankHolidaySchema = new Schema(
  {
    _id: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ }, // ISO date
    title: { type: String, required: true },
  },
  { versionKey: false, collection: 'bank_holidays' },
);

export type BankHolidayDoc = InferSchemaType<typeof bankHolidaySchema> & { _id: string };
export const BankHoliday = mongoose.model('BankHoliday', bankHolidaySchema);
