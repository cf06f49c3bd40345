import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { acme, gotoReady, jsEnabled, login, platform } from './support';

// Every page, as each persona sees it, checked with axe-core against
// WCAG 2.2 A and AA (what axe can decide automatically).

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectAccessible(page: Page, url: string): Promise<void> {
  await gotoReady(page, url);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
  );
  expect(found, `${url}\n${found.join('\n')}`).toEqual([]);
}

test.beforeEach(() => {
  // The page is the same document with or without JavaScript; axe needs it.
  test.skip(!jsEnabled(), 'axe-core runs in the page');
});

test('anonymous pages', async ({ page }) => {
  for (const path of ['/', '/courses', '/courses?q=rust&level=beginner', '/categories/programming', '/login', '/register', '/no-such-page']) {
    await expectAccessible(page, `${acme}${path}`);
  }
  const slug = await page.evaluate(async (base) => {
    const r = await fetch(`${base}/api/v1/courses`);
    return (await r.json()).items[0].slug as string;
  }, acme);
  await expectAccessible(page, `${acme}/courses/${slug}`);
  await expectAccessible(page, `${platform}/`);
  await expectAccessible(page, `${platform}/login`);
});

test('a learner', async ({ page }) => {
  await login(page, acme, 'lena@acme.test');
  for (const path of ['/dashboard', '/learning', '/courses', '/admin', '/courses/rust-fundamentals']) {
    await expectAccessible(page, `${acme}${path}`);
  }
  // The player: every lesson of the course she is taking (a quiz among them).
  await gotoReady(page, `${acme}/learn/rust-fundamentals`);
  await page.waitForURL(/\/learn\/rust-fundamentals\/[0-9a-f-]{36}$/);
  const lessons = await page.getByTestId('sidebar-lesson').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href') ?? ''),
  );
  expect(lessons.length).toBe(6);
  for (const href of lessons) {
    await expectAccessible(page, `${acme}${href}`);
  }
});

test('a learner with a quiz result', async ({ page }) => {
  // Liam failed and then passed the quiz: its feedback and history.
  await login(page, acme, 'liam@acme.test');
  await gotoReady(page, `${acme}/learn/rust-fundamentals`);
  await page.getByTestId('sidebar-lesson').filter({ hasText: 'Check: ownership' }).click();
  await expect(page.getByTestId('attempt-result')).toBeVisible();
  await expectAccessible(page, page.url());
});

test('an instructor', async ({ page }) => {
  await login(page, acme, 'ines@acme.test');
  for (const path of ['/instructor', '/instructor/courses/new', '/instructor/profile']) {
    await expectAccessible(page, `${acme}${path}`);
  }
  await gotoReady(page, `${acme}/instructor`);
  const editor = await page.getByTestId('teaching-table').locator('a').first().getAttribute('href');
  await expectAccessible(page, `${acme}${editor}`);
  await expectAccessible(page, `${acme}${editor}?confirm=archive`);
  // Authoring: the flagship demo course's curriculum, a text lesson, its quiz (with its
  // menus and the learner preview open), and a free preview as visitors see it.
  await gotoReady(page, `${acme}/instructor`);
  const flagship = await page.getByRole('link', { name: 'Curriculum of Rust for Web Developers' }).getAttribute('href');
  await expectAccessible(page, `${acme}${flagship}`);
  const lessons = page.getByTestId('lesson-name');
  const text = await lessons.filter({ hasText: 'Routing with axum' }).getAttribute('href');
  // Media: a video lesson (its player and upload forms) and a file lesson.
  for (const title of ['Checking your video player', 'Week 1 notes']) {
    await gotoReady(page, `${acme}${flagship}`);
    const href = await page.getByTestId('lesson-name').filter({ hasText: title }).getAttribute('href');
    await expectAccessible(page, `${acme}${href}`);
  }
  await gotoReady(page, `${acme}${flagship}`);
  const quiz = await lessons.filter({ hasText: 'Check your understanding' }).getAttribute('href');
  await expectAccessible(page, `${acme}${text}`);
  await gotoReady(page, `${acme}${quiz}`);
  await page.getByTestId('quiz-preview').locator('summary').click();
  await page.getByTestId('question').first().locator('details.more summary').click();
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`)).toEqual([]);
  await expectAccessible(page, `${acme}/courses/rust-for-web-developers`);
  const instructorPage = await page.getByTestId('instructor-card').getByRole('link', { name: 'More about Ines Moreau' }).getAttribute('href');
  await expectAccessible(page, `${acme}${instructorPage}`);
  await gotoReady(page, `${acme}/courses/rust-for-web-developers`);
  const preview = await page.getByTestId('preview-link').first().getAttribute('href');
  await expectAccessible(page, `${acme}${preview}`);
});

test('an admin', async ({ page }) => {
  await login(page, acme, 'admin@acme.test');
  for (const path of ['/dashboard', '/admin', '/admin/categories', '/admin/certificates']) {
    await expectAccessible(page, `${acme}${path}`);
  }
  // A certificate's page with the revoke form (the demo's, issued at start-up).
  await expect(async () => {
    await gotoReady(page, `${acme}/admin/certificates`);
    await expect(page.getByTestId('certificates').locator('tbody tr')).not.toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const certificate = await page.getByTestId('certificates').locator('tbody a').first().getAttribute('href');
  await expectAccessible(page, `${acme}${certificate}`);
});

test('a learner reviewing a course', async ({ page }) => {
  await login(page, acme, 'liam@acme.test');
  await expectAccessible(page, `${acme}/courses/rust-fundamentals`);
});

test('the super-admin', async ({ page }) => {
  await login(page, platform, 'root@lyceum.test');
  for (const path of ['/dashboard', '/portals']) {
    await expectAccessible(page, `${platform}${path}`);
  }
});
