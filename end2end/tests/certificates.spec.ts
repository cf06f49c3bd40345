import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { acme, fetchFromPortal, gotoReady, jsEnabled, login, logout, register, uniqueEmail, waitReady } from './support';

// Certificates (issue 13): a learner who finishes a course gets a
// certificate; its PDF carries its code; anyone can verify it in a fresh
// browser, and a JOSE library other than ours verifies its credential
// against the portal's JWK Set; an admin revokes it and its page says so.

const COURSE = 'rust-fundamentals';

async function playerReady(page: Page): Promise<void> {
  await waitReady(page);
  if (jsEnabled()) await expect(page.locator('[data-testid=player][data-live=true]')).toBeAttached();
}

/** Answers the demo quiz right (its questions may come shuffled). */
async function passQuiz(page: Page): Promise<void> {
  await page.getByTestId('start-attempt').click();
  await expect(page.getByTestId('attempt-form')).toBeVisible();
  await playerReady(page);
  const questions = page.getByTestId('attempt-form').getByTestId('attempt-question');
  await expect(questions).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const q = questions.nth(i);
    const prompt = (await q.locator('legend').innerText()).trim();
    if (prompt.includes('How many owners')) {
      await q.getByLabel('Exactly one').check();
    } else if (prompt.includes('assignment')) {
      await q.getByLabel('String').check();
      await q.getByLabel('Vec<u8>').check();
    } else {
      await q.getByTestId('answer-text').fill('drop');
    }
  }
  await page.getByTestId('submit-attempt').click();
  await expect(page.getByTestId('attempt-result')).toContainText('Passed with 100 %');
}

/**
 * The video lesson: watched to the end in the browser with JavaScript;
 * without it the player cannot report a position, so the test reports
 * the end of the video the way the player's script would.
 */
async function watchVideo(page: Page): Promise<void> {
  const video = page.getByTestId('lesson-video');
  await expect(video).toBeVisible();
  if (jsEnabled()) {
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
      v.currentTime = Math.max(0, v.duration - 0.3);
      await v.play();
      await new Promise((r) => v.addEventListener('ended', r, { once: true }));
    });
  } else {
    const lesson = new URL(page.url()).pathname.split('/').pop()!;
    const cookies = await page.context().cookies(acme);
    const url = new URL(acme);
    const res = await page.request.post(`http://127.0.0.1:${url.port}/fn/learning/position`, {
      headers: {
        host: url.host,
        origin: acme,
        cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      },
      form: { course: COURSE, lesson, position_ms: '3600000', ended: 'true' },
    });
    expect(res.status()).toBe(200);
  }
  await expect(async () => {
    await page.reload();
    await playerReady(page);
    await expect(page.getByTestId('lesson-done')).toBeVisible({ timeout: 1000 });
  }).toPass();
}

async function markComplete(page: Page): Promise<void> {
  await page.getByTestId('mark-complete').click();
  await expect(page.getByTestId('lesson-done')).toBeVisible();
}

test('a learner who finishes a course gets a certificate anyone can verify, until an admin revokes it', async ({ page, browser }) => {
  test.slow();
  const name = `Grace Finisher-${Math.random().toString(36).slice(2, 7)}`;
  await register(page, acme, { displayName: name, email: uniqueEmail(), password: 'correct-horse-battery' });
  await gotoReady(page, `${acme}/courses/${COURSE}`);
  await page.getByTestId('enroll').click();
  await page.waitForURL(/\/learn\/rust-fundamentals\/[0-9a-f-]{36}$/);
  await playerReady(page);

  // Module 1: text, video, quiz; module 2: text, file, text.
  await markComplete(page);
  await page.getByTestId('next-lesson').click();
  await playerReady(page);
  await watchVideo(page);
  await page.getByTestId('next-lesson').click();
  await playerReady(page);
  await passQuiz(page);
  for (let i = 0; i < 3; i++) {
    await playerReady(page);
    await page.getByTestId('next-lesson').click();
    await playerReady(page);
    await markComplete(page);
  }
  await expect(page.getByTestId('course-progress-text')).toHaveText('Course complete');

  // My learning: the certificate, once the background job has signed it.
  await expect(async () => {
    await gotoReady(page, `${acme}/learning`);
    await expect(page.getByTestId('my-course').filter({ hasText: 'Rust Fundamentals' }).getByTestId('certificate-link')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.getByTestId('my-course').filter({ hasText: 'Rust Fundamentals' }).getByTestId('certificate-link').click();
  await expect(page).toHaveURL(/\/verify\/[a-z2-7]{26}$/);
  await waitReady(page);
  const verifyUrl = page.url();
  const code = verifyUrl.split('/').pop()!;
  await expect(page.getByTestId('verify-status')).toHaveAttribute('data-status', 'valid');
  await expect(page.getByTestId('verify-learner')).toHaveText(name);
  await expect(page.getByTestId('verify-code')).toHaveText(code);

  // The PDF: a real PDF that carries the code.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('certificate-pdf').click()]);
  expect(download.suggestedFilename()).toBe(`certificate-${code}.pdf`);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.includes(Buffer.from(code))).toBe(true);

  // Anyone, in a browser that has never signed in, sees it valid.
  const stranger = await browser.newContext({ javaScriptEnabled: jsEnabled() });
  const other = await stranger.newPage();
  const res = await other.goto(verifyUrl);
  expect(res?.status()).toBe(200);
  await expect(other.getByTestId('verify-status')).toHaveAttribute('data-status', 'valid');
  await expect(other.getByTestId('verify-signature')).toHaveText('Verified (RS256)');
  await expect(other.getByTestId('revoke-form')).toHaveCount(0);

  // A third party verifies the credential with its own JOSE library
  // (jose), from the portal's JWK Set alone.
  const credential = await (await fetchFromPortal(page, acme, `/verify/${code}/credential.json`)).json();
  const jwks = await (await fetchFromPortal(page, acme, '/credentials/jwks.json')).json();
  const { payload, protectedHeader } = await jwtVerify(credential.jwt, createLocalJWKSet(jwks), {
    algorithms: ['RS256'],
    issuer: new URL(acme).origin,
  });
  expect(protectedHeader.alg).toBe('RS256');
  expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
  expect(payload.jti).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  const status = payload.credentialStatus as { id: string; type: string };
  expect(status.type).toBe('1EdTechRevocationList');
  const revocations = async () =>
    (await (await fetchFromPortal(page, acme, new URL(status.id).pathname)).json()).revokedCredentials as { id: string }[];
  expect((await revocations()).map((r) => r.id)).not.toContain(payload.jti);
  const [h, p, s] = credential.jwt.split('.');
  const changed = Buffer.from(p, 'base64url').toString().replace('Rust Fundamentals', 'Rust Fundamentalz');
  await expect(jwtVerify(`${h}.${Buffer.from(changed).toString('base64url')}.${s}`, createLocalJWKSet(jwks))).rejects.toThrow();

  // An admin finds it in the portal's list and revokes it, with a reason.
  await logout(page);
  await login(page, acme, 'admin@acme.test');
  await gotoReady(page, `${acme}/admin/certificates`);
  await page.getByTestId('certificates').getByRole('link', { name }).click();
  await expect(page).toHaveURL(verifyUrl);
  await waitReady(page);
  await page.getByTestId('revoke').click();
  await expect(page.getByRole('alert').filter({ hasText: 'Give a reason' })).toBeVisible();
  await page.getByLabel('Reason').fill('Completed on a shared account');
  await page.getByTestId('revoke').click();
  await expect(page.getByTestId('verify-status')).toHaveAttribute('data-status', 'revoked');
  await expect(page.getByTestId('revoked-note')).toContainText('Completed on a shared account');

  // The stranger's page now says revoked; the PDF is gone.
  await other.reload();
  await expect(other.getByTestId('verify-status')).toHaveAttribute('data-status', 'revoked');
  await expect(other.getByTestId('certificate-pdf')).toHaveCount(0);
  const gone = await fetchFromPortal(page, acme, `/verify/${code}/certificate.pdf`);
  expect(gone.status()).toBe(410);
  // A verifier that checks the credential's status list learns it too.
  expect((await revocations()).map((r) => r.id)).toContain(payload.jti);
  await stranger.close();
});

test('an unknown certificate code is a clear not-found', async ({ page }) => {
  const res = await page.goto(`${acme}/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('verify-status')).toHaveAttribute('data-status', 'not-found');
  await expect(page.locator('h1')).toHaveText('No certificate with this code');
  const junk = await page.goto(`${acme}/verify/not-a-code`);
  expect(junk?.status()).toBe(404);
});
