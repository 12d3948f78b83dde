// ESLint (flat config): typescript-eslint's recommended rules plus agent-guard's layer rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './lint/layers.mjs';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**', 'examples/**', '.bench/**', 'bench/out/**', 'src/**/*.generated.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
      },
    },
    plugins: { 'agent-guard': layers },
    rules: {
      'agent-guard/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters in patterns are the point: hostile names are escaped by matching them.
      'no-control-regex': 'off',
      // One spelling in identifiers, American as in the APIs around us (normalize, serialize, color).
      'id-match': [
        'error',
        '^(?!.*(?:[aA]nalys(?:e|ed|es|ing)(?![a-z])|[nN]ormalis|[fF]inalis|[sS]erialis|[sS]anitis|[sS]ummaris|[iI]nitialis|[rR]ecognis|[cC]olour|[fF]lavour|[bB]ehaviour)).*$',
        { properties: true, classFields: true, onlyDeclarations: false },
      ],
    },
  },
  {
    // Tests read untyped JSON (SARIF, GitHub API bodies) field by field.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
