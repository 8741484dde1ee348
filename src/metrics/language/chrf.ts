/**
 * chrF and chrF++ (Popović, 2015 and 2017): the F-score of character n-grams (orders 1..6, spaces
 * removed) and, for chrF++, word n-grams (orders 1..2), with precision and recall averaged over
 * the orders and β = 2 (recall weighted more). Follows sacrebleu's CHRF (default, non-eps-smoothed
 * variant), including its score scale of 0-100, its punctuation splitting for word n-grams and
 * its choice of the best-scoring reference per sentence.
 */
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { ngramCounts, overlap, total } from './tokens.js';

/** Options of {@link chrF}. */
export interface ChrFOptions {
  /** Character n-gram order (default 6). */
  charOrder?: number;
  /** Word n-gram order (default 0; 2 gives chrF++). */
  wordOrder?: number;
  /** Recall weight (default 2). */
  beta?: number;
  /** Lower-case everything first (default false). */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams (default false). */
  whitespace?: boolean;
}

const PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Words with one leading or trailing punctuation character split off (sacrebleu's _remove_punctuation). */
function words(s: string): string[] {
  const out: string[] = [];
  for (const w of s.split(/\s+/).filter((x) => x.length > 0)) {
    if (w.length > 1 && PUNCT.has(w[w.length - 1])) out.push(w.slice(0, -1), w[w.length - 1]);
    else if (w.length > 1 && PUNCT.has(w[0])) out.push(w[0], w.slice(1));
    else out.push(w);
  }
  return out;
}

function charCounts(s: string, n: number): Map<string, number> {
  const chars = Array.from(s);
  const m = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) { const k = chars.slice(i, i + n).join(''); m.set(k, (m.get(k) ?? 0) + 1); }
  return m;
}

/** Per-order [hyp, ref, match] counts, character orders first then word orders. */
function stats(hyp: string, ref: string, o: Required<ChrFOptions>): number[] {
  if (o.lowercase) { hyp = hyp.toLowerCase(); ref = ref.toLowerCase(); }
  const out: number[] = [];
  const strip = (s: string): string => (o.whitespace ? s : s.replace(/\s+/g, ''));
  for (let n = 1; n <= o.charOrder; n++) {
    const h = charCounts(strip(hyp), n), r = charCounts(strip(ref), n);
    out.push(total(h), total(r), overlap(h, r));
  }
  const hw = words(hyp), rw = words(ref);
  for (let n = 1; n <= o.wordOrder; n++) {
    const h = ngramCounts(hw, n), r = ngramCounts(rw, n);
    out.push(total(h), total(r), overlap(h, r));
  }
  return out;
}

function fScore(s: readonly number[], beta: number): number {
  let p = 0, r = 0, eff = 0;
  for (let i = 0; i < s.length; i += 3) {
    if (s[i] > 0 && s[i + 1] > 0) { p += s[i + 2] / s[i]; r += s[i + 2] / s[i + 1]; eff++; }
  }
  if (eff > 0) { p /= eff; r /= eff; }
  if (p + r === 0) return 0;
  const b2 = beta * beta;
  return (100 * (1 + b2) * p * r) / (b2 * p + r);
}

function resolve(o: ChrFOptions): Required<ChrFOptions> {
  const r = { charOrder: o.charOrder ?? 6, wordOrder: o.wordOrder ?? 0, beta: o.beta ?? 2, lowercase: o.lowercase ?? false, whitespace: o.whitespace ?? false };
  if (!Number.isInteger(r.charOrder) || r.charOrder < 0 || !Number.isInteger(r.wordOrder) || r.wordOrder < 0 || r.charOrder + r.wordOrder === 0) {
    throw new ValueError(`chrF: charOrder and wordOrder must be non-negative integers, not both 0; got ${r.charOrder} and ${r.wordOrder}`);
  }
  return r;
}

/**
 * Corpus chrF (0-100): statistics summed over sentences, each sentence taking its best-scoring
 * reference. `references[i]` is the list of references of `hypotheses[i]` (or one string).
 * @example chrF(['The relationship between Obama and Netanyahu is not exactly friendly.'], [['The ties between Obama and Netanyahu are not particularly friendly.']]) // 61.576…
 */
export function chrF(hypotheses: readonly string[], references: readonly (string | readonly string[])[], options: ChrFOptions = {}): number {
  const o = resolve(options);
  if (hypotheses.length !== references.length) throw new ShapeError(`chrF: hypotheses and references have different lengths: ${hypotheses.length} and ${references.length}`);
  const sum = new Array<number>(3 * (o.charOrder + o.wordOrder)).fill(0);
  hypotheses.forEach((h, i) => {
    const refs = typeof references[i] === 'string' ? [references[i] as string] : (references[i] as readonly string[]);
    if (refs.length === 0) throw new ValueError(`chrF: references[${i}] is empty`);
    let best: number[] | null = null, bestF = -1;
    for (const r of refs) {
      const s = stats(h, r, o);
      const f = fScore(s, o.beta);
      if (f > bestF) { bestF = f; best = s; }
    }
    (best as number[]).forEach((v, j) => { sum[j] += v; });
  });
  return fScore(sum, o.beta);
}

/** Sentence chrF (0-100) of one hypothesis against one or more references. */
export function sentenceChrF(hypothesis: string, references: string | readonly string[], options: ChrFOptions = {}): number {
  return chrF([hypothesis], [references], options);
}
