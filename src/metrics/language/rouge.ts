/**
 * ROUGE (Lin, 2004, "ROUGE: A Package for Automatic Evaluation of Summaries"): ROUGE-N (n-gram
 * overlap), ROUGE-L (longest common subsequence, sentence level) and ROUGE-Lsum (union LCS over
 * the sentences of a summary, summary level), each as precision, recall and F-measure. Follows
 * Google's `rouge-score` package: string inputs are lower-cased and split on anything that is not
 * [a-z0-9]; pre-tokenised arrays are used as given; `useStemmer` Porter-stems tokens longer than
 * 3 characters; F is the harmonic mean (beta = 1) unless `beta` is given (Lin's F_lcs weighting).
 */
import { ValueError } from '../../tensor/errors.js';
import { PorterStemmer } from './porter.js';
import { ngramCounts, overlap, total, type Sentence } from './tokens.js';

/** Precision, recall and F-measure of one comparison. */
export interface RougeScore { precision: number; recall: number; fmeasure: number }

/** Options shared by the ROUGE functions. */
export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (rouge-score's use_stemmer). Default false. */
  useStemmer?: boolean;
  /** F = (1 + β²) P R / (R + β² P); default 1 (the harmonic mean, as rouge-score). */
  beta?: number;
}

const stemmer = new PorterStemmer();

/** rouge-score's tokenizer for strings; arrays are taken as tokens. */
export function rougeTokens(s: Sentence, useStemmer = false, name = 'sentence'): string[] {
  let toks: string[];
  if (typeof s === 'string') toks = s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ').filter((t) => t.length > 0);
  else if (Array.isArray(s)) toks = s.map((t, i) => { if (typeof t !== 'string') throw new ValueError(`${name}: token ${i} is not a string`); return t; });
  else throw new ValueError(`${name}: expected a string or an array of tokens`);
  return useStemmer ? toks.map((t) => (t.length > 3 ? stemmer.stem(t) : t)) : toks;
}

function score(hits: number, nPred: number, nTarget: number, beta: number): RougeScore {
  const precision = hits / Math.max(nPred, 1);
  const recall = hits / Math.max(nTarget, 1);
  const b2 = beta * beta;
  const fmeasure = precision + recall > 0 ? ((1 + b2) * precision * recall) / (recall + b2 * precision) : 0;
  return { precision, recall, fmeasure };
}

/**
 * ROUGE-N: clipped n-gram overlap; recall = overlap / reference n-grams, precision = overlap /
 * candidate n-grams.
 * @example rougeN('police kill the gunman', 'police killed the gunman', 2).recall // 1/3
 */
export function rougeN(candidate: Sentence, reference: Sentence, n = 1, options: RougeOptions = {}): RougeScore {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`rougeN: n must be a positive integer, got ${n}`);
  const c = ngramCounts(rougeTokens(candidate, options.useStemmer, 'rougeN: candidate'), n);
  const r = ngramCounts(rougeTokens(reference, options.useStemmer, 'rougeN: reference'), n);
  return score(overlap(r, c), total(c), total(r), options.beta ?? 1);
}

/** The dynamic-programming LCS table [(m+1) × (n+1)] of two token lists. */
function lcsTable(a: readonly string[], b: readonly string[]): Int32Array[] {
  const t = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) t[i][j] = a[i - 1] === b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
  }
  return t;
}

/** Length of the longest common subsequence of two token lists. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  return lcsTable(a, b)[a.length][b.length];
}

/** Indices into `ref` of one LCS with `can` (rouge-score's backtracking order). */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  let i = ref.length, j = can.length;
  const out: number[] = [];
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) { out.unshift(i - 1); i--; j--; }
    else if (t[i][j - 1] > t[i - 1][j]) j--;
    else i--;
  }
  return out;
}

/**
 * ROUGE-L (sentence level): recall = LCS / reference length, precision = LCS / candidate length.
 * @example rougeL('police kill the gunman', 'police killed the gunman').fmeasure // 0.75
 */
export function rougeL(candidate: Sentence, reference: Sentence, options: RougeOptions = {}): RougeScore {
  const c = rougeTokens(candidate, options.useStemmer, 'rougeL: candidate');
  const r = rougeTokens(reference, options.useStemmer, 'rougeL: reference');
  if (c.length === 0 || r.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  return score(lcsLength(r, c), c.length, r.length, options.beta ?? 1);
}

/** Sentences of a summary: a string split on newlines (rouge-score's convention) or an array of sentences. */
function sentences(s: string | readonly Sentence[], useStemmer: boolean | undefined, name: string): string[][] {
  const list: readonly Sentence[] = typeof s === 'string' ? s.split('\n') : s;
  return list.map((x, i) => rougeTokens(x, useStemmer, `${name}[${i}]`)).filter((t) => t.length > 0);
}

/**
 * ROUGE-Lsum (summary level, Lin 2004 §3.2): for each reference sentence, the union of its LCS
 * tokens with every candidate sentence, counted without reusing a token more often than it occurs
 * in either summary (as rouge-score). Summaries are strings with one sentence per line, or arrays
 * of sentences.
 */
export function rougeLsum(candidate: string | readonly Sentence[], reference: string | readonly Sentence[], options: RougeOptions = {}): RougeScore {
  const cs = sentences(candidate, options.useStemmer, 'rougeLsum: candidate');
  const rs = sentences(reference, options.useStemmer, 'rougeLsum: reference');
  const m = rs.reduce((a, s) => a + s.length, 0), n = cs.reduce((a, s) => a + s.length, 0);
  if (m === 0 || n === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const cntR = new Map<string, number>(), cntC = new Map<string, number>();
  for (const s of rs) for (const t of s) cntR.set(t, (cntR.get(t) ?? 0) + 1);
  for (const s of cs) for (const t of s) cntC.set(t, (cntC.get(t) ?? 0) + 1);
  let hits = 0;
  for (const r of rs) {
    const union = new Set<number>();
    for (const c of cs) for (const i of lcsIndices(r, c)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const t = r[i];
      if ((cntC.get(t) ?? 0) > 0 && (cntR.get(t) ?? 0) > 0) { hits++; cntC.set(t, (cntC.get(t) as number) - 1); cntR.set(t, (cntR.get(t) as number) - 1); }
    }
  }
  return score(hits, n, m, options.beta ?? 1);
}
