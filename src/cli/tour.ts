// `npm run tour` (and `nabla tour`): a guided run through the toolbox on the bundled real data.
// Each step is a readable example in examples/tour/<name>.ts exporting run({ short }); this file
// only parses the arguments, prints each step's heading and runs it.
//
//   npm run tour                       all steps (about 35 s on the native backend, two cores)
//   npm run tour -- --list             the steps
//   npm run tour -- --only gpt,tabular some steps
//   npm run tour -- --short            smaller runs (also when the CI environment variable is set)
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getBackend } from '../index.js';

export interface TourStep {
  name: string;
  /** What the step shows, one line. */
  about: string;
  load: () => Promise<{ run(options: { short: boolean }): Promise<void> | void }>;
}

export const STEPS: readonly TourStep[] = [
  { name: 'digits-mlp', about: 'an MLP on the 8×8 digits with only tensor ops, autograd and a hand-written SGD loop (≥ 95% held-out)', load: () => import('../../examples/tour/digits-mlp.js') },
  { name: 'backprop', about: 'a 2-layer network\'s forward pass and gradients by the chain rule by hand and by autograd, side by side', load: () => import('../../examples/tour/backprop.js') },
  { name: 'activations', about: 'ReLU, GELU, sigmoid and tanh at a few points; the softmax temperature table', load: () => import('../../examples/tour/activations.js') },
  { name: 'fashion-mlp', about: 'an MLP on a Fashion-MNIST subset with train.fit and a progress bar', load: () => import('../../examples/tour/fashion-mlp.js') },
  { name: 'fashion-cnn', about: 'a small CNN on a Fashion-MNIST subset with train.fit and a progress bar', load: () => import('../../examples/tour/fashion-cnn.js') },
  { name: 'char-lstm', about: 'a character-level LSTM on the King James Bible and a generated sample', load: () => import('../../examples/tour/char-lstm.js') },
  { name: 'gpt', about: 'a small GPT (causal self-attention) on the King James Bible and a generated sample', load: () => import('../../examples/tour/gpt.js') },
  { name: 'tabular', about: 'gradient boosting vs random forest vs logistic regression on breast cancer, 5-fold cross-validation', load: () => import('../../examples/tour/tabular.js') },
  { name: 'bias-variance', about: 'bias² and variance of polynomial fits of degree 1, 3 and 12 to noisy sin(2πx)', load: () => import('../../examples/tour/bias-variance.js') },
  { name: 'kmeans-pca', about: 'PCA explained variance and k-means clusters against the labels on the digits', load: () => import('../../examples/tour/kmeans-pca.js') },
  { name: 'classification-metrics', about: 'precision, recall, F1, ROC-AUC, a confusion matrix and a classification report on breast cancer', load: () => import('../../examples/tour/classification-metrics.js') },
  { name: 'sparsity', about: 'L1 (Lasso) vs L2 (Ridge) coefficients on diabetes: how many are exactly zero', load: () => import('../../examples/tour/sparsity.js') },
];

export interface TourArgs { list: boolean; short: boolean; only: string[] | null; help: boolean }

/** Parses the tour's arguments; throws an Error with a one-line message on a bad one. */
export function parseTourArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env): TourArgs {
  const args: TourArgs = { list: false, short: Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0', only: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') args.list = true;
    else if (a === '--short') args.short = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (!value) throw new Error('--only needs a step name (see --list)');
      const names = value.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !STEPS.some((s) => s.name === n));
      if (unknown.length > 0) throw new Error(`unknown step ${unknown.join(', ')}; the steps are: ${STEPS.map((s) => s.name).join(', ')}`);
      args.only = [...(args.only ?? []), ...names];
    } else throw new Error(`unknown argument ${a}; usage: tour [--list] [--short] [--only NAME[,NAME]]`);
  }
  return args;
}

/** Runs the tour with these arguments; resolves to the exit code (0, or 1 if a step failed). */
export async function runTour(argv: readonly string[]): Promise<number> {
  let args: TourArgs;
  try {
    args = parseTourArgs(argv);
  } catch (e) {
    console.error(`tour: ${(e as Error).message}`);
    return 2;
  }
  if (args.help) {
    console.log('usage: tour [--list] [--short] [--only NAME[,NAME]]\n  --list   list the steps\n  --only   run only these steps\n  --short  smaller runs (default when CI is set)');
    return 0;
  }
  if (args.list) {
    STEPS.forEach((s, i) => console.log(`${String(i + 1).padStart(2)}. ${s.name.padEnd(24)}${s.about}`));
    return 0;
  }
  const steps = STEPS.filter((s) => args.only === null || args.only.includes(s.name));
  console.log(`nabla tour: ${steps.length} step${steps.length === 1 ? '' : 's'}, backend ${getBackend()}${args.short ? ', short mode' : ''}`);
  const failed: string[] = [];
  const t0 = performance.now();
  for (const step of steps) {
    const k = STEPS.indexOf(step) + 1;
    console.log(`\n== ${k}. ${step.name} — ${step.about}`);
    console.log(`   code: examples/tour/${step.name}.ts`);
    const start = performance.now();
    try {
      const mod = await step.load();
      await mod.run({ short: args.short });
      console.log(`-- ${step.name}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed.push(step.name);
      console.error(`-- ${step.name}: FAILED: ${(e as Error).message}`);
    }
  }
  const total = ((performance.now() - t0) / 1000).toFixed(1);
  if (failed.length > 0) {
    console.error(`\ntour: ${failed.length} of ${steps.length} steps failed (${failed.join(', ')}) in ${total} s`);
    return 1;
  }
  console.log(`\ntour: ${steps.length === 1 ? 'the step' : `all ${steps.length} steps`} passed in ${total} s`);
  return 0;
}

// Run when executed directly (node dist/src/cli/tour.js), not when imported (by the nabla command).
const self = fileURLToPath(import.meta.url);
const invoked = process.argv[1] ? (() => { try { return realpathSync(process.argv[1]); } catch { return process.argv[1]; } })() : '';
if (invoked === self) {
  runTour(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
