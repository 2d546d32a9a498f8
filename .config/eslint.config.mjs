// Lint rules for server, shared, miniapp and tests (run with: npm run lint).
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const root = path.resolve(import.meta.dirname, '..');

const NO_TOFIXED = [
  {
    selector: "CallExpression[callee.property.name='toFixed']",
    message:
      'round through the named points of shared/money.ts (moneyString, ratioString, decimalString, formatDecimal …)',
  },
];

const NO_DATABASE = [
  {
    // deps.db, rc.deps.db
    selector: "MemberExpression[property.name='db']:matches([object.name='deps'], [object.property.name='deps'])",
    message: 'no database access here (deps.db): call a repository or a service',
  },
  {
    // db.user.findMany(…), tx.project.create(…): the shape of a Prisma call on a client or a transaction
    selector: 'CallExpression > MemberExpression.callee > MemberExpression.object[object.name=/^(db|tx|prisma)$/]',
    message: 'no database access here: call a repository or a service',
  },
  {
    selector: "ObjectPattern > Property[key.name='db']",
    message: 'no database access here (db): call a repository or a service',
  },
  {
    selector:
      'MemberExpression[property.name=/^\\$(transaction|queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe)$/]',
    message: 'no database access here ($transaction / raw SQL): call a repository or a service',
  },
];

const NO_FORBIDDEN = [
  {
    selector: "NewExpression[callee.name='AppError'][arguments.0.value='FORBIDDEN']",
    message: 'access is decided in server/auth/policy.ts (a route policy, or a named assert there), not here',
  },
  {
    selector: "CallExpression[callee.name='forbidden']",
    message: 'access is decided in server/auth/policy.ts (a route policy, or a named assert there), not here',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'server/generated/**',
      'miniapp/dist/**',
      'coverage/**',
      'test/artifacts/**',
      '.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        globalThis: 'readonly',
        WebAssembly: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'error',
    },
  },
  {
    // Boundaries between folders (README, Layout). The resolver must know the TypeScript extensions: our imports are
    // extensionless `../../x`, and a rule whose imports resolve to nothing passes everything — no-unresolved keeps
    // the resolver honest.
    files: ['server/**/*.{ts,tsx}', 'shared/**/*.ts', 'miniapp/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.node'] }),
      ],
    },
    rules: {
      // Runtime cycles only: `import type` is erased by the compiler and cannot leave a module half-initialised.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-unresolved': ['error', { ignore: ['^@mini-types/'] }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            ...['server/dingtalk', 'server/lib', 'server/http'].map((target) => ({
              target,
              from: 'server/modules',
              message:
                'infrastructure never imports a business module: take what it needs through Deps or an interface',
            })),
            {
              target: 'shared',
              from: ['server', 'miniapp', 'test'],
              message: 'shared/ is used by every side: it never imports server/, miniapp/ or test/',
            },
            {
              target: 'miniapp',
              from: ['server', 'test'],
              message: 'the mini-program imports only shared/ from outside itself',
            },
            {
              target: 'server/console',
              from: 'server',
              except: ['console'],
              message: 'the console imports only shared/ from outside itself',
            },
            {
              target: 'server/console',
              from: ['miniapp', 'test'],
              message: 'the console imports only shared/ from outside itself',
            },
          ],
        },
      ],
    },
  },
  {
    // Rounding happens at the named points of shared/money.ts (half-up, pinned by its tests); a stray toFixed is a
    // rounding rule of its own. (Repeated in the blocks below: a later block replaces this rule's options.)
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['shared/money.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_TOFIXED] },
  },
  {
    // Access is decided in server/auth/policy.ts (and refused by the route helper), where the route × role matrix
    // test sees it; a 403 thrown elsewhere is a decision the matrix cannot see. (Before the Prisma block: for the same
    // rule a later block replaces an earlier one, so that block repeats these selectors.)
    files: ['server/**/*.ts'],
    ignores: ['server/auth/**', 'server/http/**', 'server/lib/errors.ts', 'server/console/**', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_FORBIDDEN, ...NO_TOFIXED] },
  },
  {
    // Where Prisma may be called: repositories and use-case services. Routes, the access layer, the HTTP plumbing,
    // Excel import/export and pure calculations get data from them (README, Layout).
    files: [
      'server/**/routes.ts',
      'server/auth/**/*.ts',
      'server/http/**/*.ts',
      'server/modules/**/import.ts',
      'server/modules/**/export.ts',
      'server/modules/**/calc/**/*.ts',
      'server/modules/**/{validate,plan,status,tree}.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_DATABASE, ...NO_FORBIDDEN, ...NO_TOFIXED],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib/db', '**/generated/prisma/client'],
              importNames: ['createDb', 'PrismaClient'],
              message: 'no database client here: call a repository or a service',
            },
          ],
        },
      ],
    },
  },
  {
    // server/auth and server/http are where a 403 is decided and raised; they still never touch the database.
    files: ['server/auth/**/*.ts', 'server/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_DATABASE, ...NO_TOFIXED] },
  },
  prettier,
  { files: ['test/**', '**/*.test.ts', 'server/tools/**', '**/*.mjs', '**/*.js'], rules: { 'no-console': 'off' } },
);
