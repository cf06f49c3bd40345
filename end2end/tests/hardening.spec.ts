import { expect, test, type Page } from '@playwright/test';
import { acme, globex, gotoReady, header, jsEnabled, login, logout, waitReady } from './support';

// What issue 10 found by using Lyceum as its people would, with and without
// JavaScript, at desktop and phone sizes.

const PHONE = { width: 390, height: 844 };

function uniqueWord(): string {
  return `zh${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Creates a draft through the editor; returns its editor URL. */
async function createDraft(page: Page, title: string, description: string): Promise<string> {
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', title);
  await page.fill('#description', description);
  await page.getByTestId('category-choices').getByLabel('Rust').check();
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await waitReady(page);
  return page.url().split('?')[0];
}

test('saved markup stays text in the editor, its title and its preview', async ({ page }) => {
  const word = uniqueWord();
  const title = `Escapes ${word} </title><b id=x>bold</b>`;
  const description = `Ends early? </textarea><b id=x>bold</b> ${word}`;
  await login(page, acme, 'ines@acme.test');
  const editor = await createDraft(page, title, description);
  // A fresh load renders what was stored, on the server.
  await gotoReady(page, editor);
  await expect(page.locator('#x')).toHaveCount(0);
  await expect(page.locator('#description')).toHaveValue(description);
  await expect(page.locator('#title')).toHaveValue(title);
  expect(await page.title()).toContain('</title><b id=x>');
  await page.fill('#prerequisites', '</textarea><b id=x>');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('saved-note')).toBeVisible();
  await gotoReady(page, editor);
  await expect(page.locator('#prerequisites')).toHaveValue('</textarea><b id=x>');
  await expect(page.locator('#x')).toHaveCount(0);
});

test('the editor on a direct load: live preview, errors that clear, archiving that asks', async ({ page }) => {
  const word = uniqueWord();
  await login(page, acme, 'ines@acme.test');
  const editor = await createDraft(page, `Preview ${word}`, `# Heading ${word}\n\nBody.`);
  // A reload (not a client-side visit) still gets the live preview.
  await gotoReady(page, editor);
  if (jsEnabled()) {
    await expect(page.getByTestId('preview-panel')).toBeVisible();
    await expect(page.getByTestId('preview').locator('h3')).toHaveText(`Heading ${word}`);
    await page.fill('#description', `## Changed ${word}`);
    await expect(page.getByTestId('preview').locator('h4')).toHaveText(`Changed ${word}`);
    await page.fill('#description', `# Heading ${word}\n\nBody.`);
  }

  // A field error goes once the field is being corrected.
  await page.fill('#title', '');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('[data-field="title"]')).toHaveText('Title is required.');
  await expect(page.locator('#title')).toHaveAttribute('aria-invalid', 'true');
  if (jsEnabled()) {
    await expect(page.locator('#title')).toBeFocused();
    await page.locator('#title').pressSequentially('Back');
    await expect(page.locator('[data-field="title"]')).toHaveCount(0);
    await expect(page.locator('#title')).not.toHaveAttribute('aria-invalid', 'true');
  }
  await page.fill('#title', `Preview ${word}`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('saved-note')).toBeVisible();

  // Archive asks first; Cancel leaves the course as it was.
  await page.locator('a[data-action="archive"]').click();
  await waitReady(page);
  const confirm = page.getByTestId('confirm-archive');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('Nothing is deleted');
  await expect(page.getByTestId('course-status')).toHaveText('Draft');
  await page.getByTestId('cancel-archive').click();
  await waitReady(page);
  await expect(page.getByTestId('confirm-archive')).toBeHidden();
  await expect(page.getByTestId('course-status')).toHaveText('Draft');
  await page.locator('a[data-action="archive"]').click();
  await waitReady(page);
  await page.getByTestId('confirm-archive').getByRole('button', { name: 'Archive course' }).click();
  await expect(page.getByTestId('course-status')).toHaveText('Archived');
});

test('facets select several values; the sort control follows Back', async ({ page }) => {
  await gotoReady(page, `${acme}/courses`);
  const level = (value: string) => page.locator(`[data-facet="level"] a[data-value="${value}"]`);
  await level('beginner').click();
  await page.waitForURL(/level=beginner/);
  await waitReady(page);
  // The new results are in (a link of the previous page would toggle from
  // the previous selection).
  await expect(level('beginner')).toHaveAttribute('aria-current', 'true');
  await level('advanced').click();
  await page.waitForURL(/level=beginner&level=advanced/);
  await waitReady(page);
  await expect(level('beginner')).toHaveAttribute('aria-current', 'true');
  await expect(level('advanced')).toHaveAttribute('aria-current', 'true');
  const levels = await page.getByTestId('results').locator('.course-card__meta').allInnerTexts();
  expect(levels.length).toBeGreaterThan(1);
  for (const meta of levels) expect(meta).toMatch(/^(Beginner|Advanced) /);
  expect(levels.some((m) => m.startsWith('Beginner'))).toBe(true);
  expect(levels.some((m) => m.startsWith('Advanced'))).toBe(true);
  // Unticking one keeps the other.
  await level('beginner').click();
  await page.waitForURL((url) => url.search === '?level=advanced');
  await waitReady(page);
  await expect(level('advanced')).toHaveAttribute('aria-current', 'true');
  await expect(level('beginner')).not.toHaveAttribute('aria-current', 'true');

  if (jsEnabled()) {
    await page.selectOption('#catalog-sort', 'price_asc');
    await page.waitForURL(/sort=price_asc/);
    await page.selectOption('#catalog-sort', 'price_desc');
    await page.waitForURL(/sort=price_desc/);
    await page.goBack();
    await page.waitForURL(/sort=price_asc/);
    await expect(page.locator('#catalog-sort')).toHaveValue('price_asc');
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('sort='));
    await expect(page.locator('#catalog-sort')).toHaveValue('newest');

    // Arrow keys browse the options without reloading; Enter applies.
    const before = page.url();
    await page.locator('#catalog-sort').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.href !== before && url.search.includes('sort='));
  }
});

test.describe('on a phone', () => {
  test.use({ viewport: PHONE });

  test('results come first; the filters open from a button', async ({ page }) => {
    await gotoReady(page, `${acme}/courses`);
    const firstCard = page.getByTestId('results').locator('.course-card').first();
    const box = await firstCard.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeLessThan(PHONE.height * 0.6);
    await expect(page.locator('[data-facet="level"]')).toBeHidden();
    await page.getByTestId('filters-toggle').click();
    await expect(page.locator('[data-facet="level"]')).toBeVisible();
    await page.locator('[data-facet="level"] a[data-value="beginner"]').click();
    await page.waitForURL(/level=beginner/);
    await waitReady(page);
    await expect(page.getByTestId('filters-toggle')).toContainText('Filters (1)');
  });

  test('a signed-in header leaves the page its screen', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await login(page, acme, 'admin@acme.test');
    await page.setViewportSize(PHONE);
    await gotoReady(page, `${acme}/courses`);
    const box = await header(page).boundingBox();
    expect(box!.height).toBeLessThan(PHONE.height / 6);
  });
});

test('the keyboard: a skip link first, and a failed login lands on the field', async ({ page }) => {
  await gotoReady(page, `${acme}/courses`);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();

  await gotoReady(page, `${acme}/login`);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.locator('#email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#email')).toBeFocused();
});

test('after logging out, Back does not show the admin pages again', async ({ page }) => {
  await login(page, acme, 'admin@acme.test');
  await gotoReady(page, `${acme}/admin`);
  await expect(page.getByTestId('users-table')).toBeVisible();
  await logout(page);
  await page.goBack();
  await waitReady(page);
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible();
});

test('the portal currency is a list, locked while courses have prices', async ({ page }) => {
  await login(page, acme, 'admin@acme.test');
  await gotoReady(page, `${acme}/admin`);
  const settings = page.getByTestId('portal-settings');
  const select = settings.locator('#portal-currency');
  await expect(select).toHaveValue('USD');
  await expect(select.locator('option')).toHaveCount(20);
  await expect(select.locator('option[value="EUR"]')).toHaveText('EUR — Euro (€)');
  // Acme sells priced courses: changing the currency would misprice them.
  await expect(select).toBeDisabled();
  await expect(settings).toContainText('courses have a price');
  // Prices read as buyers read them.
  await gotoReady(page, `${acme}/courses?sort=price_desc`);
  await expect(page.getByTestId('results').locator('[data-testid="price"]').first()).toHaveText(/^\$\d{1,3}(,\d{3})*\.\d{2}/);
});

/** WCAG 2.2 contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('focus rings keep 3:1 on the page and on the branded header', async ({ page }) => {
  test.skip(!jsEnabled(), 'reads computed styles in the page');
  for (const portal of [acme, globex]) {
    await gotoReady(page, `${portal}/courses`);
    // A link in the header, then one on the page, focused from the keyboard
    // (one Tab makes the keyboard the way focus moves, so rings show).
    await page.keyboard.press('Tab');
    const headerLink = header(page).locator('a.brand');
    await headerLink.focus();
    const onHeader = await headerLink.evaluate((el) => ({
      ring: getComputedStyle(el).outlineColor,
      width: getComputedStyle(el).outlineWidth,
      behind: getComputedStyle(el.closest('header')!).backgroundColor,
    }));
    expect(onHeader.width).not.toBe('0px');
    expect(contrast(onHeader.ring, onHeader.behind), `${portal} header`).toBeGreaterThanOrEqual(3);
    const pageLink = page.getByTestId('results').locator('.course-card__title a').first();
    await pageLink.focus();
    const onPage = await pageLink.evaluate((el) => ({
      ring: getComputedStyle(el).outlineColor,
      style: getComputedStyle(el).outlineStyle,
      width: getComputedStyle(el).outlineWidth,
      behind: getComputedStyle(document.body).backgroundColor,
    }));
    expect(onPage.style).not.toBe('none');
    expect(parseFloat(onPage.width)).toBeGreaterThanOrEqual(2);
    expect(contrast(onPage.ring, onPage.behind), `${portal} page`).toBeGreaterThanOrEqual(3);
  }
});

test('dates read one way everywhere', async ({ page }) => {
  const DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/;
  const DATE_TIME = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} UTC$/;
  await login(page, acme, 'admin@acme.test');
  await gotoReady(page, `${acme}/admin`);
  const row = page.getByTestId('users-table').locator('tr[data-email="admin@acme.test"] td');
  await expect(row.nth(2)).toHaveText(DATE);
  await expect(row.nth(3)).toHaveText(DATE_TIME);
  const event = page.getByTestId('audit-table').locator('tbody tr').first().locator('td').first();
  await expect(event).toHaveText(DATE_TIME);
  await gotoReady(page, `${acme}/instructor`);
  const updated = page.getByTestId('teaching-table').locator('tbody tr').first().locator('td').last();
  await expect(updated).toHaveText(DATE_TIME);
});
