/** Kinds of metric in the Prometheus text format 0.0.4. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One labelled series of a counter or gauge. */
export interface MetricSeries {
  /** Adds `amount` (1 by default). */
  inc(amount?: number): void;
  /** Subtracts `amount` (1 by default); gauges only by convention. */
  dec(amount?: number): void;
  /** Sets the value; gauges only by convention. */
  set(value: number): void;
}

/** One labelled series of a histogram. */
export interface HistogramSeries {
  /** Counts one observation into its bucket, the sum and the count. */
  observe(value: number): void;
}

/**
 * A counter or gauge family: `labels(...)` returns the series for those label values (cached, created once);
 * `inc`/`dec`/`set` on the family itself act on its unlabelled series.
 */
export interface MetricFamily extends MetricSeries {
  /** The series for these label values, in the order of the family's label names. */
  labels(...values: string[]): MetricSeries;
}

/** A histogram family with fixed buckets. */
export interface HistogramFamily {
  /** The series for these label values, in the order of the family's label names. */
  labels(...values: string[]): HistogramSeries;
}

/** Writes extra lines at scrape time (state read from elsewhere: breaker gauges, process figures). */
export type MetricCollector = () => void;

/** Metrics of the whole process, rendered as Prometheus text. Others (cache, queue, keys) add their families here. */
export interface MetricRegistry {
  /** Declares a counter (its name should end in `_total`). */
  counter(name: string, help: string, labelNames?: readonly string[]): MetricFamily;
  /** Declares a gauge. */
  gauge(name: string, help: string, labelNames?: readonly string[]): MetricFamily;
  /** Declares a histogram with fixed upper bounds (ascending; `+Inf` is added). */
  histogram(
    name: string,
    help: string,
    options: { labelNames?: readonly string[]; buckets: readonly number[] },
  ): HistogramFamily;
  /** Runs before each render, to refresh gauges read from elsewhere. */
  addCollector(collector: MetricCollector): void;
  /** The exposition text (content type `text/plain; version=0.0.4`). */
  render(): string;
}

/** Content type of the exposition text. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Family {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  series: Map<string, { labelText: string; value: number; buckets?: number[]; sum?: number; count?: number }>;
  bounds?: readonly number[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: backslash, double quote and line feed (exposition format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/** Escapes HELP text: backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

function labelText(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  let text = '';
  for (let index = 0; index < names.length; index++) {
    if (index > 0) text += ',';
    text += `${names[index]}="${escapeLabelValue(values[index] ?? '')}"`;
  }
  return text;
}

/**
 * Handles by label values in nested maps, one level per label: a lookup walks existing maps and builds no key
 * string, so a hot-path `labels(a, b).inc()` allocates nothing once the series exists.
 */
function createHandleCache<T>(create: (values: readonly string[]) => T): (values: readonly string[]) => T {
  const root = new Map<string, unknown>();
  let unlabelled: T | undefined;
  return (values) => {
    if (values.length === 0) {
      unlabelled ??= create(values);
      return unlabelled;
    }
    let level = root;
    for (let index = 0; index < values.length - 1; index++) {
      const value = values[index]!;
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const last = values[values.length - 1]!;
    let handle = level.get(last) as T | undefined;
    if (handle === undefined) {
      handle = create(values);
      level.set(last, handle);
    }
    return handle;
  };
}

/** Creates an empty registry. */
export function createMetricRegistry(): MetricRegistry {
  const families = new Map<string, Family>();
  const collectors: MetricCollector[] = [];

  function declare(name: string, help: string, type: MetricType, labelNames: readonly string[]): Family {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const label of labelNames) if (!LABEL_NAME.test(label)) throw new Error(`invalid label name ${label}`);
    const existing = families.get(name);
    if (existing !== undefined) {
      if (existing.type !== type) throw new Error(`metric ${name} already declared as a ${existing.type}`);
      return existing;
    }
    const family: Family = { name, help, type, labelNames, series: new Map() };
    families.set(name, family);
    return family;
  }

  function seriesOf(family: Family, values: readonly string[]) {
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    let series = family.series.get(key);
    if (series === undefined) {
      series = { labelText: labelText(family.labelNames, values), value: 0 };
      if (family.bounds !== undefined) {
        series.buckets = new Array<number>(family.bounds.length).fill(0);
        series.sum = 0;
        series.count = 0;
      }
      family.series.set(key, series);
    }
    return series;
  }

  function scalarFamily(family: Family): MetricFamily {
    const handleOf = createHandleCache<MetricSeries>((values) => {
      const series = seriesOf(family, values);
      return {
        inc: (amount = 1) => {
          series.value += amount;
        },
        dec: (amount = 1) => {
          series.value -= amount;
        },
        set: (value) => {
          series.value = value;
        },
      };
    });
    return {
      inc: (amount) => handleOf([]).inc(amount),
      dec: (amount) => handleOf([]).dec(amount),
      set: (value) => handleOf([]).set(value),
      labels: (...values) => handleOf(values),
    };
  }

  return {
    counter: (name, help, labelNames = []) => scalarFamily(declare(name, help, 'counter', labelNames)),
    gauge: (name, help, labelNames = []) => scalarFamily(declare(name, help, 'gauge', labelNames)),
    histogram(name, help, options) {
      const family = declare(name, help, 'histogram', options.labelNames ?? []);
      family.bounds = options.buckets;
      const bounds = options.buckets;
      const handleOf = createHandleCache<HistogramSeries>((values) => {
        const series = seriesOf(family, values);
        const buckets = series.buckets!;
        return {
          observe(value) {
            for (let index = 0; index < bounds.length; index++) {
              if (value <= bounds[index]!) {
                buckets[index]! += 1;
                break;
              }
            }
            series.sum! += value;
            series.count! += 1;
          },
        };
      });
      return { labels: (...values) => handleOf(values) };
    },
    addCollector(collector) {
      collectors.push(collector);
    },
    render() {
      for (const collector of collectors) collector();
      const lines: string[] = [];
      for (const family of families.values()) {
        lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
        for (const series of family.series.values()) {
          if (family.bounds === undefined) {
            const labels = series.labelText === '' ? '' : `{${series.labelText}}`;
            lines.push(`${family.name}${labels} ${formatNumber(series.value)}`);
            continue;
          }
          const prefix = series.labelText === '' ? '' : `${series.labelText},`;
          let cumulative = 0;
          for (let index = 0; index < family.bounds.length; index++) {
            cumulative += series.buckets![index]!;
            lines.push(`${family.name}_bucket{${prefix}le="${formatNumber(family.bounds[index]!)}"} ${cumulative}`);
          }
          lines.push(`${family.name}_bucket{${prefix}le="+Inf"} ${series.count}`);
          const labels = series.labelText === '' ? '' : `{${series.labelText}}`;
          lines.push(`${family.name}_sum${labels} ${formatNumber(series.sum!)}`);
          lines.push(`${family.name}_count${labels} ${series.count}`);
        }
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
