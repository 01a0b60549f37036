// A tiny sparse MIP builder producing the structured arrays HiGHS accepts
// (rows in CSR). Plain typed arrays so a model can be posted to the solver
// worker without copying (they are transferable).

export interface MipModel {
  /** Maximise colCost·x. */
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSR: row i occupies starts[i]..starts[i+1] of indices/values. */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** 1 = integer, 0 = continuous. */
  integrality: Int32Array;
}

export class MipBuilder {
  private cost: number[] = [];
  private lower: number[] = [];
  private upper: number[] = [];
  private integer: number[] = [];
  private rLower: number[] = [];
  private rUpper: number[] = [];
  private starts: number[] = [0];
  private idx: number[] = [];
  private val: number[] = [];

  get numCols(): number {
    return this.cost.length;
  }
  get numRows(): number {
    return this.rLower.length;
  }

  addCol(cost: number, lower: number, upper: number, integer: boolean): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  /** lower <= Σ values[k]·x[indices[k]] <= upper; indices must be distinct. */
  addRow(lower: number, upper: number, indices: readonly number[], values: readonly number[]): number {
    for (let k = 0; k < indices.length; k++) {
      this.idx.push(indices[k]!);
      this.val.push(values[k]!);
    }
    this.starts.push(this.idx.length);
    this.rLower.push(lower);
    this.rUpper.push(upper);
    return this.rLower.length - 1;
  }

  build(): MipModel {
    return {
      numCols: this.cost.length,
      numRows: this.rLower.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      rowLower: Float64Array.from(this.rLower),
      rowUpper: Float64Array.from(this.rUpper),
      starts: Int32Array.from(this.starts),
      indices: Int32Array.from(this.idx),
      values: Float64Array.from(this.val),
      integrality: Int32Array.from(this.integer),
    };
  }
}

/** Objective of `x` under `model` (for checking a solver's answer). */
export function mipObjective(model: MipModel, x: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < model.numCols; j++) s += model.colCost[j]! * (x[j] ?? 0);
  return s;
}

/** Largest violation of any row or bound by `x` (0 when feasible). */
export function mipViolation(model: MipModel, x: ArrayLike<number>): number {
  let worst = 0;
  for (let j = 0; j < model.numCols; j++) {
    const v = x[j] ?? 0;
    worst = Math.max(worst, model.colLower[j]! - v, v - model.colUpper[j]!);
  }
  for (let i = 0; i < model.numRows; i++) {
    let a = 0;
    for (let k = model.starts[i]!; k < model.starts[i + 1]!; k++) a += model.values[k]! * (x[model.indices[k]!] ?? 0);
    worst = Math.max(worst, model.rowLower[i]! - a, a - model.rowUpper[i]!);
  }
  return worst;
}

/** A column that books `practitioner` onto `slot`'s weeks. */
export interface BookingColumn {
  col: number;
  fromWeek: number;
  toWeek: number;
  unitsPerWeek: number;
}

/**
 * Capacity rows for one practitioner: Σ units·x <= free in every week. Weeks
 * are merged into segments where the same columns are active (the tightest
 * week of a segment binds), and a row is only added where the columns could
 * actually over-book: each column alone is already a full fit.
 */
export function addCapacityRows(b: MipBuilder, freeUnits: readonly number[], cols: readonly BookingColumn[]): void {
  if (cols.length < 2) return;
  const cuts = [...new Set(cols.flatMap((c) => [c.fromWeek, c.toWeek + 1]))].sort((x, y) => x - y);
  const rows = new Map<string, { rhs: number; idx: number[]; val: number[] }>();
  for (let s = 0; s + 1 < cuts.length; s++) {
    const a = cuts[s]!;
    const end = cuts[s + 1]!;
    const active = cols.filter((c) => c.fromWeek <= a && a <= c.toWeek);
    if (active.length < 2) continue;
    let rhs = Infinity;
    for (let w = a; w < end; w++) rhs = Math.min(rhs, freeUnits[w] ?? 0);
    let demand = 0;
    for (const c of active) demand += c.unitsPerWeek;
    if (demand <= rhs) continue;
    const key = active.map((c) => c.col).join(',');
    const prev = rows.get(key);
    if (!prev || rhs < prev.rhs) rows.set(key, { rhs, idx: active.map((c) => c.col), val: active.map((c) => c.unitsPerWeek) });
  }
  for (const r of rows.values()) b.addRow(-Infinity, r.rhs, r.idx, r.val);
}
