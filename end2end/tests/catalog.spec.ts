import { expect, test, type Page } from '@playwright/test';
import { acme, giveCurriculum, globex, gotoReady, jsEnabled, login, waitReady } from './support';

/** A unique word, so each run finds exactly the course it created. */
function uniqueWord(): string {
  return `zq${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function resultTitles(page: Page): Promise<string[]> {
  return page.getByTestId('results').locator('.course-card__title').allInnerTexts();
}

test('an instructor creates, edits and publishes a course; an anonymous visitor finds it at once', async ({
  page,
  browser,
}) => {
  const word = uniqueWord();
  const title = `Practical ${word} <script>window.__pwned = 1</script>`;
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor`);
  await page.getByTestId('new-course').click();
  await page.waitForURL(/\/instructor\/courses\/new$/);
  await waitReady(page);

  // Create with a missing category and a bad price first: field errors, nothing stored.
  await page.fill('#title', title);
  await page.selectOption('#pricing_model', 'one_time');
  await page.fill('#list_price', '-5');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.locator('[data-field="list_price"]')).toBeVisible();
  // With or without JavaScript, the form still holds what was typed.
  await expect(page.locator('#title')).toHaveValue(title);
  await expect(page.locator('#pricing_model')).toHaveValue('one_time');
  await expect(page.locator('#list_price')).toHaveValue('-5');
  await page.fill('#list_price', '24.50');
  await page.fill('#description', `# About\n\nLearn **${word}** the hard way. <img src=x onerror="window.__pwned=2">`);
  await page.getByTestId('category-choices').getByLabel('Rust').check();
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await waitReady(page);
  await expect(page.getByTestId('course-status')).toHaveText('Draft');

  // Edit: a subtitle, and the live preview shows the Markdown (inert) once hydrated.
  await page.fill('#subtitle', `The ${word} handbook`);
  if (jsEnabled()) {
    await expect(page.getByTestId('preview').locator('h3')).toHaveText('About');
    await expect(page.getByTestId('preview')).toContainText('<img src=x');
  }
  // A failed save keeps the edits (the subtitle too) and changes nothing.
  await page.fill('#list_price', 'twelve');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('[data-field="list_price"]')).toBeVisible();
  await expect(page.locator('#subtitle')).toHaveValue(`The ${word} handbook`);
  await expect(page.locator('#list_price')).toHaveValue('twelve');
  await expect(page.getByTestId('saved-note')).toHaveCount(0);
  await page.fill('#list_price', '24.50');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('saved-note')).toBeVisible();
  await expect(page.locator('[data-field="list_price"]')).toHaveCount(0);

  // Not publishable yet: it has no lessons. The curriculum editor gives it one.
  await page.locator('button[data-action="publish"]').click();
  await expect(page.getByTestId('status-error')).toContainText('Add a module with at least one lesson.');
  await giveCurriculum(page);
  await page.locator('button[data-action="publish"]').click();
  await expect(page.getByTestId('course-status')).toHaveText('Published');

  // A visitor without an account finds it, highlighted, the same second.
  const visitor = await browser.newContext({ javaScriptEnabled: jsEnabled() });
  const anon = await visitor.newPage();
  const response = await gotoReady(anon, `${acme}/courses?q=${word}`);
  expect(response?.status()).toBe(200);
  await expect(anon.getByTestId('results-count')).toHaveText(/^1 course/);
  const card = anon.getByTestId('results').locator('.course-card').first();
  await expect(card.locator('.course-card__title mark')).toHaveText(word);
  await expect(card).toContainText('<script>window.__pwned = 1</script>');
  await card.locator('.course-card__title a').click();
  await anon.waitForURL(/\/courses\/practical-/);
  await waitReady(anon);
  await expect(anon.getByRole('heading', { level: 1 })).toContainText('<script>');
  await expect(anon.getByTestId('description')).toContainText('<img src=x');
  expect(await anon.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(anon.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`/courses/practical-${word}`));
  await expect(anon.locator('meta[property="og:title"]')).toHaveAttribute('content', title);
  await visitor.close();

  // The other portal never sees it.
  const other = await gotoReady(page, `${globex}/courses?q=${word}`);
  expect(other?.status()).toBe(200);
  await expect(page.getByTestId('no-results')).toBeVisible();
});

test('publishing lists what is missing', async ({ page }) => {
  await login(page, acme, 'ivan@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Unfinished ${uniqueWord()}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await waitReady(page);
  await expect(page.getByTestId('readiness')).toContainText('Add a description.');
  await page.locator('button[data-action="publish"]').click();
  await expect(page.getByTestId('status-error')).toContainText('Choose at least one category.');
  await expect(page.getByTestId('course-status')).toHaveText('Draft');
});

test('facets narrow the results and the back button restores the previous state', async ({ page }) => {
  await gotoReady(page, `${acme}/courses`);
  const all = await resultTitles(page);
  expect(all.length).toBeGreaterThan(3);

  await page.locator('[data-facet="level"] a[data-value="beginner"]').click();
  await page.waitForURL(/level=beginner/);
  await waitReady(page);
  await expect(page.locator('[data-facet="level"] a[data-value="beginner"]')).toHaveAttribute('aria-current', 'true');
  const beginners = await resultTitles(page);
  expect(beginners.length).toBeLessThan(all.length);

  await page.locator('[data-facet="language"] a[data-value="en"]').click();
  await page.waitForURL(/language=en/);
  await waitReady(page);
  await expect(page.locator('[data-facet="language"] a[data-value="en"]')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('results-count')).toHaveText(/course/);

  // The URL changes first; the results follow (old ones stay until then), so
  // these assertions retry until the restored state is on screen.
  const titles = page.getByTestId('results').locator('.course-card__title');
  await page.goBack();
  await page.waitForURL((u) => u.search === '?level=beginner');
  await waitReady(page);
  await expect(page.locator('[data-facet="language"] a[data-value="en"]')).not.toHaveAttribute('aria-current', 'true');
  await expect(titles).toHaveText(beginners);

  await page.goBack();
  await page.waitForURL((u) => u.pathname === '/courses' && u.search === '');
  await waitReady(page);
  await expect(titles).toHaveText(all);
});

test('the search form works as a GET form and as-you-type', async ({ page }) => {
  await gotoReady(page, `${acme}/courses`);
  if (jsEnabled()) {
    // Typing alone searches (debounced, no full page load).
    await page.fill('#catalog-q', 'python');
    await page.waitForURL(/q=python/);
    await expect(page.getByTestId('results-count')).toHaveText(/^2 courses/);
    await expect(page.getByTestId('results').locator('mark').first()).toHaveText(/python/i);
  } else {
    await page.fill('#catalog-q', 'python');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=python/);
    await expect(page.getByTestId('results-count')).toHaveText(/^2 courses/);
  }
  // The box shows what was searched, also in a fresh server-rendered page.
  await expect(page.locator('#catalog-q')).toHaveValue('python');
  await gotoReady(page, `${acme}/courses?q=data+python`);
  await expect(page.locator('#catalog-q')).toHaveValue('data python');
  // Operators, quotes and unicode never fail.
  for (const q of ['"rust', 'rust & | !', 'ünïcödé ✓', '\\\\', 'a'.repeat(300)]) {
    const r = await page.goto(`${acme}/courses?q=${encodeURIComponent(q)}`);
    expect(r?.status(), q).toBe(200);
  }
  // A typo is corrected to a word of the portal's titles, and says so.
  await gotoReady(page, `${acme}/courses?q=pyhton`);
  await expect(page.getByTestId('results')).toContainText('Python');
  await expect(page.getByTestId('corrected')).toContainText('showing results for python');
});

test('course pages: 404 for unknown slugs and drafts, preview for their instructor', async ({ page }) => {
  const missing = await page.goto(`${acme}/courses/no-such-course`);
  expect(missing?.status()).toBe(404);
  const draft = await page.goto(`${acme}/courses/async-rust-in-depth`);
  expect(draft?.status()).toBe(404);
  await login(page, acme, 'ines@acme.test');
  const preview = await gotoReady(page, `${acme}/courses/async-rust-in-depth`);
  expect(preview?.status()).toBe(200);
  await expect(page.getByTestId('preview-note')).toContainText('Draft preview');
});

test('category pages list the subtree and show breadcrumbs', async ({ page }) => {
  const r = await gotoReady(page, `${acme}/categories/programming`);
  expect(r?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programming');
  await expect(page.locator('.breadcrumbs')).toContainText('Programming');
  const titles = await resultTitles(page);
  expect(titles).toContain('Rust Fundamentals');
  expect(titles).toContain('Python Data Wrangling');
  expect(titles).not.toContain('Leading Engineering Teams');
  await expect(page.locator('[data-facet="category"]')).toContainText('Rust');
});

test('an admin manages categories', async ({ page }) => {
  const name = `Topic ${uniqueWord()}`;
  await login(page, acme, 'admin@acme.test');
  await gotoReady(page, `${acme}/admin/categories`);
  await page.fill('#new-name', name);
  await page.getByRole('button', { name: 'Add category' }).click();
  const row = page.getByTestId('categories-table').locator('tr', { hasText: '/categories/topic-' }).last();
  await expect(row).toBeVisible();
  // A category with courses cannot be deleted.
  const rust = page.getByTestId('categories-table').locator('tr[data-slug="rust"]');
  await expect(rust.getByRole('button', { name: 'Delete' })).toBeDisabled();
  // The new, empty one can.
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('categories-table').locator('tr', { hasText: name })).toHaveCount(0);
});
