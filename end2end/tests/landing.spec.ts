import { expect, test } from '@playwright/test';
import { BRAND, acme, expectBrand, globex, gotoReady, platform, unknownPortal, waitForPath } from './support';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.describe('platform landing', () => {
  test('lists both portals', async ({ page }) => {
    const response = await gotoReady(page, `${platform}/`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: 'Lyceum', exact: true })).toBeVisible();

    const acmeLink = page.getByRole('link', { name: 'Acme Academy', exact: true });
    const globexLink = page.getByRole('link', { name: 'Globex University', exact: true });
    await expect(acmeLink).toBeVisible();
    await expect(globexLink).toBeVisible();
    // The trailing slash is optional.
    await expect(acmeLink).toHaveAttribute('href', new RegExp(`^${escape(acme)}/?$`));
    await expect(globexLink).toHaveAttribute('href', new RegExp(`^${escape(globex)}/?$`));

    // Following a portal link lands on that tenant, branded as it.
    await acmeLink.click();
    await waitForPath(page, acme, '/');
    await expectBrand(page, BRAND.acme);
  });

  test('an unknown subdomain is a 404 "No portal here"', async ({ page }) => {
    const response = await page.goto(`${unknownPortal}/`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'No portal here' })).toBeVisible();
  });
});
