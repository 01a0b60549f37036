// Waiting for work the service does in the background (fan-out, mail): poll,
// bounded, so a test asserts what happens without asserting how fast.

/** Wait (bounded) until `probe` gives something truthy, and return it. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false | 0>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
