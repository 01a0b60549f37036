// Checks a central contract proposal, pure: first on its own (dates, half-day
// steps), then against the practitioner and pool it names. Each failure is a
// BAD_USER_INPUT naming the field.
import { badInput, type FieldPath } from '../errors.ts';
import { isValidIsoDate } from '../calendar/iso-week.ts';

export interface ContractProposal {
  practitionerId: string;
  poolId: string;
  daysPerWeek: number;
  start: string;
  end: string;
  recallNoticeWeeks?: number | null;
  guaranteedReleaseDays?: number | null;
}

export interface CheckedProposal {
  practitionerId: string;
  poolId: string;
  daysPerWeek: number;
  start: string;
  end: string;
  recallNoticeWeeks: number;
  guaranteedReleaseDays: number;
}

export const DEFAULT_RECALL_NOTICE_WEEKS = 4;
const MAX_RECALL_NOTICE_WEEKS = 52;
const isHalfDays = (n: number) => Number.isFinite(n) && Number.isInteger(n * 2);

export function checkProposal(input: ContractProposal, path: FieldPath = ['input']): CheckedProposal {
  const at = (k: string) => [...path, k];
  if (!/^[0-9a-f]{24}$/i.test(input.practitionerId)) throw badInput(at('practitionerId'), 'is not a practitioner id');
  if (!input.poolId) throw badInput(at('poolId'), 'must not be empty');
  if (!isHalfDays(input.daysPerWeek) || input.daysPerWeek <= 0 || input.daysPerWeek > 7) {
    throw badInput(at('daysPerWeek'), 'must be more than 0, at most 7, in half-day steps (0.5, 1, 1.5, ...)');
  }
  if (!isValidIsoDate(input.start)) throw badInput(at('start'), 'must be a calendar date YYYY-MM-DD');
  if (!isValidIsoDate(input.end)) throw badInput(at('end'), 'must be a calendar date YYYY-MM-DD');
  if (input.end < input.start) throw badInput(at('end'), 'must not be before start');
  const recallNoticeWeeks = input.recallNoticeWeeks ?? DEFAULT_RECALL_NOTICE_WEEKS;
  if (!Number.isInteger(recallNoticeWeeks) || recallNoticeWeeks < 0 || recallNoticeWeeks > MAX_RECALL_NOTICE_WEEKS) {
    throw badInput(at('recallNoticeWeeks'), `must be a whole number of weeks from 0 to ${MAX_RECALL_NOTICE_WEEKS}`);
  }
  const guaranteedReleaseDays = input.guaranteedReleaseDays ?? 0;
  if (!isHalfDays(guaranteedReleaseDays) || guaranteedReleaseDays < 0) {
    throw badInput(at('guaranteedReleaseDays'), 'must be 0 or more, in half-day steps');
  }
  return {
    practitionerId: input.practitionerId.toLowerCase(),
    poolId: input.poolId,
    daysPerWeek: input.daysPerWeek,
    start: input.start,
    end: input.end,
    recallNoticeWeeks,
    guaranteedReleaseDays,
  };
}

/**
 * Against the practitioner: the pool's share and the days the home council
 * keeps must fit in the days the person works, and the pool's footprint must
 * include their home council.
 */
export function checkProposalFits(
  p: CheckedProposal,
  practitioner: { homeCouncilId: string; patternDays: number },
  poolFootprint: readonly string[],
  path: FieldPath = ['input'],
): void {
  if (!poolFootprint.includes(practitioner.homeCouncilId)) {
    // Not named: a lead may propose by id for someone whose profile (and home council) they may not read.
    throw badInput([...path, 'poolId'], "the practitioner's home council is not in this pool's footprint");
  }
  if (p.daysPerWeek > practitioner.patternDays) {
    throw badInput([...path, 'daysPerWeek'], `must be at most the ${practitioner.patternDays} days a week the practitioner works`);
  }
  if (p.daysPerWeek + p.guaranteedReleaseDays > practitioner.patternDays) {
    throw badInput(
      [...path, 'guaranteedReleaseDays'],
      `with ${p.daysPerWeek} days for the pool, at most ${practitioner.patternDays - p.daysPerWeek} days are left for the home council to keep`,
    );
  }
}
