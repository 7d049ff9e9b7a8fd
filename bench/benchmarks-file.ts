import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const BENCHMARKS_FILE = resolve(__dirname, '../docs/benchmarks.md');

const TITLE = '# Benchmarks\n\nEach section is written by its benchmark; run it again rather than editing by hand.\n';

/** Replaces one benchmark's section of docs/benchmarks.md (or appends it), leaving the others as they are. */
export function writeBenchmarkSection(name: string, markdown: string, file = BENCHMARKS_FILE): void {
  const begin = `<!-- begin:${name} -->`;
  const end = `<!-- end:${name} -->`;
  const section = `${begin}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : TITLE;
  const base = current.startsWith('# Benchmarks') ? current : TITLE;
  const start = base.indexOf(begin);
  const stop = base.indexOf(end);
  const next = start >= 0 && stop > start ? base.slice(0, start) + section + base.slice(stop + end.length) : `${base.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

/** Moves every markdown heading one level down, so a benchmark's document becomes a section. */
export function asSection(markdown: string): string {
  return markdown.replace(/^(#+) /gm, '#$1 ');
}
