/** One sample of the exposition text. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** What a strict parse of Prometheus text format 0.0.4 found. */
export interface PromText {
  /** TYPE of each family. */
  types: Map<string, string>;
  /** HELP of each family. */
  helps: Map<string, string>;
  samples: PromSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/;

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (name.endsWith(suffix) && types.get(name.slice(0, -suffix.length)) === 'histogram') {
      return name.slice(0, -suffix.length);
    }
  }
  return undefined;
}

/** Parses exposition text strictly; throws on any line a Prometheus server would reject. */
export function parsePrometheus(text: string): PromText {
  if (!text.endsWith('\n')) throw new Error('the text must end with a line feed');
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ')) {
      const [name, ...rest] = line.slice(7).split(' ');
      if (helps.has(name!)) throw new Error(`second HELP for ${name}`);
      helps.set(name!, rest.join(' '));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type!))
        throw new Error(`bad type: ${line}`);
      if (types.has(name!)) throw new Error(`second TYPE for ${name}`);
      types.set(name!, type!);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const [, name, labelText, valueText] = match;
    if (familyOf(name!, types) === undefined) throw new Error(`sample before its TYPE: ${line}`);
    const labels: Record<string, string> = {};
    let rest = labelText ?? '';
    while (rest !== '') {
      const label = LABEL.exec(rest);
      if (label === null) throw new Error(`bad labels: ${line}`);
      labels[label[1]!] = label[2]!.replaceAll('\\n', '\n').replaceAll('\\"', '"').replaceAll('\\\\', '\\');
      rest = rest.slice(label[0].length);
    }
    const value = valueText === '+Inf' ? Number.POSITIVE_INFINITY : Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') throw new Error(`bad value: ${line}`);
    samples.push({ name: name!, labels, value });
  }
  return { types, helps, samples };
}

/** The value of the one sample with this name and these labels (0 when absent). */
export function sampleValue(text: PromText, name: string, labels: Record<string, string> = {}): number {
  const found = text.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  return found.reduce((sum, sample) => sum + sample.value, 0);
}
