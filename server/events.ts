// In-process news that the audit log grew, for whoever follows it (the
// notifier). Fire-and-forget: a listener's failure is its own and never
// reaches the action that wrote the event.
type Listener = () => void;
const listeners = new Set<Listener>();

export function onAuditWritten(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishAuditWritten(): void {
  for (const l of listeners) {
    try {
      l();
    } catch {
      // a listener's own fault; it logs its own errors
    }
  }
}
