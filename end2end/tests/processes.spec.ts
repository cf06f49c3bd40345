import { expect, test, type Page } from '@playwright/test';
import { giveCurriculum, gotoReady, jsEnabled, login, register, submitLogin, uniqueEmail, waitReady } from './support';

// Two release servers over one database, as behind a load balancer without
// affinity (scripts/test.sh starts the second on E2E_PORT_B). Cookies do not
// depend on the port, so one browser is signed in on both.
const PORT_A = process.env.E2E_PORT ?? '3000';
const PORT_B = process.env.E2E_PORT_B;
const on = (portal: string, port: string) => `http://${portal}.localhost:${port}`;

test.skip(!PORT_B, 'needs the second server process (E2E_PORT_B)');

test('the login throttle counts across both processes', async ({ page, browser }) => {
  // Globex: the other specs guess at Acme, whose per-address budget they share.
  const who = { displayName: 'Tess Throttle', email: uniqueEmail('globex.test'), password: 'a long enough passphrase' };
  await register(page, on('globex', PORT_A), who);
  // Guesses from a browser that never signed in to the account.
  const guesser = await browser.newContext({ javaScriptEnabled: jsEnabled() });
  const guess = await guesser.newPage();
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = attempt % 2 === 1 ? PORT_A : PORT_B!;
    await submitLogin(guess, on('globex', port), who.email, 'not the passphrase');
    await expect(guess.locator('[role="alert"]', { hasText: 'Email or password is incorrect' })).toBeVisible();
  }
  await submitLogin(guess, on('globex', PORT_B!), who.email, 'not the passphrase');
  await expect(guess.locator('[role="alert"]', { hasText: /Too many sign-in attempts\. Try again in \d+ s\./ })).toBeVisible();
  // Locked on the first process too, even with the right passphrase.
  await submitLogin(guess, on('globex', PORT_A), who.email, who.password);
  await expect(guess.locator('[role="alert"]', { hasText: 'Too many sign-in attempts' })).toBeVisible();
  await guesser.close();
});

async function searchFinds(page: Page, url: string, title: string): Promise<boolean> {
  await gotoReady(page, url);
  return (await page.getByTestId('results').locator('.course-card__title', { hasText: title }).count()) > 0;
}

test('a course published through one process is found through the other within a second', async ({ page, browser }) => {
  const word = `zp${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const title = `Pruning ${word}`;
  await login(page, on('acme', PORT_A), 'ines@acme.test');
  await gotoReady(page, `${on('acme', PORT_A)}/instructor/courses/new`);
  await page.fill('#title', title);
  await page.fill('#description', `Pruning ${word} trees.`);
  await page.getByTestId('category-choices').getByLabel('Rust').check();
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await waitReady(page);
  await giveCurriculum(page);

  // The second process caches the search while the course is a draft…
  const visitor = await browser.newContext({ javaScriptEnabled: jsEnabled() });
  const anon = await visitor.newPage();
  const search = `${on('acme', PORT_B!)}/courses?q=${word}`;
  expect(await searchFinds(anon, search, title)).toBe(false);
  expect(await searchFinds(anon, search, title)).toBe(false);

  // …the course is published through the first…
  await page.locator('button[data-action="publish"]').click();
  await expect(page.getByTestId('course-status')).toHaveText('Published');

  // …and the second finds it within a second, not after its cache's minute.
  const published = Date.now();
  let found = false;
  while (!found && Date.now() - published < 1000) {
    found = await searchFinds(anon, search, title);
  }
  expect(found, `found through the second process ${Date.now() - published} ms after publishing`).toBe(true);
  await visitor.close();
});

test('a failed save without JavaScript comes back as typed from the other process', async ({ page }) => {
  // With JavaScript the form never leaves the page: nothing is kept server-side.
  test.skip(jsEnabled(), 'the retry store serves plain form posts only');
  await login(page, on('acme', PORT_A), 'ines@acme.test');
  await gotoReady(page, `${on('acme', PORT_A)}/instructor/courses/new`);
  const title = `Typed on the first process ${Date.now()}`;
  await page.fill('#title', title);
  await page.selectOption('#pricing_model', 'one_time');
  await page.fill('#list_price', '-5');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/new\?retry=[0-9a-f]{32}$/);
  const retry = new URL(page.url());
  expect(retry.port).toBe(PORT_A);

  // The same redirect, answered by the second process.
  await gotoReady(page, `${on('acme', PORT_B!)}${retry.pathname}${retry.search}`);
  await expect(page.locator('#title')).toHaveValue(title);
  await expect(page.locator('#pricing_model')).toHaveValue('one_time');
  await expect(page.locator('#list_price')).toHaveValue('-5');
  await expect(page.locator('[data-field="list_price"]')).toBeVisible();
});
