import { type Document, isMap, isScalar, isSeq, type Node, parse, type Scalar } from 'yaml';

/** An unset variable or a malformed reference, at a zod-style path. */
export interface InterpolationProblem {
  path: (string | number)[];
  message: string;
  /** Offset in the source text of the scalar, for a line number. */
  offset: number | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE_BODY = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;
const WHOLE_REFERENCE = /^\$\{[^}]*\}$/;

type Substitution = { ok: true; value: string } | { ok: false; message: string };

/**
 * Replaces `${NAME}` and `${NAME:-default}` in one string. `:-` takes the default when NAME is unset or empty;
 * `$${` writes a literal `${`.
 */
export function substituteEnv(text: string, env: Env): Substitution {
  let result = '';
  let index = 0;
  const missing: string[] = [];
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) {
      result += text.slice(index);
      break;
    }
    result += text.slice(index, dollar);
    if (text.startsWith('$${', dollar)) {
      result += '${';
      index = dollar + 3;
      continue;
    }
    if (text[dollar + 1] !== '{') {
      result += '$';
      index = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close === -1) return { ok: false, message: "unterminated '${' (write $${ for a literal '${')" };
    const body = text.slice(dollar + 2, close);
    const match = REFERENCE_BODY.exec(body);
    if (!match) {
      return { ok: false, message: `invalid reference '\${${body}}': expected \${NAME} or \${NAME:-default}` };
    }
    const name = match[1]!;
    const fallback = match[2];
    const value = env[name];
    if (fallback !== undefined) result += value === undefined || value === '' ? fallback : value;
    else if (value !== undefined) result += value;
    else missing.push(name);
    index = close + 1;
  }
  if (missing.length > 0) {
    const names = missing.join(', ');
    const verb = missing.length > 1 ? 'variables' : 'variable';
    const be = missing.length > 1 ? 'are' : 'is';
    return {
      ok: false,
      message: `environment ${verb} ${names} ${be} not set (write \${${missing[0]}:-default} for a fallback)`,
    };
  }
  return { ok: true, value: result };
}

/**
 * Reads an interpolated plain scalar the way YAML would have read the text in its place, so `port: ${PORT}` gives a
 * number. Only numbers, booleans and null: a value can never add structure to the file.
 */
function readAsPlainScalar(text: string): string | number | boolean | null {
  try {
    const value: unknown = parse(text);
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  } catch {
    // Not a scalar YAML could read: keep the text.
  }
  return text;
}

/**
 * Interpolates environment variables into every string value of a parsed YAML document, in place (keys are left
 * alone). A plain scalar that is a single reference is typed like YAML (number, boolean); when it resolves to nothing
 * (`api_key: ${KEY:-}`), its key is removed so the schema default applies. Quoted scalars always stay strings.
 */
export function interpolateEnv(document: Document, env: Env): InterpolationProblem[] {
  const problems: InterpolationProblem[] = [];

  const visitScalar = (scalar: Scalar, path: (string | number)[]): 'keep' | 'remove' => {
    if (typeof scalar.value !== 'string' || !scalar.value.includes('$')) return 'keep';
    const source = scalar.value;
    const substitution = substituteEnv(source, env);
    if (!substitution.ok) {
      problems.push({ path, message: substitution.message, offset: scalar.range?.[0] });
      return 'keep';
    }
    if (scalar.type === 'PLAIN' && WHOLE_REFERENCE.test(source)) {
      const typed = readAsPlainScalar(substitution.value);
      if (typed === null) return 'remove';
      scalar.value = typed;
    } else {
      scalar.value = substitution.value;
    }
    return 'keep';
  };

  const visit = (node: Node | null, path: (string | number)[]): 'keep' | 'remove' => {
    if (isMap(node)) {
      node.items = node.items.filter((pair) => {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        return visit(pair.value as Node | null, [...path, key]) === 'keep';
      });
    } else if (isSeq(node)) {
      // A null inside a list is left for the schema to report: removing it would shift the indexes.
      node.items.forEach((item, index) => {
        if (isScalar(item) && visitScalar(item, [...path, index]) === 'remove') item.value = null;
        else if (!isScalar(item)) visit(item as Node | null, [...path, index]);
      });
    } else if (isScalar(node)) {
      return visitScalar(node, path);
    }
    return 'keep';
  };

  visit(document.contents as Node | null, []);
  return problems;
}
