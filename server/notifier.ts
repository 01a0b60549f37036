// Runs the notifier: at start-up, whenever the audit log grows (in this
// process), and on a schedule (events other processes wrote, mail due for a
// retry, yesterday's digests). Runs never overlap; a run asked for while one
// is going happens right after it. Failures are logged and retried on the
// next run, never passed to whoever wrote the event.
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { onAuditWritten } from './events.ts';
import { closeMail, configureMail, dispatchDueMail, notifyFromLog, queueDigests } from './services/notifications.ts';

export async function startNotifier(config: Config, logger: Logger): Promise<{ stop(): Promise<void> }> {
  if (!config.NOTIFICATIONS) return { stop: async () => {} };
  const log = logger.child({ component: 'notifier' });
  configureMail(
    { smtpUrl: config.SMTP_URL ?? null, from: config.MAIL_FROM, baseUrl: config.PUBLIC_URL, retryBaseMs: config.MAIL_RETRY_BASE_MS, maxAttempts: config.MAIL_MAX_ATTEMPTS, claimMs: config.MAIL_CLAIM_MS },
    logger,
  );
  if (!config.SMTP_URL) log.info('no SMTP_URL: mail is held in the outbox (myNotifications shows it HELD)');
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const runOnce = async () => {
    await notifyFromLog();
    await queueDigests();
    await dispatchDueMail();
  };
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce()
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'notifier run failed; will retry'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  // The cursor is set before the service listens, so no action's event falls before it.
  await notifyFromLog().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'notifier start failed; will retry'));
  const unsubscribe = onAuditWritten(run);
  run();
  const timer = setInterval(run, config.NOTIFY_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
      closeMail();
    },
  };
}
