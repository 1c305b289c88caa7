// Jest runs the JavaScript that `npm run build` (tsc + tsc-alias) emitted: one type-check, no per-worker
// transpiling, and the same code the processes run. Native ESM needs --experimental-vm-modules (see package.json).
export default {
  rootDir: 'dist',
  testEnvironment: 'node',
  transform: {},
  testMatch: ['**/*.spec.js', '**/*.e2e-spec.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.js',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
