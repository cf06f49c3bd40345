import { expect, test, type Page } from '@playwright/test';
import * as path from 'node:path';
import { acme, fetchFromPortal, gotoReady, jsEnabled, login, waitReady } from './support';

// Checked-in samples (server/demo/README.md says how they were made).
const SAMPLE_MP4 = path.join(__dirname, '../../server/demo/lesson-sample.mp4');
const SAMPLE_PDF = path.join(__dirname, '../../server/demo/week-1-notes.pdf');

/** A new draft course with one module holding a video and a text lesson; returns the course editor's URL. */
async function courseWithLessons(page: Page): Promise<string> {
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Media ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await waitReady(page);
  const editor = page.url().split('?')[0];
  await gotoReady(page, `${editor}/curriculum`);
  await page.fill('#new-module-title', 'Week 1');
  await page.getByRole('button', { name: 'Add module' }).click();
  await expect(page.getByTestId('module')).toHaveCount(1);
  await waitReady(page);
  for (const [title, kind] of [['Welcome video', 'video'], ['Reading', 'text']]) {
    const module = page.getByTestId('module').first();
    const before = await module.getByTestId('lesson').count();
    await module.getByLabel('New lesson').fill(title);
    await module.getByLabel('Kind').selectOption(kind);
    await module.getByRole('button', { name: 'Add lesson' }).click();
    await expect(page.getByTestId('lesson')).toHaveCount(before + 1);
    await waitReady(page);
  }
  return editor;
}

async function openLesson(page: Page, title: string): Promise<void> {
  const href = await page.getByTestId('lesson').filter({ hasText: title }).getByRole('link', { name: title }).first().getAttribute('href');
  await gotoReady(page, `${acme}${href}`);
}

test('an instructor uploads a lesson video, sees it play and seeks in it', async ({ page }) => {
  await courseWithLessons(page);
  await openLesson(page, 'Welcome video');
  await expect(page.getByTestId('no-video')).toBeVisible();
  await page.setInputFiles('#video-file', SAMPLE_MP4);
  await page.getByTestId('upload-video-file').getByRole('button', { name: 'Upload', exact: true }).click();
  if (!jsEnabled()) {
    await page.waitForURL(/upload=done/);
  }
  await expect(page.getByTestId('upload-video-file').getByRole('status').or(page.getByTestId('upload-note'))).toContainText('Upload complete');
  const video = page.getByTestId('lesson-video');
  await expect(video).toBeVisible();
  await expect(page.getByTestId('video-details')).toContainText('lesson-sample.mp4 · 0:06');
  const src = await video.getAttribute('src');
  expect(src).toMatch(/^\/media\/[0-9a-f-]{36}\/original\?expires=\d+&sig=/);

  // The stored file answers ranges, which is what lets a player seek.
  const range = await fetchFromPortal(page, acme, src!, { range: 'bytes=1000-1999' });
  expect(range.status()).toBe(206);
  expect(range.headers()['content-range']).toMatch(/^bytes 1000-1999\/\d+$/);

  if (jsEnabled()) {
    const seeked = await video.evaluate(
      (el) =>
        new Promise<{ duration: number; time: number }>((resolve, reject) => {
          const v = el as HTMLVideoElement;
          v.muted = true;
          v.addEventListener('error', () => reject(new Error(`media error ${v.error?.code}`)));
          const seek = () => {
            v.addEventListener('seeked', () => resolve({ duration: v.duration, time: v.currentTime }), { once: true });
            v.currentTime = 4.5;
          };
          // preload="metadata": the browser fetches the header by itself.
          if (v.readyState >= 1) seek();
          else v.addEventListener('loadedmetadata', seek, { once: true });
        }),
    );
    expect(seeked.duration).toBeCloseTo(6, 0);
    expect(seeked.time).toBeGreaterThan(4);
  }
});

test('files attach to a lesson, and a wrong file is refused with the reason', async ({ page }) => {
  await courseWithLessons(page);
  await openLesson(page, 'Reading');
  await expect(page.getByTestId('no-files')).toBeVisible();
  const form = page.getByTestId('upload-resource-file');
  await form.getByLabel('Title (optional)').fill('Week 1 notes');
  await page.setInputFiles('#resource-file', SAMPLE_PDF);
  await form.getByRole('button', { name: 'Upload', exact: true }).click();
  const list = page.getByTestId('resource-list');
  await expect(list).toContainText('Week 1 notes');
  await expect(list).toContainText('week-1-notes.pdf');
  const download = await list.getByRole('link', { name: 'Week 1 notes' }).getAttribute('href');
  const file = await fetchFromPortal(page, acme, download!);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-disposition']).toContain('attachment');

  // An "mp4" that is really a PDF: refused, nothing added.
  await gotoReady(page, page.url().split('?')[0]);
  await page.setInputFiles('#resource-file', { name: 'lecture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf at all') });
  await page.getByTestId('upload-resource-file').getByRole('button', { name: 'Upload', exact: true }).click();
  const refusal = jsEnabled() ? page.getByTestId('upload-error') : page.getByTestId('upload-note');
  await expect(refusal).toContainText(/not accepted here|could not be recognised/);
  await expect(page.getByTestId('resource-list').getByRole('listitem')).toHaveCount(1);

  // Removing it.
  await page.getByRole('button', { name: 'Remove Week 1 notes' }).click();
  await expect(page.getByTestId('no-files')).toBeVisible();
});

test('a course cover is uploaded, cropped to 16:9 and shown on the course page', async ({ page }) => {
  const editor = await courseWithLessons(page);
  await gotoReady(page, editor);
  const panel = page.getByTestId('cover-panel');
  await expect(panel.locator('.cover--placeholder')).toBeVisible();
  // A 1600×1200 (4:3) gradient, made with ffmpeg (fixtures/README.md).
  const cover = path.join(__dirname, 'fixtures/cover.png');
  if (jsEnabled()) {
    // The editor is a lazy chunk: until its handlers are attached a chosen
    // file shows no preview yet, so choose again until it does.
    await expect(async () => {
      await page.setInputFiles('#cover-file', cover);
      await expect(page.getByTestId('upload-preview')).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
  } else {
    await page.setInputFiles('#cover-file', cover);
  }
  await panel.getByRole('button', { name: 'Upload', exact: true }).click();
  const img = panel.getByTestId('cover-current').locator('img');
  await expect(img).toBeVisible();
  expect(await img.getAttribute('width')).toBe('480');
  expect(await img.getAttribute('srcset')).toMatch(/cover-480\.jpg 480w, .*cover-960\.jpg 960w, .*cover-1280\.jpg 1280w/);
  const natural = await fetchFromPortal(page, acme, (await img.getAttribute('src'))!);
  expect(natural.headers()['content-type']).toBe('image/jpeg');
  expect(natural.headers()['cache-control']).toBe('public, max-age=31536000, immutable');

  // The course page (a draft: its instructor sees it) shows it, and shares it.
  await panel.page().getByTestId('view-course').click();
  await waitReady(page);
  const hero = page.locator('.course-page__cover img');
  await expect(hero).toBeVisible();
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', /\/media\/[0-9a-f-]{36}\/cover-1280\.jpg$/);
});

test('an instructor writes a profile that learners see on the course page and a public page', async ({ page }) => {
  await login(page, acme, 'ivan@acme.test');
  await gotoReady(page, `${acme}/instructor`);
  await page.getByTestId('edit-profile').click();
  await page.waitForURL(/\/instructor\/profile/);
  await waitReady(page);
  const headline = `Manager ${Date.now().toString(36)}`;
  await page.fill('#headline', headline);
  await page.fill('#subjects', 'Leadership, Hiring, leadership');
  await page.fill('#bio', 'I run **one-on-ones** every week.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByTestId('saved-note')).toBeVisible();
  await expect(page.locator('#subjects')).toHaveValue(jsEnabled() ? 'Leadership, Hiring, leadership' : 'Leadership, Hiring');

  await page.setInputFiles('#photo-file', path.join(__dirname, 'fixtures/cover.png'));
  await page.getByTestId('upload-photo-file').getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByTestId('photo-current').locator('img')).toBeVisible();

  // A course of his: the card, and from it the public page.
  await gotoReady(page, `${acme}/courses/leading-engineering-teams`);
  const card = page.getByTestId('instructor-card');
  await expect(card).toContainText(headline);
  await expect(card).toContainText('Hiring');
  await expect(card.locator('img')).toBeVisible();
  await card.getByRole('link', { name: 'More about Ivan Petrov' }).click();
  await page.waitForURL(/\/instructors\/[0-9a-f-]{36}$/);
  await waitReady(page);
  const profile = page.getByTestId('instructor-page');
  await expect(profile.getByRole('heading', { level: 1 })).toHaveText('Ivan Petrov');
  await expect(profile).toContainText(headline);
  await expect(profile.locator('.prose strong')).toHaveText('one-on-ones');
  await expect(profile.locator('.course-card').first()).toBeVisible();
});
