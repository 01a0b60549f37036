// The process's one HiGHS worker for programme plans: started on first use
// (loading HiGHS takes a moment, and most processes never plan), restarted if
// it has closed (a watchdog terminates a worker that overruns its time limit),
// and stopped with the service (server/main.ts). Solves queue on it one at a
// time, which also keeps a burst of plans from starving the request loop.
import { HighsSolver } from '../matching/index.ts';

let solver: Promise<HighsSolver> | null = null;

export function highsSolver(): Promise<HighsSolver> {
  const current = solver;
  if (!current) {
    const started = HighsSolver.start();
    solver = started;
    started.catch(() => {
      if (solver === started) solver = null;
    });
    return started;
  }
  return current.then((s) => {
    if (!s.isClosed) return s;
    if (solver === current) solver = null; // the first caller to notice restarts it
    return highsSolver();
  });
}

export async function stopHighsSolver(): Promise<void> {
  const current = solver;
  solver = null;
  const s = current && (await current.catch(() => null));
  await s?.close();
}
