/**
 * Omniscope's own metrics, rendered in the Prometheus text format at `/metrics`. Deliberately
 * tiny: counters, gauges and histograms with fixed label names, children cached per label
 * values so the hot path is one Map lookup and an addition.
 */
type LabelValues = readonly string[];

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatLabels(names: readonly string[], values: LabelValues, extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? '')}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

interface Collector {
  render(): string;
}

abstract class Metric<Child> implements Collector {
  protected readonly children = new Map<string, { values: LabelValues; child: Child }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  protected abstract newChild(): Child;
  protected abstract renderChild(values: LabelValues, child: Child): string;
  protected abstract readonly type: string;

  /** The series for these label values (in `labelNames` order); cache it on hot paths. */
  labels(...values: string[]): Child {
    const key = values.join('\xff');
    let entry = this.children.get(key);
    if (entry === undefined) {
      entry = { values, child: this.newChild() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n`;
    for (const { values, child } of this.children.values()) out += this.renderChild(values, child);
    return out;
  }
}

export class CounterChild {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

export class Counter extends Metric<CounterChild> {
  protected readonly type = 'counter';
  protected newChild(): CounterChild {
    return new CounterChild();
  }
  protected renderChild(values: LabelValues, c: CounterChild): string {
    return `${this.name}${formatLabels(this.labelNames, values)} ${formatValue(c.value)}\n`;
  }
}

export class GaugeChild {
  value = 0;
  set(v: number): void {
    this.value = v;
  }
}

export class Gauge extends Metric<GaugeChild> {
  protected readonly type = 'gauge';
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly sample?: () => number,
  ) {
    super(name, help, labelNames);
  }
  protected newChild(): GaugeChild {
    return new GaugeChild();
  }
  protected renderChild(values: LabelValues, g: GaugeChild): string {
    return `${this.name}${formatLabels(this.labelNames, values)} ${formatValue(g.value)}\n`;
  }
  override render(): string {
    if (this.sample) this.labels().set(this.sample());
    return super.render();
  }
}

export class HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) {
      if (v <= (this.bounds[i] as number)) this.counts[i]!++;
    }
  }
}

export class Histogram extends Metric<HistogramChild> {
  protected readonly type = 'histogram';
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly bounds: readonly number[],
  ) {
    super(name, help, labelNames);
  }
  protected newChild(): HistogramChild {
    return new HistogramChild(this.bounds);
  }
  protected renderChild(values: LabelValues, h: HistogramChild): string {
    let out = '';
    for (let i = 0; i < this.bounds.length; i++) {
      out += `${this.name}_bucket${formatLabels(this.labelNames, values, ['le', formatValue(this.bounds[i] as number)])} ${h.counts[i]}\n`;
    }
    out += `${this.name}_bucket${formatLabels(this.labelNames, values, ['le', '+Inf'])} ${h.count}\n`;
    out += `${this.name}_sum${formatLabels(this.labelNames, values)} ${formatValue(h.sum)}\n`;
    out += `${this.name}_count${formatLabels(this.labelNames, values)} ${h.count}\n`;
    return out;
  }
}

export class MetricsRegistry {
  private readonly collectors: Collector[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = [], sample?: () => number): Gauge {
    return this.add(new Gauge(name, help, labelNames, sample));
  }
  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, bounds));
  }
  private add<T extends Collector>(c: T): T {
    this.collectors.push(c);
    return c;
  }

  /** The whole registry in Prometheus text format 0.0.4. */
  render(): string {
    return this.collectors.map((c) => c.render()).join('');
  }
}
