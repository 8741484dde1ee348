import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, ShapeError, ValueError, Tensor } from '../../src/index.js';
import * as L from '../../src/metrics/language/index.js';
import { loadFixture, assertClose } from './fixture-more.js';

const fixture = loadFixture('language.json');
const near = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('language fixture (NLTK 3.8) loads', () => assert.ok(fixture.cases.length > 400));

fixture.cases.forEach((c, i) => {
  test(`nltk parity ${i}: ${c.fn}`, () => {
    const kw = c.kwargs as Record<string, unknown>;
    let out: unknown;
    if (c.fn === 'corpusBleu') out = L.corpusBleu(c.args[0] as string[][][], c.args[1] as string[][], kw);
    else if (c.fn === 'sentenceBleu') out = L.sentenceBleu(c.args[0] as string[][], c.args[1] as string[], kw);
    else if (c.fn === 'meteorScore') out = L.meteorScore(c.args[0] as string[][], c.args[1] as string[], kw as L.MeteorOptions);
    else if (c.fn === 'porterStems') {
      const st = new L.PorterStemmer(c.args[1] as L.PorterMode);
      out = (c.args[0] as string[]).map((w) => st.stem(w));
    } else throw new Error(`unknown fixture function ${c.fn}`);
    assertClose(out, c.out, 1e-12, `${c.fn}#${i}`);
  });
});

// ---- BLEU: Papineni et al. (2002), worked examples of modified precision.
test('BLEU: Papineni et al. Example 2 — "the the the ..." gets modified unigram precision 2/7', () => {
  const p = L.modifiedPrecision([['the', 'cat', 'is', 'on', 'the', 'mat'], ['there', 'is', 'a', 'cat', 'on', 'the', 'mat']], ['the', 'the', 'the', 'the', 'the', 'the', 'the'], 1);
  assert.deepEqual(p, { numerator: 2, denominator: 7 });
});

test('BLEU: Papineni et al. Example 1 — candidate 1 unigram precision 17/18, candidate 2 8/14', () => {
  const r = [
    'It is a guide to action that ensures that the military will forever heed Party commands',
    'It is the guiding principle which guarantees the military forces always being under the command of the Party',
    'It is the practical guide for the army always to heed the directions of the party',
  ].map((s) => s.split(' '));
  const c1 = 'It is a guide to action which ensures that the military always obeys the commands of the party'.split(' ');
  const c2 = 'It is to insure the troops forever hearing the activity guidebook that party direct'.split(' ');
  assert.deepEqual(L.modifiedPrecision(r, c1, 1), { numerator: 17, denominator: 18 });
  assert.deepEqual(L.modifiedPrecision(r, c2, 1), { numerator: 8, denominator: 14 });
  assert.deepEqual(L.modifiedPrecision(r, c1, 2), { numerator: 10, denominator: 17 });
  assert.deepEqual(L.modifiedPrecision(r, c2, 2), { numerator: 1, denominator: 13 });
  assert.ok(L.sentenceBleu(r, c1) > L.sentenceBleu(r, c2, { smoothing: 'method1' }));
});

test('BLEU: identical sentences score 1; the brevity penalty is exp(1 - r/c)', () => {
  assert.equal(L.sentenceBleu(['the cat sat on the mat today'], 'the cat sat on the mat today'), 1);
  near(L.brevityPenalty(10, 5), Math.exp(-1));
  assert.equal(L.brevityPenalty(5, 10), 1);
  assert.equal(L.brevityPenalty(5, 0), 0);
  assert.equal(L.closestRefLength([[...'abcd'], [...'abcdef']], 5), 4, 'ties pick the shorter reference');
  assert.equal(L.corpusBleu([['a b c d']], ['x y z w']), 0);
});

test('BLEU: bad input', () => {
  assert.throws(() => L.corpusBleu([['a b']], ['a b', 'c']), (e: Error) => e instanceof ShapeError && /1 and 2/.test(e.message));
  assert.throws(() => L.corpusBleu([['a b']], ['a b'], { smoothing: 'method9' as 'method0' }), (e: Error) => e instanceof ValueError && /smoothing/.test(e.message));
  assert.throws(() => L.corpusBleu([[]], ['a b']), (e: Error) => e instanceof ValueError && /listOfReferences\[0\]/.test(e.message));
});

// ---- ROUGE: Lin (2004) worked examples (§3.1 and §3.2).
test('ROUGE: Lin 2004 §3.1 — S2 and S3 against S1', () => {
  const S1 = 'police killed the gunman', S2 = 'police kill the gunman', S3 = 'the gunman kill police';
  // ROUGE-L: S2 has LCS 3 of 4 words, S3 LCS 2
  near(L.rougeL(S2, S1).fmeasure, 0.75);
  near(L.rougeL(S3, S1).fmeasure, 0.5);
  // ROUGE-2 cannot tell them apart: one shared bigram ("the gunman") each
  near(L.rougeN(S2, S1, 2).recall, 1 / 3);
  near(L.rougeN(S3, S1, 2).recall, 1 / 3);
  // ROUGE-1 counts 3 shared words in both
  near(L.rougeN(S2, S1, 1).fmeasure, 0.75);
  near(L.rougeN(S3, S1, 1).fmeasure, 0.75);
});

test('ROUGE-Lsum: Lin 2004 §3.2 union LCS example gives 4/5', () => {
  const r = ['w1 w2 w3 w4 w5'];
  const c = ['w1 w2 w6 w7 w8', 'w1 w3 w8 w9 w5'];
  const s = L.rougeLsum(c, r);
  near(s.recall, 4 / 5);
  near(s.precision, 4 / 10);
  assert.equal(L.lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b']), 3);
});

test('ROUGE: tokenisation, stemming and beta', () => {
  near(L.rougeN('The Cats, running!', 'the cats running', 1).fmeasure, 1);
  near(L.rougeN('cats running', 'cat runs', 1).fmeasure, 0);
  near(L.rougeN('cats running', 'cat runs', 1, { useStemmer: true }).fmeasure, 1);
  const s = L.rougeL('a b c d', 'a b', { beta: 2 }); // P = 1/2, R = 1
  near(s.fmeasure, (5 * 0.5 * 1) / (1 + 4 * 0.5));
  assert.deepEqual(L.rougeL('', 'a b'), { precision: 0, recall: 0, fmeasure: 0 });
});

// ---- chrF: sacrebleu's documented outputs (HuggingFace metric card examples).
test('chrF: sacrebleu examples', () => {
  near(L.chrF(['The relationship between Obama and Netanyahu is not exactly friendly.'], [['The ties between Obama and Netanyahu are not particularly friendly.']]), 61.576379378113785, 1e-9);
  near(L.chrF(
    ['The relationship between cats and dogs is not exactly friendly.', 'a good bookshop is just a genteel black hole that knows how to read.'],
    [['The relationship between dogs and cats is not exactly friendly.'], ['A good bookshop is just a genteel Black Hole that knows how to read.']],
  ), 84.64214891738334, 1e-9);
  assert.equal(L.sentenceChrF('abc def', 'abc def'), 100);
  assert.equal(L.sentenceChrF('xyz', 'abc'), 0);
  assert.ok(L.sentenceChrF('the cat', ['a dog', 'the cat']) === 100, 'best reference');
  assert.ok(L.sentenceChrF('the cat sat.', 'the cat sat .', { wordOrder: 2 }) === 100, 'chrF++ splits punctuation off words');
});

// ---- error rates
test('word and character error rates', () => {
  near(L.wordErrorRate('the cat sat on the mat', 'the cat sit on mat'), 2 / 6);
  const c = L.wordErrorCounts('a b c d', 'a x c d e');
  assert.deepEqual([c.substitutions, c.deletions, c.insertions, c.hits], [1, 0, 1, 3]);
  near(L.wordErrorRate(['a b', 'c d e f'], ['a', 'c d e f g h']), 3 / 6, 1e-15);
  near(L.characterErrorRate('kitten', 'sitting'), 3 / 6);
  assert.equal(L.wordErrorRate('a b', 'c d e f'), 2);
  assert.throws(() => L.wordErrorRate('', 'a'), (e: Error) => e instanceof ValueError && /empty/.test(e.message));
  assert.throws(() => L.wordErrorRate(['a'], ['a', 'b']), (e: Error) => e instanceof ShapeError && /1 and 2/.test(e.message));
});

// ---- perplexity
test('perplexity: uniform over 4 choices is 4; from a loss; from a model', () => {
  near(L.perplexity([Math.log(0.25), Math.log(0.25), Math.log(0.25)]), 4);
  near(L.perplexity(tensor([[Math.log(0.5)], [Math.log(0.125)]], { dtype: 'float64' })), 4);
  near(L.perplexityFromLoss(Math.log(7)), 7);
  // a bigram model over 3 tokens that always predicts (t + 1) % 3 with p = 0.8
  const model = (toks: readonly number[]): Tensor => {
    const rows = toks.map((t) => [0, 1, 2].map((v) => Math.log(v === (t + 1) % 3 ? 0.8 : 0.1)));
    return tensor(rows, { dtype: 'float64' });
  };
  near(L.perplexityOf(model, [0, 1, 2, 0]), 1 / 0.8);
  near(L.perplexityOf(model, [[0, 2], [1, 2]]), Math.exp(-(Math.log(0.1) + Math.log(0.8)) / 2));
  assert.throws(() => L.perplexity([0.5]), (e: Error) => e instanceof ValueError && /<= 0/.test(e.message));
  assert.throws(() => L.perplexityOf(model, [0]), (e: Error) => e instanceof ValueError && /at least 2/.test(e.message));
  assert.throws(() => L.perplexityOf(() => tensor([1, 2]), [0, 1]), (e: Error) => e instanceof ShapeError);
});

// ---- METEOR
test('METEOR: one chunk vs fragmented; synonyms and stems match', () => {
  // 6 matches in 1 chunk: Fmean 1, penalty 0.5 (1/6)^3
  near(L.meteorScore([['the', 'cat', 'sat', 'on', 'the', 'mat']], ['the', 'cat', 'sat', 'on', 'the', 'mat']), 1 - 0.5 / 216);
  assert.equal(L.meteorScore([['a', 'b']], ['c']), 0);
  const withSyn = L.meteorScore(['the dog sat'], 'the hound sat', { synonyms: { dog: ['hound'], hound: ['dog'] } });
  near(withSyn, 1 - 0.5 / 27);
  assert.ok(L.meteorScore(['the dog sat'], 'the hound sat') < withSyn);
  near(L.meteorScore(['the cats sat'], 'the cat sat'), 1 - 0.5 / 27, 1e-12);
  assert.throws(() => L.meteorScore([], 'a'), (e: Error) => e instanceof ShapeError);
});

// ---- BERTScore with a toy embedding
test('BERTScore: greedy cosine matching, idf weighting, baseline rescaling', () => {
  const vecs: Record<string, number[]> = { the: [1, 0, 0], cat: [0, 1, 0], kitten: [0, 0.8, 0.6], sat: [0, 0, 1] };
  const embed = (toks: readonly string[]): Tensor => tensor(toks.map((t) => vecs[t]), { dtype: 'float64' });
  const same = L.bertScore(['the cat sat'], ['the cat sat'], embed);
  near(same.f1.item(), 1);
  const r = L.bertScore(['the kitten'], ['the cat sat'], embed);
  // candidate: the→1, kitten→max(0.8, 0.6)=0.8 → P = 0.9; reference: the→1, cat→0.8, sat→0.6 → R = 0.8
  near(r.precision.item(), 0.9);
  near(r.recall.item(), 0.8);
  near(r.f1.item(), (2 * 0.9 * 0.8) / 1.7);
  const w = L.bertScore(['the kitten', 'the cat'], ['the cat sat', 'the sat'], embed, { idf: true });
  // idf over 2 references: the, sat appear in both → log(3/3) = 0; cat in one → log(3/2)
  near((w.recall.toArray() as number[])[0], 0.8, 1e-12);
  const b = L.bertScore(['the kitten'], ['the cat sat'], embed, { baseline: { precision: 0.5, recall: 0.5, f1: 0.5 } });
  near(b.precision.item(), 0.8);
  assert.throws(() => L.bertScore(['a'], ['a', 'b'], embed), (e: Error) => e instanceof ShapeError);
  assert.throws(() => L.bertScore(['the'], ['the'], () => tensor([[1, 0], [0, 1]])), (e: Error) => e instanceof ShapeError && /\[1, d\]/.test(e.message));
});
