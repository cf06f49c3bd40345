import { expect, test } from '@playwright/test';
import {
  NAV,
  account,
  acme,
  atPath,
  expectAnonymous,
  expectNav,
  fieldError,
  greeting,
  register,
  submitRegister,
  uniqueEmail,
} from './support';

test('a new learner registers and lands on the dashboard, greeted', async ({ page }) => {
  const suffix = Math.random().toString(36).slice(2, 7);
  const who = { displayName: `Nora Quill-${suffix}`, email: uniqueEmail(), password: 'correct-horse-battery' };

  await register(page, acme, who);
  await expect(greeting(page, 'Nora')).toBeVisible();
  await expect(account(page).getByTestId('user-name')).toHaveText(who.displayName);
  await expectNav(page, NAV.learner);
});

test('a password shorter than 8 characters is a field error', async ({ page }) => {
  await submitRegister(page, acme, { displayName: 'Shorty Pass', email: uniqueEmail(), password: 'short7!' });
  await expect(fieldError(page, 'password')).toContainText('at least 8 characters');
  await expect(page).toHaveURL(atPath(acme, '/register'));
  await expectAnonymous(page);
});

test('an email already registered is a field error', async ({ page }) => {
  await submitRegister(page, acme, { displayName: 'Lena Again', email: 'lena@acme.test', password: 'long-enough-password' });
  await expect(fieldError(page, 'email')).toContainText('already registered');
  await expect(page).toHaveURL(atPath(acme, '/register'));
  await expectAnonymous(page);
});
