// Main-thread side of the HiGHS worker: start it, post a model, get the
// answer back as a promise. A watchdog terminates a worker that overruns its
// time limit (HiGHS checks the limit itself, but a stuck solve must never
// hold a request forever).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MipModel } from './mip.ts';
import type { WorkerRequest, WorkerResponse } from './highs-worker.ts';

export type MipStatus = 'optimal' | 'time_limit' | 'infeasible' | 'other' | 'error';

export interface MipResult {
  status: MipStatus;
  /** HiGHS's own model status code. */
  modelStatus: number;
  hasSolution: boolean;
  /** Objective of the incumbent (maximisation); NaN without one. */
  objective: number;
  /** Proven upper bound on the optimum; NaN when unknown. */
  bound: number;
  colValue: Float64Array | null;
  timeMs: number;
  nodes: number;
  message?: string;
}

export interface MipSolveOptions {
  timeLimitMs: number;
  /** Stop when the relative gap is at most this (HiGHS mip_rel_gap). Default 1e-4. */
  relGap?: number;
  /** A feasible solution to start from. */
  start?: Float64Array;
}

// Under tsx the worker is a .ts file, which Node cannot load by itself in a
// worker (`--import tsx` in execArgv is not honoured for the worker's entry on
// Node 20), so a one-line bootstrap loads it through tsx's API. A build to .js
// needs no bootstrap.
const selfIsTs = import.meta.url.endsWith('.ts');
const workerUrl = new URL(selfIsTs ? './highs-worker.ts' : './highs-worker.js', import.meta.url);

function spawnWorker(): Worker {
  if (!selfIsTs) return new Worker(workerUrl);
  const src =
    `import(${JSON.stringify(tsxEsmApi())}).then(({ tsImport }) => ` +
    `tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(src, { eval: true });
}

/**
 * URL of tsx's ES-module API. Not import.meta.resolve: under mocha, tsx may
 * load this file as CommonJS where only import.meta.url exists; and not the
 * CommonJS build of the API, which cannot load its ESM half from a worker.
 */
function tsxEsmApi(): string {
  const req = createRequire(import.meta.url);
  const pkgPath = req.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
}

const STATUS: Record<number, MipStatus> = { 7: 'optimal', 8: 'infeasible', 13: 'time_limit', 17: 'time_limit' };

/** One HiGHS worker; solves run one after another. Call close() when done. */
export class HighsSolver {
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private worker: Worker) {}

  static start(): Promise<HighsSolver> {
    const worker = spawnWorker();
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      worker.once('error', onError);
      worker.once('message', (msg: { ready?: boolean }) => {
        worker.off('error', onError);
        if (msg.ready) resolve(new HighsSolver(worker));
        else reject(new Error('HiGHS worker did not start'));
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  solve(model: MipModel, opts: MipSolveOptions): Promise<MipResult> {
    const run = this.queue.then(() => this.solveNow(model, opts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private solveNow(model: MipModel, opts: MipSolveOptions): Promise<MipResult> {
    const t0 = performance.now();
    const failed = (message: string): MipResult => ({
      status: 'error',
      modelStatus: -1,
      hasSolution: false,
      objective: NaN,
      bound: NaN,
      colValue: null,
      timeMs: performance.now() - t0,
      nodes: 0,
      message,
    });
    if (this.closed) return Promise.resolve(failed('solver is closed'));
    if (model.numCols === 0) {
      // Nothing to decide (HiGHS would call the model "empty"): optimum 0.
      return Promise.resolve({ status: 'optimal', modelStatus: 7, hasSolution: true, objective: 0, bound: 0, colValue: new Float64Array(0), timeMs: 0, nodes: 0 });
    }
    const id = this.nextId++;
    const req: WorkerRequest = {
      id,
      model,
      timeLimitSec: Math.max(0.05, opts.timeLimitMs / 1000),
      relGap: opts.relGap ?? 1e-4,
      start: opts.start,
    };
    return new Promise((resolve) => {
      const graceMs = Math.max(5000, opts.timeLimitMs * 0.5);
      const timer = setTimeout(() => {
        cleanup();
        this.closed = true;
        void this.worker.terminate();
        resolve(failed(`HiGHS did not answer within ${Math.round(opts.timeLimitMs + graceMs)} ms; worker terminated`));
      }, opts.timeLimitMs + graceMs);
      const onMessage = (res: WorkerResponse) => {
        if (res.id !== id) return;
        cleanup();
        if (res.error) return resolve(failed(res.error));
        resolve({
          status: STATUS[res.modelStatus] ?? 'other',
          modelStatus: res.modelStatus,
          hasSolution: res.hasSolution,
          objective: res.objective,
          bound: res.dualBound,
          colValue: res.colValue,
          timeMs: performance.now() - t0,
          nodes: res.nodes,
        });
      };
      const onError = (err: Error) => {
        cleanup();
        this.closed = true;
        resolve(failed(`HiGHS worker failed: ${err.message}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue; // let queued solves finish first
    this.closed = true;
    await this.worker.terminate();
  }
}

/** Start a worker, solve one model, stop the worker. */
export async function solveMip(model: MipModel, opts: MipSolveOptions): Promise<MipResult> {
  const solver = await HighsSolver.start();
  try {
    return await solver.solve(model, opts);
  } finally {
    await solver.close();
  }
}
