import { defineConfig } from '@playwright/test';

// The server is started by `make test` (no webServer block here). Tenants are
// addressed by subdomain of localhost; Chromium resolves *.localhost to
// loopback by itself, so no /etc/hosts entries are needed.
const port = process.env.E2E_PORT ?? '3000';

export default defineConfig({
  testDir: './tests',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: `http://acme.localhost:${port}`,
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    launchOptions: {
      // Debian's chromium; never `npx playwright install` on this machine.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The two projects differ only by javaScriptEnabled: every form is
  // exercised both as a hydrated app and as plain HTML forms.
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
});
