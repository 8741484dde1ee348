import { ValueError } from '../../tensor/errors.js';
import type { FrequentItemset, Item } from './apriori.js';

/** A rule antecedents → consequents with mlxtend's measures. */
export interface AssociationRule {
  antecedents: Item[];
  consequents: Item[];
  antecedentSupport: number;
  consequentSupport: number;
  /** Support of antecedents ∪ consequents. */
  support: number;
  /** support / antecedentSupport. */
  confidence: number;
  /** confidence / consequentSupport. */
  lift: number;
  /** support − antecedentSupport · consequentSupport. */
  leverage: number;
  /** (1 − consequentSupport) / (1 − confidence); +Infinity when confidence is 1. */
  conviction: number;
}

/** A metric rules can be filtered on. */
export type RuleMetric = 'support' | 'confidence' | 'lift' | 'leverage' | 'conviction' | 'antecedentSupport' | 'consequentSupport';

/** Options of {@link associationRules}. */
export interface AssociationRulesOptions {
  /** Metric to filter on (default 'confidence'). */
  metric?: RuleMetric;
  /** Keep rules whose metric is ≥ this (default 0.8). */
  minThreshold?: number;
}

const key = (items: readonly Item[]): string => JSON.stringify([...items].map((v) => [typeof v, v]).sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)));

/**
 * Association rules from frequent itemsets (mlxtend's `association_rules`): every split of each
 * itemset of size ≥ 2 into non-empty antecedents and consequents, kept when the chosen metric is
 * at least `minThreshold`. Supports of the parts are looked up among the itemsets (all subsets of
 * a frequent itemset are frequent, so they are there when the itemsets came from apriori).
 * Order: itemsets in input order, then antecedents from largest to smallest, in item order.
 */
export function associationRules(itemsets: readonly FrequentItemset[], options: AssociationRulesOptions = {}): AssociationRule[] {
  const metric = options.metric ?? 'confidence';
  const minThreshold = options.minThreshold ?? 0.8;
  const valid: RuleMetric[] = ['support', 'confidence', 'lift', 'leverage', 'conviction', 'antecedentSupport', 'consequentSupport'];
  if (!valid.includes(metric)) throw new ValueError(`associationRules: metric must be one of ${valid.join(', ')}, got '${String(metric)}'`);
  if (itemsets.length === 0) throw new ValueError('associationRules: the itemsets are empty; lower minSupport in apriori');
  const support = new Map<string, number>();
  for (const f of itemsets) support.set(key(f.itemset), f.support);
  const lookup = (items: Item[]): number => {
    const s = support.get(key(items));
    if (s === undefined) throw new ValueError(`associationRules: the support of {${items.join(', ')}} is missing from the itemsets; pass all frequent itemsets (as apriori returns them)`);
    return s;
  };
  const rules: AssociationRule[] = [];
  for (const f of itemsets) {
    const k = f.itemset.length;
    if (k < 2) continue;
    for (let size = k - 1; size >= 1; size--) {
      for (const pick of combinations(k, size)) {
        const inA = new Set(pick);
        const antecedents = f.itemset.filter((_, t) => inA.has(t));
        const consequents = f.itemset.filter((_, t) => !inA.has(t));
        const sA = lookup(antecedents), sC = lookup(consequents), sAC = f.support;
        const confidence = sAC / sA;
        const rule: AssociationRule = {
          antecedents, consequents, antecedentSupport: sA, consequentSupport: sC, support: sAC, confidence,
          lift: confidence / sC, leverage: sAC - sA * sC, conviction: confidence === 1 ? Infinity : (1 - sC) / (1 - confidence),
        };
        if (rule[metric] >= minThreshold) rules.push(rule);
      }
    }
  }
  return rules;
}

/** Index combinations of size r from 0..n-1, in lexicographic order. */
function* combinations(n: number, r: number): Generator<number[]> {
  const c = Array.from({ length: r }, (_, i) => i);
  for (;;) {
    yield [...c];
    let i = r - 1;
    while (i >= 0 && c[i] === n - r + i) i--;
    if (i < 0) return;
    c[i]++;
    for (let j = i + 1; j < r; j++) c[j] = c[j - 1] + 1;
  }
}
