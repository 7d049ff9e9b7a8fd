import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The dependency rules, checked twice: by reading every import of the pure
 * projects, and by proving that lint rejects a violating file.
 */
const ROOT = join(__dirname, '..', '..', '..');
const FORBIDDEN_IN_DOMAIN = [/^@nestjs\//, /^typeorm/, /^kafkajs/, /^pg$/, /^express/, /^@palembang\/events$/, /^@palembang\/platform/];

function projects(): Array<{ root: string; tags: string[] }> {
  const found: Array<{ root: string; tags: string[] }> = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const projectFile = readdirSync(path).includes('project.json') ? join(path, 'project.json') : undefined;
      if (projectFile) found.push({ root: path, tags: JSON.parse(readFileSync(projectFile, 'utf8')).tags ?? [] });
      visit(path);
    }
  };
  for (const top of ['apps', 'libs']) visit(join(ROOT, top));
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every spec file of the workspace's projects and tools. */
function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(path);
    return entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((match) => match[1]);
}

function lint(filePath: string, code: string): Array<{ ruleId: string | null; message: string }> {
  let output: string;
  try {
    output = execFileSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath], { cwd: ROOT, input: code, encoding: 'utf8' });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  return JSON.parse(output)[0].messages;
}

describe('architecture', () => {
  const pure = projects().filter((project) => project.tags.some((tag) => tag === 'type:domain' || tag === 'type:contract'));

  it('has pure projects to check', () => {
    expect(pure.map((project) => relative(ROOT, project.root))).toContain(join('libs', 'events', 'core'));
  });

  it('keeps frameworks, TypeORM and Kafka out of domain and contract code', () => {
    const violations = pure.flatMap((project) =>
      sourceFiles(join(project.root, 'src')).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => FORBIDDEN_IN_DOMAIN.some((pattern) => pattern.test(specifier)))
          .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
      ),
    );
    expect(violations).toEqual([]);
  });

  it('names every spec by what it needs: *.unit.spec.ts (nothing), *.int.spec.ts (PostgreSQL, Kafka), *.e2e.spec.ts (built services)', () => {
    const specs = ['apps', 'libs', 'tools'].flatMap((top) => specFiles(join(ROOT, top))).map((file) => relative(ROOT, file));
    expect(specs).toContain(join('tools', 'infra', 'src', 'architecture.unit.spec.ts'));
    expect(specs.filter((spec) => !/\.(unit|int|e2e)\.spec\.ts$/.test(spec))).toEqual([]);
  });

  it('makes lint reject a domain file that imports NestJS', () => {
    const messages = lint('libs/events/core/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n");
    expect(messages.map((message) => message.ruleId)).toContain('@nx/enforce-module-boundaries');
  }, 60_000);

  it('makes lint reject an app that imports another app', () => {
    const messages = lint('apps/permits/src/probe.ts', "import { GatewayModule } from '../../gateway/src/gateway.module';\nexport const probe = GatewayModule;\n");
    expect(messages.map((message) => message.ruleId)).toContain('@nx/enforce-module-boundaries');
  }, 60_000);
});
