// Import boundaries of STYLE.md §1: the pure core and the renderer cannot reach Node, Electron or the DB.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeAndElectron = [
  { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' },
  { name: 'better-sqlite3', message: 'Only electron/db may import better-sqlite3.' },
  { name: 'pg', message: 'Only electron/db may import pg.' },
];
const nodeBuiltins = { group: ['node:*'], message: 'Pure code must not use Node built-ins.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    // Type-aware rules: a promise nobody awaits (a lost error) or one passed where a plain callback is expected.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'better-sqlite3', message: 'Only electron/db may import better-sqlite3.' }, { name: 'pg', message: 'Only electron/db may import pg.' }] }],
    },
  },
  {
    files: ['electron/db/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeAndElectron, { name: 'react', message: 'The core is UI-free.' }],
        patterns: [nodeBuiltins],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // This rule reports where the React Compiler would skip a component; the compiler is not used here (Vite's
      // React plugin without it), so hand-written useCallback/useMemo stay as they are.
      'react-hooks/preserve-manual-memoization': 'off',
      'no-restricted-imports': ['error', {
        paths: nodeAndElectron,
        patterns: [nodeBuiltins, { group: ['**/electron/main/**', '**/electron/db/**', '**/electron/preload/**'], message: 'The renderer reaches main only through window.gate (renderer/src/gate.ts).' }],
      }],
    },
  },
);
