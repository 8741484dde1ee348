export { apriori, transactionItems, type AprioriOptions, type FrequentItemset, type Item } from './apriori.js';
export { associationRules, type AssociationRule, type AssociationRulesOptions, type RuleMetric } from './rules.js';
