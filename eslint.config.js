// One lint configuration for every workspace: typescript-eslint's recommended rules, and the import rules of the
// house (README, "Who may import whom"): libraries below deployables, deployables below the roots that wire them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importRules } from './system/import-rules.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'admin/dist.*/**',
      '**/.turbo/**',
      '.data/**',
      '**/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/bench/**', '**/scripts/**', 'system/src/start.ts', 'system/src/start-pglite.ts'],
    rules: { 'no-console': 'off' },
  },
  ...importRules,
);
