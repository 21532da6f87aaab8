import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Boundaries are enforced, not hoped for (docs/architecture.md, Repository layout):
 * apps use libs and workflow packages; libs use libs; workflows use only contracts and
 * calendar and nothing that does I/O; a service never imports another service.
 */
const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'node:*', 'worker_threads', 'process'];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '.local/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:workflow'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:workflow'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:lib'] },
            {
              sourceTag: 'type:workflow',
              onlyDependOnLibsWithTags: ['workflow-safe'],
              bannedExternalImports: ['typeorm', 'pg', 'nats', '@nestjs/*', '@temporalio/client', '@temporalio/worker', ...NODE_BUILTINS],
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code must be deterministic: no wall clock or randomness outside the SDK.
    files: ['workflows/**/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: NODE_BUILTINS, message: 'workflow code runs in a sandbox: no Node builtins' }] }],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setInterval', message: 'use sleep()' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'use Date.now() of the workflow sandbox' },
      ],
    },
  },
  {
    // Tests of a workflow package run a worker; they may use the Temporal and testing libs.
    files: ['workflows/**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The console's end-to-end tests start the real stack with the gateway's test harness.
    files: ['apps/console/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
