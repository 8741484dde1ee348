/**
 * METEOR (Banerjee & Lavie, 2005), as NLTK's `meteor_score`: words are aligned in three stages —
 * exact (after lower-casing), Porter stem, synonym — each stage matching the remaining words from
 * the end, then Fmean = P R / (α P + (1 - α) R) is reduced by the fragmentation penalty
 * γ (chunks / matches)^β. NLTK's parameters: α = 0.9, β = 3, γ = 0.5.
 *
 * Synonyms come from a user-supplied table (nabla downloads no WordNet): `synonyms[word]` lists
 * the words that `word` may match; as with NLTK's WordNet lookup, entries containing '_'
 * (multi-word lemmas) are ignored, and the relation is used in the direction given (hypothesis
 * word → reference word), so list both directions for a symmetric table.
 */
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { PorterStemmer } from './porter.js';
import { toTokens, type Sentence } from './tokens.js';

/** Options of {@link meteorScore}. */
export interface MeteorOptions {
  alpha?: number;
  beta?: number;
  gamma?: number;
  /** Synonym table (word → synonyms), e.g. exported from WordNet; default none. */
  synonyms?: ReadonlyMap<string, readonly string[]> | Readonly<Record<string, readonly string[]>>;
  /** Stemmer for the second stage (default: NLTK's default Porter stemmer). */
  stem?: (word: string) => string;
  /** Applied to every token first (default lower-casing). */
  preprocess?: (word: string) => string;
}

type Enum = [index: number, word: string];

/** Matches equal words, scanning both lists from the end; removes matched entries. */
function matchEnums(h: Enum[], r: Enum[], same: (hw: string, rw: string) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let i = h.length - 1; i >= 0; i--) {
    for (let j = r.length - 1; j >= 0; j--) {
      if (same(h[i][1], r[j][1])) {
        out.push([h[i][0], r[j][0]]);
        h.splice(i, 1);
        r.splice(j, 1);
        break;
      }
    }
  }
  return out;
}

function countChunks(matches: readonly [number, number][]): number {
  let chunks = 1;
  for (let i = 0; i < matches.length - 1; i++) {
    if (!(matches[i + 1][0] === matches[i][0] + 1 && matches[i + 1][1] === matches[i][1] + 1)) chunks++;
  }
  return chunks;
}

const defaultStemmer = new PorterStemmer();

/** METEOR of a hypothesis against one reference. */
export function singleMeteorScore(reference: Sentence, hypothesis: Sentence, options: MeteorOptions = {}): number {
  const alpha = options.alpha ?? 0.9, beta = options.beta ?? 3, gamma = options.gamma ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new ValueError(`meteorScore: alpha must be in [0, 1], got ${alpha}`);
  const pre = options.preprocess ?? ((w: string) => w.toLowerCase());
  const stem = options.stem ?? ((w: string) => defaultStemmer.stem(w));
  const syn = options.synonyms;
  const lookup = (w: string): readonly string[] => (syn === undefined ? [] : syn instanceof Map ? (syn.get(w) ?? []) : ((syn as Record<string, readonly string[]>)[w] ?? []));
  let h: Enum[] = toTokens(hypothesis, 'meteorScore: hypothesis').map((w, i) => [i, pre(w)]);
  let r: Enum[] = toTokens(reference, 'meteorScore: reference').map((w, i) => [i, pre(w)]);
  const hypLen = h.length, refLen = r.length;
  const exact = matchEnums(h, r, (a, b) => a === b);
  // Stage 2 compares stems of the remaining words (indices kept).
  h = h.map(([i, w]) => [i, stem(w)]);
  r = r.map(([i, w]) => [i, stem(w)]);
  const stems = matchEnums(h, r, (a, b) => a === b);
  const syns = matchEnums(h, r, (a, b) => a === b || lookup(a).some((s) => !s.includes('_') && s === b));
  const matches = [...exact, ...stems, ...syns].sort((a, b) => a[0] - b[0]);
  const m = matches.length;
  if (m === 0 || hypLen === 0 || refLen === 0) return 0;
  const precision = m / hypLen, recall = m / refLen;
  const fmean = (precision * recall) / (alpha * precision + (1 - alpha) * recall);
  const penalty = gamma * (countChunks(matches) / m) ** beta;
  return (1 - penalty) * fmean;
}

/**
 * METEOR of a hypothesis against several references: the best single-reference score (NLTK's
 * meteor_score). Sentences are token arrays or whitespace-separated strings.
 * @example meteorScore([['the', 'cat', 'sat']], ['the', 'cat', 'sat']) // 0.9375 (one chunk of 3)
 */
export function meteorScore(references: readonly Sentence[], hypothesis: Sentence, options: MeteorOptions = {}): number {
  if (!Array.isArray(references) || references.length === 0) throw new ShapeError('meteorScore: references must be a non-empty array of references');
  let best = -Infinity;
  for (const ref of references) best = Math.max(best, singleMeteorScore(ref, hypothesis, options));
  return best;
}

