import { node } from '../../io/node.js';
import { writeFileAtomic } from '../../io/atomic.js';

/**
 * A log file rewritten atomically after every epoch: the text so far is kept in memory and the
 * whole file is replaced (temporary file + rename), so a crash or a kill at any moment leaves
 * either the previous or the new complete file, never a torn line. (An O_APPEND write is not
 * guaranteed atomic for regular files; a rewrite is, at the cost of rewriting a few kB per epoch.)
 * With `append` the existing file's text is read at train begin and kept.
 */
export class AtomicLogFile {
  private text = '';

  constructor(readonly path: string, private readonly append: boolean) {}

  /** Reads the existing file when appending; returns its text ('' if none). */
  begin(): string {
    this.text = '';
    if (!this.append) return '';
    const { fs } = node('logger');
    try {
      this.text = fs.readFileSync(this.path, 'utf8');
    } catch {
      this.text = '';
    }
    if (this.text && !this.text.endsWith('\n')) this.text += '\n';
    return this.text;
  }

  /** Adds text and rewrites the file. */
  add(more: string): void {
    this.text += more;
    writeFileAtomic(this.path, this.text);
  }
}
