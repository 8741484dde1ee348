/**
 * classificationReport: per-class precision, recall, F1 and support with the micro (accuracy),
 * macro and weighted averages, as a printable table laid out like scikit-learn's or as a dict.
 */
import { ValueError } from '../tensor/errors.js';
import { precisionRecallFscoreSupport, type Average, type ZeroDivision } from './prf.js';
import { checkTargets, readLabelsOption, uniqueLabels, type Label, type LabelInput, type NumericInput } from './util.js';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  labels?: LabelInput | null;
  /** Display names of the labels, in the order of `labels`. */
  targetNames?: readonly string[] | null;
  sampleWeight?: NumericInput | null;
  /** Decimal places in the table (default 2). */
  digits?: number;
  zeroDivision?: ZeroDivision;
}

/** One row of the report. */
export interface ReportRow { precision: number; recall: number; 'f1-score': number; support: number }
/** The dict form: one row per class and per average; 'accuracy' is a number when present. */
export type ReportDict = Record<string, ReportRow | number>;

/** Python's `'{:.nf}'` (round half to even on exact ties, which JS toFixed rounds up). */
function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x * 10 ** digits;
  if (Number.isInteger(s * 2) && !Number.isInteger(s) && Math.abs(s) < 2 ** 52) {
    const lo = Math.floor(s);
    return ((lo % 2 === 0 ? lo : lo + 1) / 10 ** digits).toFixed(digits);
  }
  return x.toFixed(digits);
}

/** Python's str() of a support value: integers of integer counts, floats with a '.0'. */
function supportStr(v: number, weighted: boolean): string {
  if (!weighted) return String(v);
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

function row(values: Float64Array | number, i?: number): number {
  return typeof values === 'number' ? values : (values as Float64Array)[i as number];
}

/** The report as a dict (outputDict: true). */
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options: ClassificationReportOptions & { outputDict: true }): ReportDict;
/**
 * The per-class and averaged precision/recall/F1/support table, laid out as scikit-learn's.
 *
 * @example
 * console.log(classificationReport([0, 1, 2, 2], [0, 0, 2, 1]));
 */
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationReportOptions & { outputDict?: false }): string;
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options: ClassificationReportOptions & { outputDict?: boolean } = {}): string | ReportDict {
  const pair = checkTargets(yTrue, yPred);
  const given = readLabelsOption(options.labels);
  const present = uniqueLabels(pair.yTrue, pair.yPred);
  const labels: Label[] = given ?? present;
  const microIsAccuracy = pair.type !== 'multilabel-indicator' && (given === null || (new Set(given).size === present.length && present.every((l) => given.includes(l))));
  let names = options.targetNames ? [...options.targetNames] : null;
  if (names !== null && names.length !== labels.length) {
    if (given === null) throw new ValueError(`targetNames: number of classes, ${labels.length}, does not match size of targetNames, ${names.length}; try specifying the labels option`);
    console.warn(`nabla.metrics: labels size, ${labels.length}, does not match size of targetNames, ${names.length}`);
  }
  if (names === null) names = labels.map(String);
  const digits = options.digits ?? 2;
  const common = { labels, sampleWeight: options.sampleWeight, zeroDivision: options.zeroDivision };
  const per = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: null });
  const p = Float64Array.from((per.precision as { dataSync(): ArrayLike<number> }).dataSync());
  const r = Float64Array.from((per.recall as { dataSync(): ArrayLike<number> }).dataSync());
  const f = Float64Array.from((per.fbetaScore as { dataSync(): ArrayLike<number> }).dataSync());
  const s = Float64Array.from(per.support!.dataSync());
  const total = s.reduce((a, b) => a + b, 0);
  const averages: Average[] = pair.type === 'multilabel-indicator' ? ['micro', 'macro', 'weighted', 'samples'] : ['micro', 'macro', 'weighted'];
  const avgRows = averages.map((avg) => {
    const o = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: avg });
    const heading = avg === 'micro' && microIsAccuracy ? 'accuracy' : `${avg} avg`;
    return { heading, p: o.precision as number, r: o.recall as number, f: o.fbetaScore as number };
  });
  const rows = Math.min(names.length, labels.length);
  if (options.outputDict) {
    const out: ReportDict = {};
    for (let i = 0; i < rows; i++) out[names[i]] = { precision: row(p, i), recall: row(r, i), 'f1-score': row(f, i), support: row(s, i) };
    for (const a of avgRows) out[a.heading] = a.heading === 'accuracy' ? a.p : { precision: a.p, recall: a.r, 'f1-score': a.f, support: total };
    return out;
  }
  // scikit-learn prints supports as floats when weighted, and (1.2's bincount quirk) when no
  // sample of a binary/multiclass target is predicted correctly.
  const noHit = pair.type !== 'multilabel-indicator' && pair.n > 0 && pair.yTrue.labels!.every((l, i) => l !== pair.yPred.labels![i]);
  const weighted = (options.sampleWeight !== null && options.sampleWeight !== undefined) || noHit;
  const width = Math.max(...names.slice(0, rows).map((n) => n.length), 'weighted avg'.length, digits);
  const cell = (x: string): string => ` ${x.padStart(9)}`;
  let out = `${''.padStart(width)} ${['precision', 'recall', 'f1-score', 'support'].map(cell).join('')}\n\n`;
  for (let i = 0; i < rows; i++) {
    out += `${names[i].padStart(width)} ${cell(fixed(p[i], digits))}${cell(fixed(r[i], digits))}${cell(fixed(f[i], digits))}${cell(supportStr(s[i], weighted))}\n`;
  }
  out += '\n';
  for (const a of avgRows) {
    if (a.heading === 'accuracy') out += `${a.heading.padStart(width)} ${cell('')}${cell('')}${cell(fixed(a.f, digits))}${cell(supportStr(total, weighted))}\n`;
    else out += `${a.heading.padStart(width)} ${cell(fixed(a.p, digits))}${cell(fixed(a.r, digits))}${cell(fixed(a.f, digits))}${cell(supportStr(total, weighted))}\n`;
  }
  return out;
}
