// Lint rules that keep the style honest (see ../shared/STYLE.md): promise hygiene,
// type-only imports, no `export *`, and no console outside the CLI entry point.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const rules = {
  '@typescript-eslint/no-floating-promises': [
    'error',
    // node:test's describe/it return promises the runner itself awaits.
    { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
  ],
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
  '@typescript-eslint/consistent-type-imports': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
  'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name every export: no `export *`.' }],
  'no-console': 'error',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['ui/**'],
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    rules,
  },
  {
    // The web app: its own tsconfig (DOM, JSX, bundler resolution).
    files: ['ui/**/*.ts', 'ui/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './ui/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules,
  },
  {
    files: ['src/cli.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
