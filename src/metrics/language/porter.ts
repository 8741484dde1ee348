/**
 * The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980), ported from
 * NLTK's `nltk.stem.porter.PorterStemmer` with its three modes: 'ORIGINAL_ALGORITHM' (the paper),
 * 'MARTIN_EXTENSIONS' (Porter's later published variant) and 'NLTK_EXTENSIONS' (NLTK's default,
 * used by NLTK's METEOR; a few irregular forms and extra rules). Lower-cases its input.
 */
export type PorterMode = 'NLTK_EXTENSIONS' | 'MARTIN_EXTENSIONS' | 'ORIGINAL_ALGORITHM';

type Condition = ((stem: string) => boolean) | null;
type Rule = [suffix: string, replacement: string, condition: Condition];

const IRREGULAR: Record<string, string[]> = {
  sky: ['sky', 'skies'], die: ['dying'], lie: ['lying'], tie: ['tying'], news: ['news'],
  inning: ['innings', 'inning'], outing: ['outings', 'outing'], canning: ['cannings', 'canning'],
  howe: ['howe'], proceed: ['proceed'], exceed: ['exceed'], succeed: ['succeed'],
};
const POOL = new Map<string, string>();
for (const [k, vs] of Object.entries(IRREGULAR)) for (const v of vs) POOL.set(v, k);

/** A Porter stemmer; `stem(word)` returns the stem, as NLTK's PorterStemmer(mode). */
export class PorterStemmer {
  constructor(readonly mode: PorterMode = 'NLTK_EXTENSIONS') {}

  private isConsonant(w: string, i: number): boolean {
    const c = w[i];
    if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
    if (c === 'y') return i === 0 ? true : !this.isConsonant(w, i - 1);
    return true;
  }

  /** m in [C](VC)^m[V]: the number of vowel-consonant sequences. */
  private measure(stem: string): number {
    let m = 0;
    for (let i = 1; i < stem.length; i++) if (!this.isConsonant(stem, i - 1) && this.isConsonant(stem, i)) m++;
    return m;
  }

  private containsVowel(stem: string): boolean {
    for (let i = 0; i < stem.length; i++) if (!this.isConsonant(stem, i)) return true;
    return false;
  }

  private endsDoubleConsonant(w: string): boolean {
    return w.length >= 2 && w[w.length - 1] === w[w.length - 2] && this.isConsonant(w, w.length - 1);
  }

  private endsCvc(w: string): boolean {
    const n = w.length;
    return (n >= 3 && this.isConsonant(w, n - 3) && !this.isConsonant(w, n - 2) && this.isConsonant(w, n - 1) && !'wxy'.includes(w[n - 1])) ||
      (this.mode === 'NLTK_EXTENSIONS' && n === 2 && !this.isConsonant(w, 0) && this.isConsonant(w, 1));
  }

  private applyRules(word: string, rules: Rule[]): string {
    for (const [suffix, replacement, condition] of rules) {
      if (suffix === '*d' && this.endsDoubleConsonant(word)) {
        const stem = word.slice(0, -2);
        return condition === null || condition(stem) ? stem + replacement : word;
      }
      if (word.endsWith(suffix)) {
        const stem = word.slice(0, word.length - suffix.length);
        return condition === null || condition(stem) ? stem + replacement : word;
      }
    }
    return word;
  }

  private readonly positive = (s: string): boolean => this.measure(s) > 0;

  private step1a(w: string): string {
    if (this.mode === 'NLTK_EXTENSIONS' && w.endsWith('ies') && w.length === 4) return w.slice(0, -3) + 'ie';
    return this.applyRules(w, [['sses', 'ss', null], ['ies', 'i', null], ['ss', 'ss', null], ['s', '', null]]);
  }

  private step1b(w: string): string {
    if (this.mode === 'NLTK_EXTENSIONS' && w.endsWith('ied')) return w.slice(0, -3) + (w.length === 4 ? 'ie' : 'i');
    if (w.endsWith('eed')) {
      const stem = w.slice(0, -3);
      return this.measure(stem) > 0 ? stem + 'ee' : w;
    }
    let mid: string | null = null;
    for (const suffix of ['ed', 'ing']) {
      if (w.endsWith(suffix) && this.containsVowel(w.slice(0, w.length - suffix.length))) { mid = w.slice(0, w.length - suffix.length); break; }
    }
    if (mid === null) return w;
    const last = mid[mid.length - 1];
    return this.applyRules(mid, [
      ['at', 'ate', null], ['bl', 'ble', null], ['iz', 'ize', null],
      ['*d', last, () => !'lsz'.includes(last)],
      ['', 'e', (s) => this.measure(s) === 1 && this.endsCvc(s)],
    ]);
  }

  private step1c(w: string): string {
    const cond = this.mode === 'NLTK_EXTENSIONS'
      ? (s: string) => s.length > 1 && this.isConsonant(s, s.length - 1)
      : (s: string) => this.containsVowel(s);
    return this.applyRules(w, [['y', 'i', cond]]);
  }

  private step2(w: string): string {
    const p = this.positive;
    if (this.mode === 'NLTK_EXTENSIONS' && w.endsWith('alli') && p(w.slice(0, -4))) return this.step2(w.slice(0, -4) + 'al');
    const rules: Rule[] = [
      ['ational', 'ate', p], ['tional', 'tion', p], ['enci', 'ence', p], ['anci', 'ance', p], ['izer', 'ize', p],
      this.mode === 'ORIGINAL_ALGORITHM' ? ['abli', 'able', p] : ['bli', 'ble', p],
      ['alli', 'al', p], ['entli', 'ent', p], ['eli', 'e', p], ['ousli', 'ous', p], ['ization', 'ize', p],
      ['ation', 'ate', p], ['ator', 'ate', p], ['alism', 'al', p], ['iveness', 'ive', p], ['fulness', 'ful', p],
      ['ousness', 'ous', p], ['aliti', 'al', p], ['iviti', 'ive', p], ['biliti', 'ble', p],
    ];
    if (this.mode === 'NLTK_EXTENSIONS') rules.push(['fulli', 'ful', p], ['logi', 'log', () => p(w.slice(0, -3))]);
    if (this.mode === 'MARTIN_EXTENSIONS') rules.push(['logi', 'log', p]);
    return this.applyRules(w, rules);
  }

  private step3(w: string): string {
    const p = this.positive;
    return this.applyRules(w, [['icate', 'ic', p], ['ative', '', p], ['alize', 'al', p], ['iciti', 'ic', p], ['ical', 'ic', p], ['ful', '', p], ['ness', '', p]]);
  }

  private step4(w: string): string {
    const g = (s: string): boolean => this.measure(s) > 1;
    const rules: Rule[] = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent'].map((s): Rule => [s, '', g]);
    rules.push(['ion', '', (s) => this.measure(s) > 1 && (s.endsWith('s') || s.endsWith('t'))]);
    for (const s of ['ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize']) rules.push([s, '', g]);
    return this.applyRules(w, rules);
  }

  private step5a(w: string): string {
    if (w.endsWith('e')) {
      const stem = w.slice(0, -1);
      const m = this.measure(stem);
      if (m > 1 || (m === 1 && !this.endsCvc(stem))) return stem;
    }
    return w;
  }

  private step5b(w: string): string {
    return this.applyRules(w, [['ll', 'l', () => this.measure(w.slice(0, -1)) > 1]]);
  }

  /** The stem of `word` (lower-cased first unless toLowercase is false). */
  stem(word: string, toLowercase = true): string {
    let s = toLowercase ? word.toLowerCase() : word;
    // NLTK looks the irregular form up by the original word but returns pool[lowercased].
    if (this.mode === 'NLTK_EXTENSIONS' && POOL.has(word)) return POOL.get(s) as string;
    if (this.mode !== 'ORIGINAL_ALGORITHM' && word.length <= 2) return s;
    s = this.step1a(s); s = this.step1b(s); s = this.step1c(s); s = this.step2(s);
    s = this.step3(s); s = this.step4(s); s = this.step5a(s); s = this.step5b(s);
    return s;
  }
}
