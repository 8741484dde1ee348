#!/usr/bin/env node
// The `nabla` command: train, predict, evaluate and inspect models on CSV files; run the bench and the tour.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, usage, USAGE } from './errors.js';
import { MODELS, parseSets, type Task } from './models.js';

const HELP = `nabla — machine learning from the terminal

usage:
  nabla train DATA.csv --target COL [--model NAME] [--task classification|regression]
              [--cv K | --test-size F] [--set key=value ...] [--out model.nbl] [--json]
  nabla predict MODEL.nbl DATA.csv [--proba] [--out preds.csv]
  nabla evaluate MODEL.nbl DATA.csv [--json]
  nabla info MODEL.nbl [--json]
  nabla bench [args...]      run the benchmark suite (bench/all.mjs)
  nabla tour [args...]       a guided run through the toolbox (--list, --only NAME)

train reads typed columns; numeric columns are median-imputed and standardised, string columns
one-hot encoded (missing is its own category); the task is inferred from the target unless given.
It prints cross-validated metrics (mean ± std; 5 folds, 3 for auto), a confusion matrix or residual
summary, the top features, and saves the model with its preprocessing (default model.nbl).

models (--model, default forest):
${Object.entries(MODELS).map(([n, e]) => `  ${n.padEnd(12)} ${e.description}${e.classification && e.regression ? '' : e.classification ? ' [classification]' : ' [regression]'}`).join('\n')}
  ${'auto'.padEnd(12)} 3-fold comparison of logistic/linear, tree, forest and gbm; keeps the best
--set key=value sets an estimator option (e.g. --set nEstimators=200 --set maxDepth=8).
--json prints machine-readable JSON on stdout. Exit codes: 0 ok, 1 data/model error, 2 usage error.
`;

type Flags = { positional: string[]; values: Record<string, string>; sets: string[]; bools: Set<string> };

const VALUE_FLAGS: Record<string, string[]> = {
  train: ['target', 'model', 'task', 'cv', 'test-size', 'out'],
  predict: ['out'],
  evaluate: [],
  info: [],
};
const BOOL_FLAGS: Record<string, string[]> = { train: ['json'], predict: ['proba'], evaluate: ['json'], info: ['json'] };

function parseFlags(cmd: string, argv: string[]): Flags {
  const f: Flags = { positional: [], values: {}, sets: [], bools: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') { if (arg !== '--') f.positional.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (cmd === 'train' && name === 'set') {
      const v = inline ?? argv[++i];
      if (v === undefined) throw usage('--set needs key=value');
      f.sets.push(v);
    } else if (VALUE_FLAGS[cmd].includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw usage(`--${name} needs a value`);
      f.values[name] = v;
    } else if (BOOL_FLAGS[cmd].includes(name) && inline === undefined) f.bools.add(name);
    else throw usage(`unknown option --${name} for 'nabla ${cmd}' (see nabla --help)`);
  }
  return f;
}

function positionals(cmd: string, f: Flags, names: string[]): string[] {
  if (f.positional.length < names.length) throw usage(`'nabla ${cmd}' needs ${names.join(' and ')} (see nabla --help)`);
  if (f.positional.length > names.length) throw usage(`'nabla ${cmd}': unexpected argument '${f.positional[names.length]}'`);
  return f.positional;
}

function number(flag: string, v: string, ok: (x: number) => boolean, what: string): number {
  const x = Number(v);
  if (v.trim() === '' || !ok(x)) throw usage(`--${flag} must be ${what}, got '${v}'`);
  return x;
}

/** Runs a script under node with the given args, passing stdio and the exit code through. */
function runScript(path: string, args: string[], what: string): number {
  if (!existsSync(path)) throw new CliError(`${what} is not available here (${path} is missing; it ships with the nabla repository)`);
  const r = spawnSync(process.execPath, [path, ...args], { stdio: 'inherit' });
  if (r.error) throw new CliError(`cannot run ${what}: ${r.error.message}`);
  return r.status ?? 1;
}

async function run(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') { process.stdout.write(HELP); return cmd === undefined ? USAGE : 0; }
  if (cmd === '--version' || cmd === '-v') { process.stdout.write('nabla 0.1.0\n'); return 0; }
  const here = dirname(fileURLToPath(import.meta.url));
  if (cmd === 'bench') return runScript(join(here, '..', '..', '..', 'bench', 'all.mjs'), rest, 'the benchmark suite');
  if (cmd === 'tour') return runScript(join(here, 'tour.js'), rest, 'the tour');
  if (!(cmd in VALUE_FLAGS)) throw usage(`unknown command '${cmd}'; commands are: train, predict, evaluate, info, bench, tour`);
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(HELP); return 0; }
  const f = parseFlags(cmd, rest);
  const json = f.bools.has('json');
  switch (cmd) {
    case 'train': {
      const [data] = positionals(cmd, f, ['DATA.csv']);
      const target = f.values.target;
      if (target === undefined) throw usage("'nabla train' needs --target COL (the column to predict)");
      const task = f.values.task;
      if (task !== undefined && task !== 'classification' && task !== 'regression') throw usage(`--task must be classification or regression, got '${task}'`);
      if (f.values.cv !== undefined && f.values['test-size'] !== undefined) throw usage('use --cv K or --test-size F, not both');
      const cv = f.values.cv === undefined ? undefined : number('cv', f.values.cv, (x) => Number.isInteger(x) && x >= 2, 'an integer ≥ 2');
      const testSize = f.values['test-size'] === undefined ? undefined : number('test-size', f.values['test-size'], (x) => x > 0 && x < 1, 'a fraction between 0 and 1');
      const model = f.values.model ?? 'forest';
      const options = parseSets(f.sets);
      const { train } = await import('./commands/train.js');
      train({ data, target, model, task: task as Task | undefined, cv, testSize, options, out: f.values.out ?? 'model.nbl', json });
      return 0;
    }
    case 'predict': {
      const [model, data] = positionals(cmd, f, ['MODEL.nbl', 'DATA.csv']);
      const { predict } = await import('./commands/predict.js');
      predict({ model, data, proba: f.bools.has('proba'), out: f.values.out });
      return 0;
    }
    case 'evaluate': {
      const [model, data] = positionals(cmd, f, ['MODEL.nbl', 'DATA.csv']);
      const { evaluate } = await import('./commands/evaluate.js');
      evaluate({ model, data, json });
      return 0;
    }
    default: {
      const [model] = positionals(cmd, f, ['MODEL.nbl']);
      const { info } = await import('./commands/info.js');
      info({ model, json });
      return 0;
    }
  }
}

run(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
  const err = e as Error;
  const code = e instanceof CliError ? e.code : 1;
  const msg = (err?.message ?? String(e)).split('\n')[0];
  process.stderr.write(`nabla: error: ${msg}\n`);
  if (process.env.NABLA_DEBUG && err?.stack) process.stderr.write(err.stack + '\n');
  process.exitCode = code;
});
