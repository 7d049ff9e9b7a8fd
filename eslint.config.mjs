import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Libraries that tie code to a framework or to infrastructure; domain code must not import them. */
const INFRASTRUCTURE_IMPORTS = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'express', '@palembang/events', '@palembang/platform'];

const DEPENDENCY_RULES = [
  // Apps depend on libraries, never on each other.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contract', 'type:infra', 'type:api'] },
  // A service's public API classes (DTOs), shared with the gateway that documents its routes; they
  // build on the shared API conventions (paging), which the scope rules keep to scope:shared.
  { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:contract', 'type:api'] },
  // Domain code is pure: other domain code and event contracts only, no framework or infrastructure.
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contract'], bannedExternalImports: INFRASTRUCTURE_IMPORTS },
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'], bannedExternalImports: INFRASTRUCTURE_IMPORTS },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:contract', 'type:infra', 'type:api'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:infra', 'type:contract'] },
  // The event catalogue (tools/asyncapi) documents every context's events, so it alone reads every context's contracts; it has no scope.
  { sourceTag: 'type:docs', onlyDependOnLibsWithTags: ['type:domain', 'type:contract', 'type:infra'] },
  // A bounded context uses its own code and the shared libraries only.
  { sourceTag: 'scope:permits', onlyDependOnLibsWithTags: ['scope:permits', 'scope:shared'] },
  { sourceTag: 'scope:complaints', onlyDependOnLibsWithTags: ['scope:complaints', 'scope:shared'] },
  { sourceTag: 'scope:training', onlyDependOnLibsWithTags: ['scope:training', 'scope:shared'] },
  { sourceTag: 'scope:accountability', onlyDependOnLibsWithTags: ['scope:accountability', 'scope:shared'] },
  { sourceTag: 'scope:webhooks', onlyDependOnLibsWithTags: ['scope:webhooks', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared', 'type:api'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'tmp', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: DEPENDENCY_RULES,
        },
      ],
    },
  },
  {
    // Tests of the runtime and of the services may drive the infrastructure tool (a dedicated Kafka broker or
    // PostgreSQL server to stop and restart).
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: DEPENDENCY_RULES.map((rule) =>
            rule.sourceTag === 'type:infra' || rule.sourceTag === 'type:app' ? { ...rule, onlyDependOnLibsWithTags: [...rule.onlyDependOnLibsWithTags, 'type:tool'] } : rule,
          ),
        },
      ],
    },
  },
];


