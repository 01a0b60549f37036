// Every model, so start-up can create their indexes in one place.
import { Council } from './council.ts';
import { Skill } from './skill.ts';
import { RoleFamily, Role, RoleLevel } from './role-level.ts';
import { BankHoliday } from './bank-holiday.ts';

export const allModels = [Council, Skill, RoleFamily, Role, RoleLevel, BankHoliday];
