import { existsSync, statSync } from 'node:fs';
import { readTable, type ColumnType, type Table } from '../learn/preprocessing/table.js';
import { CliError } from './errors.js';

/** Reads a CSV for the CLI: a missing, empty or ragged file becomes one clear CliError. */
export function loadCsv(path: string, dtypes: Record<string, ColumnType> = {}): Table {
  if (!existsSync(path)) throw new CliError(`no such file: ${path}`);
  if (statSync(path).isDirectory()) throw new CliError(`${path} is a directory, not a CSV file`);
  let t: Table;
  try {
    t = readTable(path, { dtypes: Object.fromEntries(Object.entries(dtypes).filter(([k]) => k !== '')) });
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message.replace(/^readTable: /, '')}`);
  }
  if (t.columns.length === 0 || (t.columns.length === 1 && t.columns[0] === '')) throw new CliError(`${path} is empty (no header row)`);
  if (t.nRows === 0) throw new CliError(`${path} has a header but no data rows`);
  return t;
}

/** Checks that `name` is a column of the table, listing the columns otherwise. */
export function requireColumn(t: Table, name: string, path: string): void {
  if (!t.columns.includes(name)) throw new CliError(`${path} has no column '${name}'; columns are: ${t.columns.join(', ')}`);
}

/** A column as labels (strings): numbers print as JS numbers, missing as ''. */
export function labelsOf(t: Table, name: string): string[] {
  const v = t.values[name];
  if (Array.isArray(v)) return v;
  const miss = t.missing[name];
  return Array.from(v, (x, i) => (miss[i] ? '' : String(x)));
}

/** CSV field quoting (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
