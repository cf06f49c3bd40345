import { expect, test } from '@playwright/test';
import { acme, gotoReady, login, mainNav, platform, waitForPath } from './support';

test.describe('password visibility toggle (hydrated only)', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs a hydrated page');

  test('toggles the password input between hidden and shown', async ({ page }) => {
    await gotoReady(page, `${acme}/login`);
    const form = page.getByTestId('login-form');
    const password = form.locator('input[name="password"]');
    const toggle = page.getByTestId('toggle-password');

    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAccessibleName('Show password');
    await expect(password).toHaveAttribute('type', 'password');

    await password.fill('lyceum-demo');
    await toggle.click();
    await expect(password).toHaveAttribute('type', 'text');
    await expect(toggle).toHaveAccessibleName('Hide password');
    await expect(password).toHaveValue('lyceum-demo');

    await toggle.click();
    await expect(password).toHaveAttribute('type', 'password');
    await expect(toggle).toHaveAccessibleName('Show password');
    await expect(password).toHaveValue('lyceum-demo');
  });
});

test.describe('password visibility toggle without JS', () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'checks the non-hydrated page');

  test('the toggle is not shown when the page never hydrates', async ({ page }) => {
    await gotoReady(page, `${acme}/login`);
    await expect(page.getByTestId('login-form').locator('input[name="password"]')).toHaveAttribute('type', 'password');
    await expect(page.getByTestId('toggle-password')).toBeHidden();
  });
});

test.describe('every page hydrates cleanly', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs a hydrated page');

  // A server/browser mismatch shows up as a page error during hydration
  // (e.g. "unreachable" from tachys); the page then looks fine but is dead.
  test('landing, portal, forms, dashboard and admin raise no page errors', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    for (const url of [`${platform}/`, `${acme}/`, `${acme}/login`, `${acme}/register`, `${acme}/courses`]) {
      await gotoReady(page, url);
    }
    await login(page, acme, 'admin@acme.test');
    for (const path of ['/dashboard', '/admin', '/learning', '/instructor', '/no-such-page']) {
      await gotoReady(page, `${acme}${path}`);
    }
    // Client-side navigation still works after all that.
    await mainNav(page).getByRole('link', { name: 'Dashboard', exact: true }).click();
    await waitForPath(page, acme, '/dashboard');
    expect(errors).toEqual([]);
  });
});

test.describe('staff pages are a separate download', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs a hydrated page');

  // The Teaching and admin pages are lazy routes (`cargo leptos build
  // --split`): a visitor's catalog loads the main WASM only; an instructor's
  // first visit to Teaching loads its chunk, and the page works.
  test('the catalog loads no staff code; Teaching loads its chunk on the way', async ({ page }) => {
    const wasm: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await gotoReady(page, `${acme}/courses`);
    // One file: the main WASM, named by its content hash.
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(/^\/pkg\/lyceum\.[A-Za-z0-9_-]{22}\.wasm$/);
    const main = wasm[0];

    await login(page, acme, 'ines@acme.test');
    wasm.length = 0;
    await mainNav(page).getByRole('link', { name: 'Teaching', exact: true }).click();
    await waitForPath(page, acme, '/instructor');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Teaching');
    expect(wasm.some((p) => p.includes('teaching_route'))).toBe(true);
    expect(wasm).not.toContain(main);
    expect(errors).toEqual([]);
  });
});
