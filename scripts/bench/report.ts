// What the benchmarks print: medians and percentiles of run times, times in
// milliseconds to a sensible precision, and plain-text tables for the console.

/** The median of xs (the mean of the middle two for an even count). */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The p-th quantile (0 to 1) of xs, nearest rank. */
export const pct = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** Milliseconds with two decimals under 10, one under 100, none above. */
export const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

/** A table under a title: the first column left-aligned, the others right-aligned. */
export function table(title: string, head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  console.log(`\n${title}`);
  cells.forEach((r, k) => {
    console.log('  ' + r.map((x, c) => (c === 0 ? x.padEnd(width[c]!) : x.padStart(width[c]!))).join('  ').trimEnd());
    if (k === 0) console.log('  ' + width.map((w) => '-'.repeat(w)).join('  '));
  });
}
