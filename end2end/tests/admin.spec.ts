import { expect, test, type Page } from '@playwright/test';
import { NAV, acme, expectNav, gotoReady, login, register, uniqueEmail } from './support';

async function openAdmin(page: Page): Promise<void> {
  const response = await gotoReady(page, `${acme}/admin`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration', exact: true })).toBeVisible();
}

function auditTable(page: Page) {
  return page
    .locator('section')
    .filter({ has: page.getByRole('heading', { level: 2, name: 'Security events' }) })
    .getByTestId('audit-table');
}

test('admin sees users and their own login among the security events', async ({ page }) => {
  await login(page, acme, 'admin@acme.test');
  await openAdmin(page);

  const users = page.getByTestId('users-table');
  await expect(users.locator('tr[data-email="lena@acme.test"]')).toBeVisible();
  await expect(users.locator('tr[data-email="admin@acme.test"]')).toBeVisible();

  await expect(page.getByRole('heading', { level: 2, name: 'Security events' })).toBeVisible();
  await expect(auditTable(page).locator('tr[data-kind="login"]').first()).toBeVisible();
});

test('admin dashboard counts people per persona', async ({ page }) => {
  await login(page, acme, 'admin@acme.test');
  const widget = page
    .locator('section.widget')
    .filter({ has: page.getByRole('heading', { level: 2, name: 'People' }) });
  await expect(widget).toBeVisible();
  await expect(widget).toContainText('Learners');

  // Earlier specs register new learners, so the seeded 3 is a lower bound.
  const count = widget.getByTestId('count-learner');
  await expect(count).toHaveText(/\d+/);
  const learners = Number((await count.innerText()).match(/\d+/)?.[0]);
  expect(learners).toBeGreaterThanOrEqual(3);
});

test('admin promotes a freshly registered learner to instructor', async ({ browser, page, javaScriptEnabled }) => {
  // 1. A new learner signs up, in a browser context of its own.
  const suffix = Math.random().toString(36).slice(2, 7);
  const newcomer = { displayName: `Pia Promoted-${suffix}`, email: uniqueEmail(), password: 'promote-me-please' };
  const learnerContext = await browser.newContext({ javaScriptEnabled });
  try {
    await register(await learnerContext.newPage(), acme, newcomer);
  } finally {
    await learnerContext.close();
  }

  // 2. The admin changes the persona in that user's row and saves.
  await login(page, acme, 'admin@acme.test');
  await openAdmin(page);
  const row = page.getByTestId('users-table').locator(`tr[data-email="${newcomer.email}"]`);
  const persona = row.locator('select[name="persona"]');
  await expect(persona).toBeVisible();
  await persona.selectOption('instructor');

  // The save is a POST (a plain form post without JS, a server function call
  // with it); wait for the server to answer before reloading.
  const saved = page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' &&
      new URL(r.url()).origin === acme &&
      (r.request().postData() ?? '').includes('instructor'),
  );
  await row.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await saved).status()).toBeLessThan(400);

  // 3. After a fresh load the new persona sticks and the change is audited.
  await openAdmin(page);
  await expect(persona).toHaveValue('instructor');
  await expect(auditTable(page).locator('tr[data-kind="persona_changed"]').first()).toBeVisible();

  // 4. The promoted user now gets the instructor navigation.
  const promotedContext = await browser.newContext({ javaScriptEnabled });
  try {
    const promoted = await promotedContext.newPage();
    await login(promoted, acme, newcomer.email, newcomer.password);
    await expectNav(promoted, NAV.instructor);
  } finally {
    await promotedContext.close();
  }
});
