import { expect, test } from '@playwright/test';
import {
  BRAND,
  DEMO_PASSWORD,
  NAV,
  account,
  acme,
  atPath,
  expectAnonymous,
  expectBrand,
  expectNav,
  fieldError,
  globex,
  gotoReady,
  greeting,
  login,
  logout,
  platform,
  submitLogin,
} from './support';

interface Persona {
  role: string;
  baseURL: string;
  brand: { name: string; color: string };
  email: string;
  displayName: string;
  nav: readonly string[];
}

const personas: Persona[] = [
  { role: 'acme admin', baseURL: acme, brand: BRAND.acme, email: 'admin@acme.test', displayName: 'Amelia Ward', nav: NAV.admin },
  { role: 'acme instructor', baseURL: acme, brand: BRAND.acme, email: 'ines@acme.test', displayName: 'Ines Moreau', nav: NAV.instructor },
  { role: 'acme learner', baseURL: acme, brand: BRAND.acme, email: 'lena@acme.test', displayName: 'Lena Fischer', nav: NAV.learner },
  { role: 'globex learner', baseURL: globex, brand: BRAND.globex, email: 'leo@globex.test', displayName: 'Leo Tanaka', nav: NAV.learner },
];

for (const p of personas) {
  test(`${p.role} logs in, sees the ${p.role.split(' ')[1]} nav, logs out`, async ({ page }) => {
    // Anonymous first.
    await gotoReady(page, `${p.baseURL}/`);
    await expectBrand(page, p.brand);
    await expectAnonymous(page);
    await expectNav(page, NAV.anonymous);

    await login(page, p.baseURL, p.email);
    await expect(account(page).getByTestId('user-name')).toHaveText(p.displayName);
    await expect(greeting(page, p.displayName.split(' ')[0])).toBeVisible();
    await expectNav(page, p.nav);
    await expectBrand(page, p.brand);

    await logout(page);
    await expectAnonymous(page);
    await expectNav(page, NAV.anonymous);
    await expectBrand(page, p.brand);

    // The session is gone: the dashboard sends us to the login page.
    await page.goto(`${p.baseURL}/dashboard`);
    await expect(page).toHaveURL(atPath(p.baseURL, '/login'));
    await expect(page.getByTestId('login-form')).toBeVisible();
  });
}

test('super-admin logs in on the platform and sees Dashboard and Portals', async ({ page }) => {
  await login(page, platform, 'root@lyceum.test');
  await expect(account(page).getByTestId('user-name')).toHaveText('Sam Rivera');
  await expect(greeting(page, 'Sam')).toBeVisible();
  await expectNav(page, NAV.superAdmin);

  await logout(page);
  // The platform has no self-registration: only "Log in" is offered.
  await expect(account(page).getByRole('link', { name: 'Log in', exact: true })).toBeVisible();
  await expect(account(page).getByRole('link', { name: 'Sign up', exact: true })).toHaveCount(0);
  await expect(account(page).getByTestId('user-name')).toHaveCount(0);
});

test('a wrong password shows the form-level alert', async ({ page }) => {
  await submitLogin(page, acme, 'lena@acme.test', `${DEMO_PASSWORD}-wrong`);
  await expect(page.locator('[role="alert"]', { hasText: 'Email or password is incorrect' })).toBeVisible();
  await expect(page).toHaveURL(atPath(acme, '/login'));
  await expect(page.getByTestId('login-form')).toBeVisible();
  await expectAnonymous(page);
});

test('an invalid email shows a field error on email', async ({ page }) => {
  await submitLogin(page, acme, 'not-an-email', DEMO_PASSWORD);
  await expect(fieldError(page, 'email')).toContainText('not a valid email');
  await expect(page).toHaveURL(atPath(acme, '/login'));
  await expectAnonymous(page);
});
