import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'reports/',
      '.stryker-tmp*/',
      'bench/out/',
      'test/fixtures/bin/',
      'scripts/*.mjs',
      'scripts/screenshot/*.mjs',
      'bench/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  { files: ['eslint.config.js'], extends: [tseslint.configs.disableTypeChecked] },
  // Layers: the pure core imports nothing above it (no aws, adapters, commands, tray, login,
  // node:* or packages); the tray shell gets the world through ports, never adapters.
  {
    files: ['src/core/*.ts'],
    ignores: ['src/core/login-machine.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'src/core is pure: import only from src/core (types used by the core live in src/core).' }] },
      ],
    },
  },
  {
    // The login machine still classifies CLI errors with the aws parser; nothing else from above.
    files: ['src/core/login-machine.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./|\\.\\./aws/classify-error\\.ts$)', message: 'src/core is pure: import only from src/core.' }] },
      ],
    },
  },
  {
    files: ['src/core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.\\.?/)|^\\.\\./\\.\\./', message: 'src/core is pure: import only from src/core.' }] }],
    },
  },
  {
    files: ['src/tray/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(adapters|commands)/', message: 'The tray shell reaches the world through ports (src/ports.ts), given by its composition root.' },
          ],
        },
      ],
    },
  },
)
