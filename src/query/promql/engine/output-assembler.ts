import type { Labels } from '../../../model/index.js';
import { labelsKey } from '../../../model/index.js';
import type { EvalContext } from './eval-context.js';
import { PromqlError } from '../parser/index.js';
import type { StepSeries } from './step-values.js';
import { newStepSeries } from './step-values.js';

export const DUPLICATE_LABELSET = 'vector cannot contain metrics with the same labelset';

/**
 * Collects an operator's output series by label set, as Prometheus's range evaluation does:
 * two results with the same labels at the same step are an error.
 */
export class OutputAssembler {
  readonly series: StepSeries[] = [];
  private readonly byKey = new Map<string, StepSeries>();

  constructor(
    private readonly ctx: EvalContext,
    private readonly steps: number,
  ) {}

  /** The output series for `labels`, created on first use; resolve once per input series. */
  slot(labels: Labels, dropName: boolean): StepSeries {
    const key = labelsKey(labels);
    let s = this.byKey.get(key);
    if (s === undefined) {
      s = newStepSeries(labels, this.steps, dropName);
      this.byKey.set(key, s);
      this.series.push(s);
    }
    return s;
  }

  /**
   * A slot for labels known to differ from every other slot's (each input series of a
   * function that keeps its labels): no key is built and no map consulted.
   */
  uniqueSlot(labels: Labels, dropName: boolean): StepSeries {
    const s = newStepSeries(labels, this.steps, dropName);
    this.series.push(s);
    return s;
  }

  set(s: StepSeries, step: number, value: number): void {
    if (s.present[step] === 1) throw new PromqlError('execution', DUPLICATE_LABELSET);
    s.present[step] = 1;
    s.values[step] = value;
    this.ctx.addSamples(1);
  }

  /** Series that received at least one value. */
  result(): StepSeries[] {
    return this.series.filter((s) => s.present.includes(1));
  }
}
