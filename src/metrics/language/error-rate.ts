/**
 * Word and character error rates: the Levenshtein alignment of hypothesis to reference counts
 * substitutions S, deletions D and insertions I; the rate is (S + D + I) / N with N the reference
 * length (so it can exceed 1). Over several sentences the edits and lengths are summed first
 * (as jiwer), not the per-sentence rates averaged.
 */
import { ShapeError, ValueError } from '../../tensor/errors.js';

/** Edit counts of an alignment and the resulting rate. */
export interface ErrorCounts { substitutions: number; deletions: number; insertions: number; hits: number; referenceLength: number; rate: number }

/** Counts of one minimal alignment of `hyp` to `ref` (ties prefer hit/substitution, then deletion). */
export function editCounts<T>(ref: readonly T[], hyp: readonly T[]): { substitutions: number; deletions: number; insertions: number; hits: number } {
  const m = ref.length, n = hyp.length;
  const d = Array.from({ length: m + 1 }, (_, i) => { const r = new Int32Array(n + 1); r[0] = i; return r; });
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) d[i][j] = Math.min(d[i - 1][j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1);
  }
  let i = m, j = n, substitutions = 0, deletions = 0, insertions = 0, hits = 0;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i][j] === d[i - 1][j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1)) {
      if (ref[i - 1] === hyp[j - 1]) hits++; else substitutions++;
      i--; j--;
    } else if (i > 0 && d[i][j] === d[i - 1][j] + 1) { deletions++; i--; }
    else { insertions++; j--; }
  }
  return { substitutions, deletions, insertions, hits };
}

function rate<T>(references: string | readonly string[], hypotheses: string | readonly string[], split: (s: string) => T[], fn: string): ErrorCounts {
  const refs = typeof references === 'string' ? [references] : references;
  const hyps = typeof hypotheses === 'string' ? [hypotheses] : hypotheses;
  if (refs.length !== hyps.length) throw new ShapeError(`${fn}: references and hypotheses have different lengths: ${refs.length} and ${hyps.length}`);
  const out = { substitutions: 0, deletions: 0, insertions: 0, hits: 0, referenceLength: 0, rate: 0 };
  refs.forEach((r, i) => {
    if (typeof r !== 'string' || typeof hyps[i] !== 'string') throw new ValueError(`${fn}: references[${i}] and hypotheses[${i}] must be strings`);
    const a = split(r), b = split(hyps[i]);
    const c = editCounts(a, b);
    out.substitutions += c.substitutions; out.deletions += c.deletions; out.insertions += c.insertions; out.hits += c.hits;
    out.referenceLength += a.length;
  });
  if (out.referenceLength === 0) throw new ValueError(`${fn}: the references are empty; the error rate is undefined`);
  out.rate = (out.substitutions + out.deletions + out.insertions) / out.referenceLength;
  return out;
}

const splitWords = (s: string): string[] => s.split(/\s+/).filter((w) => w.length > 0);
// Characters of the whitespace-normalised sentence (single spaces kept, ends trimmed), by code point.
const splitChars = (s: string): string[] => Array.from(splitWords(s).join(' '));

/**
 * Word error rate (S + D + I) / N over whitespace-separated words. One sentence or parallel
 * lists of sentences.
 * @example wordErrorRate('the cat sat on the mat', 'the cat sit on mat') // 2/6
 */
export function wordErrorRate(references: string | readonly string[], hypotheses: string | readonly string[]): number {
  return rate(references, hypotheses, splitWords, 'wordErrorRate').rate;
}

/** Character error rate over characters (spaces between words count; runs of whitespace count as one). */
export function characterErrorRate(references: string | readonly string[], hypotheses: string | readonly string[]): number {
  return rate(references, hypotheses, splitChars, 'characterErrorRate').rate;
}

/** The substitution / deletion / insertion / hit counts behind the word error rate. */
export function wordErrorCounts(references: string | readonly string[], hypotheses: string | readonly string[]): ErrorCounts {
  return rate(references, hypotheses, splitWords, 'wordErrorCounts');
}
