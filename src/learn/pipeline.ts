import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { BaseClassifier, BaseEstimator, BaseRegressor, checkFitted, type ArrayInput, type LabelInput, type Params } from './base.js';
import type { Estimator } from './modelSelection/types.js';
import { estimatorFromJSON, registerEstimator, type EstimatorJSON } from './persist.js';

/** A saved pipeline: each step's own saved form ('passthrough' / null as is). */
export interface PipelineJSON { type: 'Pipeline'; params: object; steps: [string, EstimatorJSON | 'passthrough' | null][]; fitted: boolean }

/** A pipeline step: a name and an estimator; 'passthrough' (or null) skips the step. */
export type PipelineStep = readonly [string, Estimator | 'passthrough' | null];

function checkSteps(steps: readonly PipelineStep[]): void {
  if (!Array.isArray(steps) || steps.length === 0) throw new ValueError('Pipeline: steps must be a non-empty list of [name, estimator] pairs');
  const names = new Set<string>();
  steps.forEach((s, i) => {
    if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string') throw new ValueError(`Pipeline: step ${i} must be a [name, estimator] pair`);
    const [name, est] = s;
    if (names.has(name)) throw new ValueError(`Pipeline: names provided are not unique: '${name}' appears twice`);
    if (name.includes('__')) throw new ValueError(`Pipeline: step names must not contain '__': got '${name}'`);
    if (name === 'steps') throw new ValueError("Pipeline: step name 'steps' conflicts with the constructor argument");
    names.add(name);
    if (est === null || est === 'passthrough') return;
    if (i < steps.length - 1 && typeof est.transform !== 'function') {
      throw new ValueError(`Pipeline: all intermediate steps should be transformers (have fit and transform); step '${name}' (${est.constructor.name}) does not`);
    }
    if (typeof est.fit !== 'function') throw new ValueError(`Pipeline: step '${name}' has no fit() method`);
  });
}

/**
 * A chain of transformers ending in any estimator (scikit-learn's `Pipeline`): `fit` fits each
 * transformer on the output of the previous one, then the final step; predict/transform/score
 * run the data through the fitted transformers first. Step options are addressed as
 * `step__option` in getParams/setParams, so GridSearchCV can search over a pipeline.
 *
 * ```ts
 * const pipe = new Pipeline([['scale', new StandardScaler()], ['ridge', new Ridge()]]);
 * new GridSearchCV(pipe, { ridge__alpha: [0.1, 1, 10] }).fit(X, y);
 * ```
 */
export class Pipeline extends BaseEstimator<{ steps: PipelineStep[] }> {
  private fitted = false;

  constructor(steps: readonly PipelineStep[] | { steps: readonly PipelineStep[] }) {
    const list = Array.isArray(steps) ? steps : (steps as { steps: readonly PipelineStep[] }).steps;
    checkSteps(list);
    super({ steps: list.map(([n, e]) => [n, e] as PipelineStep) });
  }

  /** The steps by name. */
  get namedSteps(): Record<string, Estimator | 'passthrough' | null> {
    return Object.fromEntries(this.params.steps);
  }

  /** The last step (null for passthrough). */
  get finalEstimator(): Estimator | null {
    const last = this.params.steps[this.params.steps.length - 1][1];
    return last === 'passthrough' ? null : last;
  }

  /** Number of features seen by fit: the first step's (null before fit). */
  get nFeaturesIn(): number | null {
    if (!this.fitted) return null;
    const first = this.params.steps.find(([, e]) => e !== null && e !== 'passthrough')?.[1] as { nFeaturesIn?: number | null } | undefined;
    return first?.nFeaturesIn ?? null;
  }

  /** 'classifier' / 'regressor' as the final step, so cross-validation stratifies a classifier pipeline. */
  get estimatorType(): string | undefined {
    const f = this.finalEstimator;
    if (f instanceof BaseClassifier) return 'classifier';
    if (f instanceof BaseRegressor) return 'regressor';
    return (f as { estimatorType?: string } | null)?.estimatorType;
  }

  /** The final step's classes, once fitted. */
  get classes(): Tensor | Float64Array | string[] | null {
    return this.finalEstimator?.classes ?? null;
  }

  override getParams(deep = true): Params {
    const out: Params = { steps: this.params.steps };
    if (!deep) return out;
    for (const [name, est] of this.params.steps) {
      out[name] = est;
      if (est && est !== 'passthrough') for (const [k, v] of Object.entries(est.getParams(true))) out[`${name}__${k}`] = v;
    }
    return out;
  }

  /** Sets `steps`, a whole step by name, or a step's option as `name__option`. */
  override setParams(params: Params): this {
    if ('steps' in params) {
      checkSteps(params.steps as PipelineStep[]);
      this.params.steps = [...(params.steps as PipelineStep[])];
    }
    const names = this.params.steps.map((s) => s[0]);
    for (const [key, value] of Object.entries(params)) {
      if (key === 'steps') continue;
      const sep = key.indexOf('__');
      const name = sep >= 0 ? key.slice(0, sep) : key;
      const idx = names.indexOf(name);
      if (idx < 0) throw new ValueError(`Pipeline.setParams: invalid parameter '${key}'; valid step names are ${names.join(', ')}`);
      if (sep < 0) {
        this.params.steps[idx] = [name, value as Estimator | 'passthrough' | null];
        continue;
      }
      const est = this.params.steps[idx][1];
      if (!est || est === 'passthrough') throw new ValueError(`Pipeline.setParams: step '${name}' is passthrough and has no parameter '${key.slice(sep + 2)}'`);
      est.setParams({ [key.slice(sep + 2)]: value });
    }
    return this;
  }

  override clone(): this {
    return new Pipeline(this.params.steps.map(([n, e]) => [n, e && e !== 'passthrough' ? e.clone() : e] as PipelineStep)) as this;
  }

  /** Fits the transformers in turn (fitTransform where they have it) and the final step on their output. */
  fit(X: ArrayInput, y?: LabelInput): this {
    let Xt: ArrayInput = X;
    const steps = this.params.steps;
    for (let i = 0; i < steps.length - 1; i++) {
      const est = steps[i][1];
      if (!est || est === 'passthrough') continue;
      const ft = (est as { fitTransform?: (X: ArrayInput, y?: LabelInput) => Tensor }).fitTransform;
      Xt = typeof ft === 'function' ? ft.call(est, Xt, y) : (est.fit(Xt, y), (est.transform as (X: ArrayInput) => Tensor).call(est, Xt));
    }
    this.finalEstimator?.fit(Xt, y);
    this.fitted = true;
    return this;
  }

  /** X through the fitted transformers (all but the last step). */
  private transformHead(X: ArrayInput, method: string): ArrayInput {
    checkFitted(this, this.fitted ? true : null, method);
    let Xt: ArrayInput = X;
    const steps = this.params.steps;
    for (let i = 0; i < steps.length - 1; i++) {
      const est = steps[i][1];
      if (est && est !== 'passthrough') Xt = (est.transform as (X: ArrayInput) => Tensor).call(est, Xt);
    }
    return Xt;
  }

  private callFinal(method: 'predict' | 'predictProba' | 'decisionFunction', X: ArrayInput): Tensor {
    const Xt = this.transformHead(X, method);
    const f = this.finalEstimator;
    const fn = f?.[method];
    if (!f || typeof fn !== 'function') throw new ValueError(`Pipeline.${method}: the final step has no ${method}() method`);
    return fn.call(f, Xt);
  }

  predict(X: ArrayInput): Tensor { return this.callFinal('predict', X); }
  predictProba(X: ArrayInput): Tensor { return this.callFinal('predictProba', X); }
  decisionFunction(X: ArrayInput): Tensor { return this.callFinal('decisionFunction', X); }

  /** X through every step (the final one must be a transformer or passthrough). */
  transform(X: ArrayInput): Tensor {
    const Xt = this.transformHead(X, 'transform');
    const f = this.finalEstimator;
    if (!f) return Xt as Tensor;
    if (typeof f.transform !== 'function') throw new ValueError('Pipeline.transform: the final step has no transform() method');
    return f.transform(Xt);
  }

  fitTransform(X: ArrayInput, y?: LabelInput): Tensor {
    return this.fit(X, y).transform(X);
  }

  /** The final step's score on the transformed X. */
  score(X: ArrayInput, y?: LabelInput): number {
    const Xt = this.transformHead(X, 'score');
    const f = this.finalEstimator;
    if (!f || typeof f.score !== 'function') throw new ValueError('Pipeline.score: the final step has no score() method');
    return f.score(Xt, y);
  }

  /** The pipeline as JSON: every step saved with its own toJSON (a step without one is a ValueError). */
  toJSON(): PipelineJSON {
    checkFitted(this, this.fitted ? true : null, 'toJSON');
    const steps = this.params.steps.map(([name, est]): [string, EstimatorJSON | 'passthrough' | null] => {
      if (est === null || est === 'passthrough') return [name, est];
      const save = (est as { toJSON?: () => EstimatorJSON }).toJSON;
      if (typeof save !== 'function') throw new ValueError(`Pipeline.toJSON: step '${name}' (${est.constructor.name}) cannot be saved: it has no toJSON()`);
      return [name, save.call(est)];
    });
    return { type: 'Pipeline', params: {}, steps, fitted: true };
  }

  /** Restores a pipeline saved by toJSON. */
  static fromJSON(json: PipelineJSON): Pipeline {
    if (json.type !== 'Pipeline') throw new ValueError(`Pipeline.fromJSON: expected type 'Pipeline', got '${String(json.type)}'`);
    const pipe = new Pipeline(json.steps.map(([name, j]) => [name, j === null || j === 'passthrough' ? j : estimatorFromJSON(j) as unknown as Estimator] as PipelineStep));
    pipe.fitted = json.fitted;
    return pipe;
  }
}

registerEstimator('Pipeline', Pipeline.fromJSON);

/** A Pipeline named automatically: lower-cased class names, numbered `-1`, `-2` when repeated (scikit-learn's `make_pipeline`). */
export function makePipeline(...estimators: Estimator[]): Pipeline {
  const names = estimators.map((e) => e.constructor.name.toLowerCase());
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const seen = new Map<string, number>();
  return new Pipeline(estimators.map((e, i) => {
    const n = names[i];
    if ((counts.get(n) as number) === 1) return [n, e] as PipelineStep;
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return [`${n}-${k}`, e] as PipelineStep;
  }));
}
