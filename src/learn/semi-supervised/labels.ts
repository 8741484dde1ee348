import { ValueError } from '../../tensor/errors.js';
import { checkSameLength, encodeLabels, readLabels, type ClassLabels, type LabelInput } from '../base.js';

/** Labels of semi-supervised learning: numbers with −1 for unlabeled rows, or strings with the number −1 (or null) there. */
export type SemiLabelInput = LabelInput | readonly (string | number | null)[];

/**
 * Reads semi-supervised labels: `classes` are the sorted distinct labels of the labeled rows
 * (numbers, or strings), `codes` each row's index into them, −1 for an unlabeled row.
 */
export function readSemiLabels(y: SemiLabelInput, n: number, who: string): { classes: ClassLabels; codes: Float64Array } {
  const strings = Array.isArray(y) && y.some((v) => typeof v === 'string');
  const values: ClassLabels = strings ? [] : readLabels(y as LabelInput);
  const unlabeled = (v: unknown): boolean => v === -1 || (strings && v === null);
  if (strings) {
    (y as readonly unknown[]).forEach((v, i) => {
      if (typeof v !== 'string' && !unlabeled(v)) throw new ValueError(`${who}: y mixes strings and numbers (element ${i} is ${String(v)}); mark unlabeled rows with -1`);
    });
  }
  const all = strings ? (y as readonly unknown[]) : Array.from(values as Float64Array);
  checkSameLength(n, all.length, 'X', 'y');
  const labeled = all.filter((v) => !unlabeled(v));
  if (labeled.length === 0) throw new ValueError(`${who}: y has no labeled sample (every label is -1)`);
  const { classes } = encodeLabels(strings ? (labeled as string[]) : Float64Array.from(labeled as number[]));
  const pos = new Map<unknown, number>();
  classes.forEach((c: number | string, j: number) => pos.set(c, j));
  const codes = Float64Array.from(all, (v) => (unlabeled(v) ? -1 : (pos.get(v) as number)));
  return { classes, codes };
}
