import type { Exemplar, Label, Labels, MetricBatch, MetricMetadata } from '../../../model/index.js';
import { GrowableFloat64, GrowableInt32, labelsKey } from '../../../model/index.js';
import type { AttributeLabeler } from './attribute-labeler.js';
import { isGeneratedLabelName, mergeLabels } from './attribute-labeler.js';

/** Labels this translation generates for a family of series, with an id equal for equal sets. */
export interface GeneratedLabels {
  readonly labels: Label[];
  readonly id: number;
}

/**
 * Builds the MetricBatch of one request, resolving series identity with integer ids instead of
 * a labelsKey string per series (which costs more than the rest of decoding): a series is a
 * pair (attribute label set, generated label set) where the attribute set holds no name the
 * translation generates (`isGeneratedLabelName`), so the split of a label set into the two is
 * unique and equal pairs mean equal label sets. Each distinct attribute set and generated set is
 * interned once by its key; label sets that do not split that way go through `seriesOfLabels`.
 *
 * Samples are columns (GrowableInt32/GrowableFloat64), never an object per sample. One instance
 * per request; the built batch shares its arrays and is valid until the builder is used again.
 */
export class PromBatchBuilder {
  private readonly seriesList: Labels[] = [];
  private readonly generatedIds = new Map<string, number>();
  private readonly attrIds = new Map<string, number>();
  private readonly attrSets: Label[][] = [];
  /** Per generated set id: attribute set id -> series index (small-integer keys stay unboxed). */
  private readonly byGenerated: Array<Map<number, number>> = [];
  private readonly seriesIdx = new GrowableInt32(1024);
  private readonly ts = new GrowableFloat64(1024);
  private readonly vals = new GrowableFloat64(1024);
  private readonly meta = new Map<string, MetricMetadata>();
  private readonly exemplarList: Exemplar[] = [];

  constructor(readonly tenant: string) {}

  /** Interns a sorted set of generated labels (all names must satisfy isGeneratedLabelName). */
  generated(labels: Label[]): GeneratedLabels {
    const key = labelsKey(labels);
    let id = this.generatedIds.get(key);
    if (id === undefined) {
      id = this.byGenerated.length;
      this.generatedIds.set(key, id);
      this.byGenerated.push(new Map());
    }
    return { labels, id };
  }

  /** The id of the attribute set `labeler` has prepared (it must have no generated name). */
  attributeSetId(labeler: AttributeLabeler): number {
    const key = labeler.key();
    let id = this.attrIds.get(key);
    if (id === undefined) {
      id = this.attrSets.length;
      this.attrSets.push(labeler.toLabels());
      this.attrIds.set(key, id);
    }
    return id;
  }

  /** The batch index of the series `attributes ∪ generated`, added when new. */
  series(attrId: number, generated: GeneratedLabels): number {
    const byAttrs = this.byGenerated[generated.id] as Map<number, number>;
    let idx = byAttrs.get(attrId);
    if (idx === undefined) {
      idx = this.seriesList.length;
      this.seriesList.push(mergeLabels(this.attrSets[attrId] as Label[], generated.labels));
      byAttrs.set(attrId, idx);
    }
    return idx;
  }

  /** The batch index of any sorted label set, split into its attribute and generated parts. */
  seriesOfLabels(labels: Label[]): number {
    const generated: Label[] = [];
    const attrs: Label[] = [];
    for (const l of labels) (isGeneratedLabelName(l.name) ? generated : attrs).push(l);
    const key = labelsKey(attrs);
    let attrId = this.attrIds.get(key);
    if (attrId === undefined) {
      attrId = this.attrSets.length;
      this.attrSets.push(attrs);
      this.attrIds.set(key, attrId);
    }
    return this.series(attrId, this.generated(generated));
  }

  sample(seriesIndex: number, timestampMs: number, value: number): void {
    this.seriesIdx.push(seriesIndex);
    this.ts.push(timestampMs);
    this.vals.push(value);
  }

  /** Metadata by family name; a later call for the same family replaces the earlier one. */
  metadata(m: MetricMetadata): void {
    this.meta.set(m.metricFamilyName, m);
  }

  exemplar(e: Exemplar): void {
    this.exemplarList.push(e);
  }

  build(): MetricBatch {
    return {
      tenant: this.tenant,
      series: this.seriesList,
      seriesIndex: this.seriesIdx.view(),
      timestampsMs: this.ts.view(),
      values: this.vals.view(),
      metadata: [...this.meta.values()],
      exemplars: this.exemplarList,
    };
  }
}
