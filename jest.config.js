/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    '^.+\\.mustache$': '<rootDir>/test/support/text-transform.js',
  },
  // Inside the repo and git-ignored, so CI and a clean clone never share a stale cache.
  cacheDirectory: '<rootDir>/.jest-cache',
  moduleFileExtensions: ['ts', 'js', 'json', 'mustache'],
  // Both cores of the 2-core CI machine: jest's default leaves one idle.
  maxWorkers: 2,
  testTimeout: 30000,
};
