/**
 * Token and n-gram helpers shared by the language metrics. A sentence is either a pre-tokenised
 * array of strings or a string, which is split on whitespace (no other normalisation: tokenise
 * and lower-case beforehand if the metric's reference implementation does).
 */
import { ValueError } from '../../tensor/errors.js';

/** A sentence: tokens, or a string split on whitespace. */
export type Sentence = string | readonly string[];

/** The tokens of a sentence. */
export function toTokens(s: Sentence, name: string): string[] {
  if (typeof s === 'string') return s.split(/\s+/).filter((t) => t.length > 0);
  if (!Array.isArray(s)) throw new ValueError(`${name}: expected a string or an array of string tokens, got ${typeof s}`);
  for (let i = 0; i < s.length; i++) if (typeof s[i] !== 'string') throw new ValueError(`${name}: token ${i} is a ${typeof s[i]}, expected a string`);
  return [...s];
}

/** Counts of the n-grams of `tokens` (keys join tokens with U+0001, which tokens do not contain). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/** Σ over keys of min(a[k], b[k]): the clipped overlap of two count tables. */
export function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let s = 0;
  for (const [k, v] of a) s += Math.min(v, b.get(k) ?? 0);
  return s;
}

/** Sum of the counts of a table. */
export function total(a: Map<string, number>): number {
  let s = 0;
  for (const v of a.values()) s += v;
  return s;
}
