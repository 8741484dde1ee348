import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { DTypeError, ValueError } from '../tensor/errors.js';
import { node } from './node.js';
import { writeFileAtomic } from './atomic.js';

export interface ReadCsvOptions {
  /** The first row names the columns (default true). */
  header?: boolean;
  /** Field separator, one character (default ','). */
  delimiter?: string;
  /** float32 (default), float64 or int32. Empty fields are NaN for floats, an error for int32. */
  dtype?: Exclude<DType, 'bool'>;
}

export interface Csv {
  /** Column names (from the header, else '0', '1', ...). */
  columns: string[];
  /** The values, [rows, columns]. */
  data: Tensor;
}

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, "" escapes, newlines inside quotes, CRLF). Blank lines are skipped. */
export function parseCsvRows(text: string, delimiter = ','): string[][] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ValueError(`readCsv: delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`);
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field had quotes (so an empty one is still a field)
  const endRow = () => {
    if (row.length > 0 || field !== '' || wasQuoted) {
      row.push(field);
      rows.push(row);
    }
    row = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') { field += '"'; i++; }
      else quoted = false;
    } else if (c === '"') {
      if (field !== '') throw new ValueError(`readCsv: line ${rows.length + 1}: a quote inside an unquoted field (${JSON.stringify(field + c)})`);
      quoted = true;
      wasQuoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      field += c;
    }
  }
  if (quoted) throw new ValueError(`readCsv: unterminated quoted field at the end of the input (row ${rows.length + 1})`);
  endRow();
  return rows;
}

/**
 * Numeric CSV → a tensor. `source` is a file path, or CSV text when it contains a line break
 * (use `parseCsv` to pass one-line text explicitly).
 *
 * ```ts
 * const { columns, data } = io.readCsv('iris.csv', { dtype: 'float64' }); // data [150, 5]
 * ```
 */
export function readCsv(source: string, options: ReadCsvOptions = {}): Csv {
  if (/[\r\n]/.test(source)) return parseCsv(source, options);
  const { fs } = node('readCsv');
  return parseCsv(fs.readFileSync(source, 'utf8'), options);
}

/** Numeric CSV text → a tensor (see readCsv). */
export function parseCsv(text: string, { header = true, delimiter = ',', dtype = 'float32' }: ReadCsvOptions = {}): Csv {
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') throw new DTypeError(`readCsv: dtype must be float32, float64 or int32, got ${String(dtype)}`);
  const rows = parseCsvRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, delimiter);
  const names = header ? rows.shift() : undefined;
  const width = names?.length ?? rows[0]?.length ?? 0;
  const columns = names ?? Array.from({ length: width }, (_, j) => String(j));
  const data = Tensor.empty([rows.length, width], dtype);
  const first = header ? 2 : 1;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new ValueError(`readCsv: row ${i + first} has ${r.length} fields, expected ${width}`);
    r.forEach((cell, j) => {
      const s = cell.trim();
      const v = s === '' ? NaN : Number(s);
      const bad = dtype === 'int32' ? !Number.isInteger(v) || v < -2147483648 || v > 2147483647 : Number.isNaN(v) && s !== '' && s.toLowerCase() !== 'nan';
      if (bad) throw new ValueError(`readCsv: row ${i + first}, column '${columns[j]}': ${JSON.stringify(cell)} is not ${dtype === 'int32' ? 'an int32' : 'a number'}`);
      data.storage[i * width + j] = v;
    });
  });
  return { columns, data };
}

export interface WriteCsvOptions {
  /** A header row. */
  columns?: readonly string[];
  /** Field separator (default ','). */
  delimiter?: string;
}

/** The shortest decimal that reads back as the same float32. */
function float32String(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p < 9; p++) {
    const s = String(Number(v.toPrecision(p)));
    if (Math.fround(Number(s)) === v) return s;
  }
  return String(v);
}

function quote(field: string, delimiter: string): string {
  return field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

/** CSV text of a 2-D tensor (or nested rows), values that read back exactly (bool as 0/1). */
export function formatCsv(data: Tensor | readonly (readonly number[])[], { columns, delimiter = ',' }: WriteCsvOptions = {}): string {
  const t = data instanceof Tensor ? data : null;
  if (t && t.ndim !== 2) throw new ValueError(`writeCsv: expected a 2-D tensor [rows, columns], got ${t.ndim}-D`);
  const rows = t ? t.shape[0] : (data as readonly number[][]).length;
  const width = t ? t.shape[1] : (data as readonly number[][])[0]?.length ?? columns?.length ?? 0;
  if (columns && columns.length !== width) throw new ValueError(`writeCsv: ${columns.length} column names for ${width} columns`);
  const values = t?.dataSync();
  const fmt = t?.dtype === 'float32' ? float32String : (v: number) => String(v);
  const lines: string[] = columns ? [columns.map((c) => quote(c, delimiter)).join(delimiter)] : [];
  for (let i = 0; i < rows; i++) {
    const row = values ? Array.from(values.subarray(i * width, (i + 1) * width)) : [...(data as readonly number[][])[i]];
    if (row.length !== width) throw new ValueError(`writeCsv: row ${i} has ${row.length} values, expected ${width}`);
    lines.push(row.map(fmt).join(delimiter));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Writes a 2-D tensor as CSV, atomically (see writeFileAtomic). */
export function writeCsv(path: string, data: Tensor | readonly (readonly number[])[], options?: WriteCsvOptions): void {
  writeFileAtomic(path, formatCsv(data, options));
}
