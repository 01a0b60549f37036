// Runs the booking reconciler at start-up and then on a schedule, so claims
// left by a crash half-way through a booking are given back; then the
// agreement reconciler, which finishes settlements a crash interrupted.
import type { Logger } from './logger.ts';
import { reconcileBookings } from './services/bookings.ts';
import { reconcileAgreements } from './services/agreements.ts';

export function startReconciler(opts: { intervalMs: number; staleMs: number; logger: Logger }): { stop(): Promise<void> } {
  const log = opts.logger.child({ component: 'reconciler' });
  let running: Promise<void> = Promise.resolve();
  const runOnce = () => {
    running = reconcileBookings(opts.staleMs)
      .then((r) => {
        if (r.abandonedBookings || r.finishedClosings) log.warn(r, 'finished bookings an interrupted request left half-made');
      })
      .then(() => reconcileAgreements(opts.staleMs))
      .then((r) => {
        if (r.settled || r.finished || r.released) log.warn(r, 'finished agreement settlements left by an interrupted request');
      })
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'reconciler run failed; will retry'));
    return running;
  };
  void runOnce();
  const timer = opts.intervalMs > 0 ? setInterval(() => void runOnce(), opts.intervalMs) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
