// Lint rules: the recommended sets from ESLint and typescript-eslint, nothing exotic.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', '.data/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // One owner per collection: in the application, only server/store/ imports
  // the mongoose models (their types and constants may be imported anywhere).
  {
    files: ['server/**/*.ts', 'graphql/**/*.ts'],
    ignores: ['server/store/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/models/*', '!**/models/index.ts'],
              importNamePattern: '^[A-Z][a-z]',
              allowTypeImports: true,
              message: 'Only server/store/ reads and writes collections: call a store function instead of importing a model.',
            },
            { group: ['**/models/index.ts'], message: 'Only server/store/ uses the list of every model.' },
          ],
        },
      ],
    },
  },
);
