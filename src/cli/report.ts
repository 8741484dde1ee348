/** Output: a text report for people, or (--json) one JSON document on stdout. */

const LABELS: Record<string, string> = { accuracy: 'accuracy', f1Macro: 'F1 macro', rocAuc: 'ROC-AUC', r2: 'R²', rmse: 'RMSE', mae: 'MAE' };

export function metricLabel(k: string): string {
  return LABELS[k] ?? k;
}

export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-4) ? x.toExponential(3) : x.toFixed(digits);
}

/** Prints a report: JSON when `json`, else the text lines. */
export function emit(json: boolean, data: unknown, text: () => string[]): void {
  if (json) process.stdout.write(JSON.stringify(data, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v), 2) + '\n');
  else process.stdout.write(text().join('\n') + '\n');
}

/** Lines "  name  mean ± std" for cross-validated metrics. */
export function cvLines(summary: Record<string, { mean: number; std: number }>): string[] {
  return Object.entries(summary).map(([k, s]) => `  ${metricLabel(k).padEnd(10)} ${fmt(s.mean)} ± ${fmt(s.std)}`);
}

/** Lines "  name  value". */
export function scoreLines(scores: Record<string, number>): string[] {
  return Object.entries(scores).map(([k, v]) => `  ${metricLabel(k).padEnd(10)} ${fmt(v)}`);
}

/** A confusion matrix with row (true) and column (predicted) labels. */
export function matrixLines(m: number[][], labels: string[]): string[] {
  const w = Math.max(6, ...labels.map((l) => l.length), ...m.flat().map((v) => String(v).length)) + 1;
  const head = ' '.repeat(w + 2) + labels.map((l) => l.padStart(w)).join('');
  return ['  confusion matrix (rows: true, columns: predicted)', head, ...m.map((row, i) => `  ${labels[i].padStart(w)}${row.map((v) => String(v).padStart(w)).join('')}`)];
}

/** Progress on stderr (only when stderr is a terminal, so piped output stays clean). */
export function progress(msg: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${msg}`);
}
export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
