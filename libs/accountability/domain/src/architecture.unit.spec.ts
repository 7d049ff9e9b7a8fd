import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Accountability reads the other contexts only through its published-language declarations. */
const ALLOWED = [/^@palembang\/events\/core$/, /^@palembang\/working-days$/, /^@palembang\/satisfaction$/, /^node:/, /^\./];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the accountability domain library', () => {
  it('imports only the shared libraries it is allowed, no other context, framework or infrastructure', () => {
    const offending = sourceFiles(__dirname).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^(?:import|export) [^;]*?from '([^']+)'/gm)].map((match) => match[1]).filter((source) => !ALLOWED.some((allowed) => allowed.test(source))).map((source) => `${file}: ${source}`),
    );
    expect(offending).toEqual([]);
  });
});
