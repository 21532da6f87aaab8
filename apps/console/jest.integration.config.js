// The console in headless Chromium (playwright-core, /usr/bin/chromium) against the real stack.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'console:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 300000,
  // Chromium, vite preview and the apps are child processes; a failed start must not hang CI.
  forceExit: true,
};
