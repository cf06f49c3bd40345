import { expect, test } from '@playwright/test';
import { acme, atPath, login } from './support';

test.describe('a learner is denied staff pages', () => {
  for (const path of ['/instructor', '/admin']) {
    test(`learner gets 403 on ${path}`, async ({ page }) => {
      await login(page, acme, 'liam@acme.test');
      const response = await page.goto(`${acme}${path}`);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { level: 1, name: 'Access denied' })).toBeVisible();
    });
  }
});

test('an anonymous visitor to /dashboard is sent to /login', async ({ page }) => {
  await page.goto(`${acme}/dashboard`);
  await expect(page).toHaveURL(atPath(acme, '/login'));
  await expect(page.getByTestId('login-form')).toBeVisible();
});
