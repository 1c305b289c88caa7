import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through AppConfig (libs/platform/config).' },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { name: 'luxon', allowTypeImports: true, message: 'Import DateTime and IANAZone from @attune/platform: one copy of luxon in the process (libs/platform/src/time/luxon.ts).' },
        { name: 'jose', allowTypeImports: true, message: "Import from jose's subpaths (jose/jwt/sign, jose/jwt/verify, jose/errors, …): its root loads all of jose (JWE, JWKS, key generation) in every process." },
        { name: 'libphonenumber-js', allowTypeImports: true, message: 'Use isE164Phone from @attune/platform: one copy of libphonenumber-js in the process (libs/platform/src/contact/phone.ts).' },
      ],
    },
  },
  {
    files: ['libs/platform/src/config/**', 'libs/testing/src/**', 'test/**', 'bench/**', 'apps/*/src/main.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**', '**/*.spec.ts', 'libs/testing/src/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
