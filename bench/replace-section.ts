import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `section` (which starts with `<!-- name:start -->` and ends with `<!-- name:end -->`) into the Markdown file
 * at `path`, replacing the previous section of that name, or appending it when there is none.
 */
export function replaceSection(path: string, name: string, section: string): void {
  const startMarker = `<!-- ${name}:start -->`;
  const endMarker = `<!-- ${name}:end -->`;
  let text = readFileSync(path, 'utf8');
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start !== -1 && end !== -1) text = text.slice(0, start) + section + text.slice(end + endMarker.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
}

/** Writes a run's raw record to `bench/results/<prefix>-<time>.json`; returns the file's path. */
export function saveRecord(repoRoot: string, prefix: string, at: string, record: unknown): string {
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${prefix}-${at.replaceAll(':', '-')}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2));
  return file;
}
