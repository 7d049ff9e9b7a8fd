import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The library is pure: its runtime code imports no framework, no infrastructure and no Node.js module. */
const FORBIDDEN_IMPORT = /from '(@nestjs\/[^']+|typeorm|kafkajs|pg|express|ajv|node:[^']+|fs|child_process|@palembang\/[^']+)'/;

function runtimeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : runtimeFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the xapi library', () => {
  it('imports no framework, infrastructure or other library outside its tests', () => {
    const offenders = runtimeFiles(__dirname).filter((file) => FORBIDDEN_IMPORT.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(__dirname, file))).toEqual([]);
  });
});
