// Worker thread that owns one HiGHS (WebAssembly) runtime and solves the MIPs
// posted to it, one at a time. HiGHS blocks while it runs, so it must never
// run on the server's event loop. Started by highs-client.ts.
import { parentPort } from 'node:worker_threads';
import highsImport from 'highs';
import type { Highs, InitOptions } from 'highs';
import type { MipModel } from './mip.ts';

// The package's .d.ts describes a CommonJS module, but an ES import resolves
// to its highs.mjs, whose default export is the loader itself.
const loadHighs = highsImport as unknown as (options?: InitOptions) => Promise<Highs>;

export interface WorkerRequest {
  id: number;
  model: MipModel;
  timeLimitSec: number;
  relGap: number;
  /** Warm start: a feasible assignment of every column. */
  start?: Float64Array;
}

export interface WorkerResponse {
  id: number;
  /** HiGHS model status code (7 optimal, 13 time limit, ...). */
  modelStatus: number;
  hasSolution: boolean;
  objective: number;
  dualBound: number;
  gap: number;
  colValue: Float64Array | null;
  runTimeSec: number;
  nodes: number;
  error?: string;
}

const port = parentPort;
if (!port) throw new Error('highs-worker.ts must run in a worker thread');

const highs = await loadHighs();

function solve(req: WorkerRequest): WorkerResponse {
  const m = req.model;
  const fin = (v: number) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);
  const model = highs.createModel({
    numCols: m.numCols,
    numRows: m.numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: m.colCost,
    colLower: m.colLower.map(fin),
    colUpper: m.colUpper.map(fin),
    rowLower: m.rowLower.map(fin),
    rowUpper: m.rowUpper.map(fin),
    matrix: { format: 'csr', numRows: m.numRows, numCols: m.numCols, starts: m.starts, indices: m.indices, values: m.values },
    integrality: m.integrality,
  });
  try {
    // Fixed seed: the same model gives the same answer run after run.
    model.options.set({ output_flag: false, time_limit: req.timeLimitSec, mip_rel_gap: req.relGap, random_seed: 0 });
    if (req.start) model.setSolution({ colValue: req.start });
    const run = model.run();
    const info = (name: string) => {
      try {
        return Number(model.info.get(name));
      } catch {
        return NaN;
      }
    };
    const hasSolution = info('primal_solution_status') === 2;
    return {
      id: req.id,
      modelStatus: run.modelStatus,
      hasSolution,
      objective: hasSolution ? model.getObjectiveValue() : NaN,
      dualBound: info('mip_dual_bound'),
      gap: info('mip_gap'),
      colValue: hasSolution ? model.getSolution().colValue : null,
      runTimeSec: model.getRunTime(),
      nodes: info('mip_node_count'),
    };
  } finally {
    model.dispose();
  }
}

port.on('message', (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    res = solve(req);
  } catch (err) {
    res = {
      id: req.id,
      modelStatus: -1,
      hasSolution: false,
      objective: NaN,
      dualBound: NaN,
      gap: NaN,
      colValue: null,
      runTimeSec: 0,
      nodes: 0,
      error: err instanceof Error ? err.message : String(err),
    };
  }
  port.postMessage(res, res.colValue ? [res.colValue.buffer as ArrayBuffer] : []);
});

port.postMessage({ ready: true });
