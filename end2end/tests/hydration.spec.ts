import { expect, test } from '@playwright/test';
import { acme, gotoReady } from './support';

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
