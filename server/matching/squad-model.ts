// The squad proposal written as a MIP, solved by HiGHS to check that the
// branch-and-bound of squad.ts reaches the true optimum (benchmark, tests).
// Same objective: Σ score + development pairing + councilSpread × distinct
// home councils, over ALL full fits (no shortlist).
import { addCapacityRows, MipBuilder } from './mip.ts';
import type { BookingColumn, MipModel } from './mip.ts';
import { prepare } from './plan.ts';
import type { PlanOptions } from './plan.ts';
import { scoreSlot } from './rank.ts';
import type { Pool } from './rank.ts';
import { canMentor, isJuniorFor, scoreCandidate, scoringContext } from './scoring.ts';
import type { MatchContext, Practitioner, Slot } from './types.ts';

export interface SquadModel {
  model: MipModel;
  /** Constant part of the objective (fixed members). */
  offset: number;
  /** The (slot index, practitioner) of each assignment column. */
  columns: { slot: number; p: Practitioner }[];
}

export function buildSquadModel(slots: readonly Slot[], pool: Pool, ctx: MatchContext, opts: PlanOptions = {}): SquadModel {
  const sc = scoringContext(ctx);
  const spread = ctx.weights.councilSpread;
  const wd = ctx.weights.development;
  const prep = prepare(slots, pool, ctx, opts);
  const b = new MipBuilder();
  const columns: { slot: number; p: Practitioner }[] = [];
  const byPerson = new Map<string, { p: Practitioner; cols: BookingColumn[] }>();
  const byCouncil = new Map<string, number[]>();
  slots.forEach((s, i) => {
    if (prep.open[i] === 0) return;
    const fixedIds = new Set(prep.fixed[i]!.map((p) => p.id));
    const cols: number[] = [];
    for (const c of scoreSlot(s, prep.pool, sc).full) {
      if (fixedIds.has(c.p.id)) continue;
      const col = b.addCol(c.score, 0, 1, true);
      columns.push({ slot: i, p: c.p });
      cols.push(col);
      const e = byPerson.get(c.p.id) ?? { p: c.p, cols: [] };
      e.cols.push({ col, fromWeek: s.fromWeek, toWeek: s.toWeek, unitsPerWeek: s.unitsPerWeek });
      byPerson.set(c.p.id, e);
      byCouncil.set(c.p.homeCouncil, [...(byCouncil.get(c.p.homeCouncil) ?? []), col]);
    }
    if (cols.length > prep.open[i]!) b.addRow(-Infinity, prep.open[i]!, cols, cols.map(() => 1));
  });
  for (const { p, cols } of byPerson.values()) addCapacityRows(b, p.freeUnits, cols);

  const fixed = prep.fixed.flatMap((ps, slot) => ps.map((p) => ({ slot, p })));
  let offset = fixed.reduce((s, m) => s + scoreCandidate(m.p, slots[m.slot]!, sc).score, 0);
  const fixedCouncils = new Set(fixed.map((m) => m.p.homeCouncil));
  offset += spread * fixedCouncils.size;
  if (spread > 0) {
    for (const [council, cols] of byCouncil) {
      if (fixedCouncils.has(council)) continue;
      const u = b.addCol(spread, 0, 1, false);
      b.addRow(-Infinity, 0, [u, ...cols], [1, ...cols.map(() => -1)]);
    }
  }
  if (wd > 0) {
    const ncols = columns.length;
    const mentorCols = (junior: Practitioner) => {
      const out: number[] = [];
      for (let j = 0; j < ncols; j++) if (columns[j]!.p.id !== junior.id && canMentor(columns[j]!.p, junior)) out.push(j);
      return out;
    };
    const fixedMentor = (junior: Practitioner) => fixed.some((m) => m.p.id !== junior.id && canMentor(m.p, junior));
    for (let j = 0; j < ncols; j++) {
      const { slot, p } = columns[j]!;
      if (!isJuniorFor(p, slots[slot]!)) continue;
      if (fixedMentor(p)) {
        // cost of column j is its score; a certain mentor adds the bonus to it
        const y = b.addCol(wd, 0, 1, false);
        b.addRow(-Infinity, 0, [y, j], [1, -1]);
        continue;
      }
      const ms = mentorCols(p);
      if (!ms.length) continue;
      const y = b.addCol(wd, 0, 1, false);
      b.addRow(-Infinity, 0, [y, j], [1, -1]);
      b.addRow(-Infinity, 0, [y, ...ms], [1, ...ms.map(() => -1)]);
    }
    for (const m of fixed) {
      if (!isJuniorFor(m.p, slots[m.slot]!)) continue;
      if (fixedMentor(m.p)) {
        offset += wd;
        continue;
      }
      const ms = mentorCols(m.p);
      if (!ms.length) continue;
      const z = b.addCol(wd, 0, 1, false);
      b.addRow(-Infinity, 0, [z, ...ms], [1, ...ms.map(() => -1)]);
    }
  }
  return { model: b.build(), offset, columns };
}
