// Lint: TypeScript rules, plus the architecture rule that domain and service code stay free of the
// platform (botbuilder, Teams AI, restify) and of SQL drivers (pg), so they can move to the Teams SDK unchanged.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import ddh from './eslint-boundaries.js';

const PLATFORM = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  '@microsoft/teams-ai',
  'restify',
  'pg',
  '@electric-sql/pglite',
  'pg-boss',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'artifacts/**', 'devTools/**', 'docs/cards/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/**/*-domain.ts', 'src/**/*-service.ts', 'src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: PLATFORM,
              message:
                'Domæne- og servicekode må ikke kende platformen eller databasedriveren (se docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { ddh },
    rules: { 'ddh/boundaries': 'error' },
  },
  {
    // One config loader reads the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/app/config.ts', 'src/app/playground.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Læs konfiguration via src/app/config.ts.' },
      ],
    },
  },
);
