// One gate with the compiler: the lint rules here guard the architecture.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'stream', 'crypto', 'util', 'url', 'readline', 'zlib', 'events', 'buffer', 'process'];

export default tseslint.config(
  { ignores: ['node_modules/', 'lib/', 'dist/', 'coverage/', '.jest-cache/', 'preview/', 'bench/', 'out/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core runs unchanged in Apps Script and Node: plain data in and out, no I/O, no clock.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/gas', '**/gas/**', '**/node', '**/node/**'], message: 'src/core must not import src/gas or src/node.' },
          { group: ['node:*', ...NODE_BUILTINS], message: 'src/core must not import Node built-ins.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'src/core never reads the clock: take `now` as a parameter.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core never reads the clock: take `now` as a parameter.' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'src/core is deterministic: no Math.random.' },
      ],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/gas', '**/gas/**'], message: 'src/node must not import src/gas.' }] }],
    },
  },
  {
    files: ['src/gas/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/node', '**/node/**'], message: 'src/gas must not import src/node.' },
          { group: ['node:*', ...NODE_BUILTINS], message: 'Apps Script has no Node built-ins.' },
        ],
      }],
    },
  },
);
