import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { readBundled } from '../io/node.js';

/** The bundled text corpora: name → file under data/. */
const CORPORA: Record<string, string> = { kjv: 'data/kjv-bible.txt.gz' };

export interface LoadTextOptions {
  /** Keep each verse's reference prefix (`Ge1:1 `). Default false. */
  keepReferences?: boolean;
}

/**
 * A bundled text corpus as one string, one line per verse. `'kjv'`: the King James Bible
 * (public domain), 31,102 verses.
 *
 * ```ts
 * loadText('kjv').slice(0, 30); // 'In the beginning God created t'
 * ```
 */
export function loadText(name: 'kjv', { keepReferences = false }: LoadTextOptions = {}): string {
  const file = CORPORA[name];
  if (!file) throw new ValueError(`loadText: unknown corpus '${name}' (available: ${Object.keys(CORPORA).join(', ')})`);
  const text = new TextDecoder().decode(readBundled(file));
  return keepReferences ? text : text.replace(/^[0-9]?[A-Za-z]+\d+:\d+ /gm, '');
}

export interface CharCorpus {
  text: string;
  /** The distinct characters, sorted by code point: index = token id. */
  vocab: string[];
  /** Characters → int32 ids (an unknown character is a ValueError). */
  encode(s: string): Tensor;
  /** Ids (a tensor or numbers) → string. */
  decode(ids: Tensor | readonly number[]): string;
  /** The whole text encoded: int32 [text.length]. */
  data: Tensor;
}

/**
 * A character-level view of a corpus, for char-RNN / LSTM examples: the sorted character
 * vocabulary, encode/decode, and the text as an int32 tensor of ids.
 *
 * ```ts
 * const { vocab, data, decode } = charCorpus();   // the KJV text, ~4.3M ids
 * decode(data.slice(0, 0, 20));                    // 'In the beginning God'
 * ```
 */
export function charCorpus(text: string = loadText('kjv')): CharCorpus {
  const vocab = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  // Code point → id through a table for the BMP (a Map for the rest): encoding millions of
  // characters stays a tight loop.
  const table = new Int32Array(65536).fill(-1);
  const astral = new Map<number, number>();
  vocab.forEach((c, i) => {
    const cp = c.codePointAt(0)!;
    if (cp < 65536) table[cp] = i;
    else astral.set(cp, i);
  });
  const encode = (s: string): Tensor => {
    const buf = new Int32Array(s.length);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const cp = s.codePointAt(i)!;
      const id = cp < 65536 ? table[cp] : (astral.get(cp) ?? -1);
      if (id < 0) throw new ValueError(`charCorpus.encode: character ${JSON.stringify(String.fromCodePoint(cp))} (offset ${i}) is not in the vocabulary`);
      buf[n++] = id;
      if (cp >= 65536) i++;
    }
    return new Tensor(n === buf.length ? buf : buf.slice(0, n), [n], 'int32');
  };
  const decode = (t: Tensor | readonly number[]): string => {
    const values = t instanceof Tensor ? t.dataSync() : t;
    let s = '';
    for (let i = 0; i < values.length; i++) {
      const c = vocab[values[i]];
      if (c === undefined) throw new ValueError(`charCorpus.decode: id ${values[i]} is out of range for a vocabulary of ${vocab.length}`);
      s += c;
    }
    return s;
  };
  return { text, vocab, encode, decode, data: encode(text) };
}
