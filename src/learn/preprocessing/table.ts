import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { parseCsvRows } from '../../io/csv.js';
import { node } from '../../io/node.js';
import { matTensor } from './util.js';

/** The type of a table column. */
export type ColumnType = 'number' | 'string' | 'bool';

export interface ReadTableOptions {
  /** The first row names the columns (default true). */
  header?: boolean;
  /** Field separator, one character (default ','). */
  delimiter?: string;
  /** Fields read as missing (default: pandas' read_csv list — '', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', '-NaN', 'null', 'NULL', 'None', '<NA>', …). */
  naValues?: readonly string[];
  /** Column types by name; the others are inferred (number if every present value parses, bool if all are true/false, else string). */
  dtypes?: Record<string, ColumnType>;
}

/** A DataFrame-free table: named, typed columns. */
export interface Table {
  columns: string[];
  types: Record<string, ColumnType>;
  /** Numbers and bools (0/1) as Float64Array with NaN for missing; strings as string[] with '' for missing. */
  values: Record<string, Float64Array | string[]>;
  /** 1 where the field was missing (one of naValues). */
  missing: Record<string, Uint8Array>;
  nRows: number;
  /** The named (default: all) numeric and bool columns as a float64 [nRows, nColumns] tensor; string columns are a ValueError. */
  toTensor(columnNames?: readonly string[]): Tensor;
}

// pandas' default na_values.
const DEFAULT_NA = ['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null'];
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/**
 * Reads CSV (a file path, or text when it contains a line break) into typed columns, with
 * quoted fields, headers and missing values (io's RFC 4180 parser).
 *
 * ```ts
 * const t = preprocessing.readTable('name,age,member\n"Lee, A",31,true\nKim,NA,false\n');
 * t.types;                      // { name: 'string', age: 'number', member: 'bool' }
 * t.toTensor(['age', 'member']); // [[31, 1], [NaN, 0]]
 * ```
 */
export function readTable(pathOrText: string, options: ReadTableOptions = {}): Table {
  const text = /[\r\n]/.test(pathOrText) ? pathOrText : node('readTable').fs.readFileSync(pathOrText, 'utf8');
  return parseTable(text, options);
}

/** CSV text → a Table (see readTable). */
export function parseTable(text: string, { header = true, delimiter = ',', naValues = DEFAULT_NA, dtypes = {} }: ReadTableOptions = {}): Table {
  const rows = parseCsvRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, delimiter);
  const names = header ? rows.shift() ?? [] : Array.from({ length: rows[0]?.length ?? 0 }, (_, j) => String(j));
  const width = names.length;
  const first = header ? 2 : 1;
  rows.forEach((r, i) => { if (r.length !== width) throw new ValueError(`readTable: row ${i + first} has ${r.length} fields, expected ${width}`); });
  for (const k of Object.keys(dtypes)) if (!names.includes(k)) throw new ValueError(`readTable: dtypes names column '${k}', which is not in the table (${names.join(', ')})`);
  const na = new Set(naValues);
  const types: Record<string, ColumnType> = {};
  const values: Record<string, Float64Array | string[]> = {};
  const missing: Record<string, Uint8Array> = {};
  names.forEach((name, j) => {
    const raw = rows.map((r) => r[j]);
    const miss = Uint8Array.from(raw, (v) => Number(na.has(v.trim()) || na.has(v)));
    const present = raw.filter((_, i) => !miss[i]).map((v) => v.trim());
    const type = dtypes[name] ?? inferType(present);
    types[name] = type;
    missing[name] = miss;
    if (type === 'string') values[name] = raw.map((v, i) => (miss[i] ? '' : v));
    else values[name] = Float64Array.from(raw, (v, i) => {
      if (miss[i]) return NaN;
      const s = v.trim();
      if (type === 'bool') {
        if (TRUE.has(s) || s === '1') return 1;
        if (FALSE.has(s) || s === '0') return 0;
        throw new ValueError(`readTable: row ${i + first}, column '${name}': ${JSON.stringify(v)} is not a bool`);
      }
      const x = Number(s);
      if (s === '' || Number.isNaN(x)) throw new ValueError(`readTable: row ${i + first}, column '${name}': ${JSON.stringify(v)} is not a number`);
      return x;
    });
  });
  const nRows = rows.length;
  return {
    columns: names, types, values, missing, nRows,
    toTensor(columnNames: readonly string[] = names): Tensor {
      const cols = columnNames.map((c) => {
        const v = values[c];
        if (v === undefined) throw new ValueError(`readTable.toTensor: no column '${c}'; columns are ${names.join(', ')}`);
        if (!(v instanceof Float64Array)) throw new ValueError(`readTable.toTensor: column '${c}' holds strings; encode it first (e.g. OrdinalEncoder or OneHotEncoder)`);
        return v;
      });
      const out = new Float64Array(nRows * cols.length);
      for (let i = 0; i < nRows; i++) cols.forEach((v, k) => { out[i * cols.length + k] = v[i]; });
      return matTensor(out, nRows, cols.length);
    },
  };
}

function inferType(present: string[]): ColumnType {
  if (present.length === 0) return 'number';
  if (present.every((v) => TRUE.has(v) || FALSE.has(v))) return 'bool';
  if (present.every((v) => v !== '' && !Number.isNaN(Number(v)))) return 'number';
  return 'string';
}
