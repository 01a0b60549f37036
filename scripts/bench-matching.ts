// Matching engine benchmarks on seeded instances built from the DDaT data
// (see scripts/bench/generate.ts). Prints, per scenario, the median time over
// several runs and the objective, with ratios against the plain greedy
// baseline and against HiGHS's optimum or proven bound.
//
//   npx tsx scripts/bench-matching.ts          full run (several minutes)
//   npx tsx scripts/bench-matching.ts --quick  short run
//
// Times are engine times in this process (no database); HiGHS runs in a
// worker thread, and its time is included in the programme plan's.
import { generatePool, generateProgramme, generateProject, generateContext, loadReference, mulberry32 } from './bench/generate.ts';
import { HighsSolver } from '../server/matching/highs-client.ts';
import { verifyPlan } from '../server/matching/plan.ts';
import { greedyBaseline, planProgramme, programmeHeuristic } from '../server/matching/programme.ts';
import { indexPractitioners, rankCandidates } from '../server/matching/rank.ts';
import { proposeSquad } from '../server/matching/squad.ts';
import { buildSquadModel } from '../server/matching/squad-model.ts';
import type { Plan } from '../server/matching/types.ts';

const quick = process.argv.includes('--quick');
const ref = loadReference();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

function table(title: string, head: string[], rows: (string | number)[][]) {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  console.log(`\n${title}`);
  cells.forEach((r, k) => {
    console.log('  ' + r.map((x, c) => (c === 0 ? x.padEnd(width[c]!) : x.padStart(width[c]!))).join('  '));
    if (k === 0) console.log('  ' + width.map((w) => '-'.repeat(w)).join('  '));
  });
}

function assertSound(plan: Plan, inst: Parameters<typeof verifyPlan>, label: string) {
  const problems = verifyPlan(plan, inst[1], inst[2], inst[3]);
  if (problems.length) throw new Error(`${label}: plan breaks the rules: ${problems.slice(0, 3).join('; ')}`);
}

// ---- 1. ranking --------------------------------------------------------------
function benchRanking(sizes: number[]) {
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const rng = mulberry32(1000 + n);
    const pool = generatePool(ref, rng, n, { projectIds: ['proj0'] });
    const ctx = generateContext(ref, rng);
    const slots = Array.from({ length: 10 }, (_, k) => generateProject(ref, mulberry32(50 + k), 'proj0', 1)[0]!);
    const t0 = performance.now();
    const idx = indexPractitioners(pool);
    const indexMs = performance.now() - t0;
    for (const s of slots) rankCandidates(s, idx, ctx, { limit: 50 }); // warm up the JIT
    const runs = quick ? 5 : 21;
    const withIndex: number[] = [];
    const plain: number[] = [];
    let eligible = 0;
    let top = 0;
    for (const s of slots) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < runs; r++) {
        let t = performance.now();
        const res = rankCandidates(s, idx, ctx, { limit: 50 });
        a.push(performance.now() - t);
        t = performance.now();
        rankCandidates(s, pool, ctx, { limit: 50 });
        b.push(performance.now() - t);
        if (r === 0) {
          eligible += res.eligibleCount;
          top += res.candidates[0]?.score ?? 0;
        }
      }
      withIndex.push(median(a));
      plain.push(median(b));
    }
    rows.push([n, ms(median(withIndex)), ms(pct(withIndex, 0.9)), ms(median(plain)), ms(indexMs), (eligible / slots.length).toFixed(0), (top / slots.length).toFixed(3)]);
  }
  table(
    'Ranking one slot (10 slots, median of runs per slot; target <= 5 ms at 10,000)',
    ['practitioners', 'median ms', 'p90 ms', 'no-index ms', 'index build ms', 'eligible/slot', 'top score'],
    rows,
  );
}

// ---- 2. squad proposals ------------------------------------------------------
async function benchSquads(solver: HighsSolver) {
  const instances = quick ? 20 : 100;
  const runs = quick ? 3 : 5;
  const times: number[] = [];
  let equal = 0;
  let proven = 0;
  let worst = 0;
  const objectives: number[] = [];
  const highsMs: number[] = [];
  for (let k = 0; k < instances; k++) {
    const rng = mulberry32(7000 + k);
    const pool = indexPractitioners(generatePool(ref, rng, 10_000, { projectIds: ['proj0'] }));
    const ctx = generateContext(ref, rng);
    const slots = generateProject(ref, rng, 'proj0', 8);
    let plan: Plan | undefined;
    const t: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      plan = proposeSquad(slots, pool, ctx);
      t.push(performance.now() - t0);
    }
    times.push(median(t));
    objectives.push(plan!.objective);
    if (plan!.solver.status === 'optimal') proven++;
    assertSound(plan!, [plan!, slots, pool.all, ctx], `squad ${k}`);
    const m = buildSquadModel(slots, pool, ctx);
    const res = await solver.solve(m.model, { timeLimitMs: 60_000, relGap: 1e-9 });
    highsMs.push(res.timeMs);
    const opt = res.objective + m.offset;
    const diff = Math.abs(opt - plan!.objective) / Math.max(1, Math.abs(opt));
    worst = Math.max(worst, (opt - plan!.objective) / Math.max(1, Math.abs(opt)));
    if (res.status === 'optimal' && diff <= 1e-6) equal++;
  }
  table(
    `Squad proposal, 8-slot project from 10,000 practitioners (${instances} seeded instances, median of ${runs} runs each; target <= 50 ms, >= 95% optimal)`,
    ['instances', 'median ms', 'p90 ms', 'max ms', 'mean objective', '= HiGHS optimum', 'proven by B&B', 'worst shortfall', 'HiGHS median ms'],
    [
      [
        instances,
        ms(median(times)),
        ms(pct(times, 0.9)),
        ms(Math.max(...times)),
        (objectives.reduce((a, b) => a + b, 0) / instances).toFixed(3),
        `${equal}/${instances} (${((100 * equal) / instances).toFixed(0)}%)`,
        `${proven}/${instances}`,
        worst.toExponential(1),
        ms(median(highsMs)),
      ],
    ],
  );
}

// ---- 3 & 4. programme plans --------------------------------------------------
interface ProgrammeRow {
  slots: number;
  practitioners: number;
  limitS: number;
  runs: number;
}

async function benchProgramme(title: string, sizes: ProgrammeRow[], solver: HighsSolver) {
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    const projects = Math.round(size.slots / 4);
    const inst = generateProgramme(424242 + size.slots, { practitioners: size.practitioners, projects, slots: size.slots, horizon: 26 });
    const pool = indexPractitioners(inst.practitioners);
    const args = (plan: Plan): Parameters<typeof verifyPlan> => [plan, inst.slots, inst.practitioners, inst.ctx];

    const gT: number[] = [];
    let greedy: Plan | undefined;
    for (let r = 0; r < Math.max(3, size.runs); r++) {
      const t0 = performance.now();
      greedy = greedyBaseline(inst.slots, pool, inst.ctx);
      gT.push(performance.now() - t0);
    }
    const hT: number[] = [];
    let heur: Plan | undefined;
    for (let r = 0; r < Math.max(3, size.runs); r++) {
      const t0 = performance.now();
      heur = programmeHeuristic(inst.slots, pool, inst.ctx);
      hT.push(performance.now() - t0);
    }
    const pT: number[] = [];
    let plan: Plan | undefined;
    for (let r = 0; r < size.runs; r++) {
      const t0 = performance.now();
      plan = await planProgramme(inst.slots, pool, inst.ctx, { timeLimitMs: size.limitS * 1000, solver });
      pT.push(performance.now() - t0);
    }
    for (const [p, label] of [
      [greedy!, 'greedy'],
      [heur!, 'heuristic'],
      [plan!, 'plan'],
    ] as const) {
      assertSound(p, args(p), `${label} ${size.slots}`);
    }
    const bound = plan!.solver.bound ?? NaN;
    rows.push([
      `${size.slots}/${projects}/${size.practitioners}`,
      `${size.limitS}s`,
      ms(median(pT)),
      plan!.objective.toFixed(2),
      `${plan!.solver.method}/${plan!.solver.status}`,
      bound.toFixed(2),
      plan!.solver.gap === null ? '-' : `${(100 * plan!.solver.gap).toFixed(3)}%`,
      ms(median(hT)),
      (heur!.objective / bound).toFixed(4),
      ms(median(gT)),
      greedy!.objective.toFixed(2),
      (plan!.objective / greedy!.objective).toFixed(4),
      `${plan!.unfilled.length}/${greedy!.unfilled.length}`,
    ]);
  }
  table(title, ['slots/projects/people', 'limit', 'plan ms', 'objective', 'method', 'HiGHS bound', 'gap', 'heur ms', 'heur/bound', 'greedy ms', 'greedy obj', 'plan/greedy', 'unfilled plan/greedy'], rows);
}

const started = performance.now();
console.log(`Matching engine benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, seeded instances from the DDaT data, 26-week horizon`);
const solver = await HighsSolver.start();
try {
  benchRanking(quick ? [1_000, 10_000] : [1_000, 10_000, 50_000]);
  await benchSquads(solver);
  await benchProgramme(
    'Programme plan, 200 slots over 50 projects, 2,000 practitioners, 26 weeks (target: within 1% of HiGHS bound, <= 10 s)',
    [{ slots: 200, practitioners: 2000, limitS: 10, runs: quick ? 1 : 3 }],
    solver,
  );
  await benchProgramme(
    'Programme plan scaling (practitioners = 10 x slots; time limit 10 s, 60 s at 1,000 slots)',
    quick
      ? [{ slots: 50, practitioners: 500, limitS: 10, runs: 1 }]
      : [
          { slots: 50, practitioners: 500, limitS: 10, runs: 3 },
          { slots: 200, practitioners: 2000, limitS: 10, runs: 1 },
          { slots: 1000, practitioners: 10_000, limitS: 60, runs: 1 },
        ],
    solver,
  );
} finally {
  await solver.close();
}
console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
