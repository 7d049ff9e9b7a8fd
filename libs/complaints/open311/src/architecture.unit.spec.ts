import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The library is pure: its runtime code imports no framework, no infrastructure and no Node.js module. */
const FORBIDDEN_IMPORT = /from '(@nestjs\/[^']+|typeorm|kafkajs|pg|express|ajv|node:[^']+|fs|child_process|@palembang\/(events|platform)[^']*)'/;

function runtimeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : runtimeFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the open311 library', () => {
  it('imports no framework or infrastructure outside its test support', () => {
    const offenders = runtimeFiles(__dirname).filter((file) => FORBIDDEN_IMPORT.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(__dirname, file))).toEqual([]);
  });
});
