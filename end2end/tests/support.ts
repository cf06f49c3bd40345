import { expect, test, type APIResponse, type Locator, type Page, type Response } from '@playwright/test';

export const PORT = process.env.E2E_PORT ?? '3000';

/** Tenant "acme" (Acme Academy). */
export const acme = `http://acme.localhost:${PORT}`;
/** Tenant "globex" (Globex University). */
export const globex = `http://globex.localhost:${PORT}`;
/** Platform landing (no tenant). */
export const platform = `http://localhost:${PORT}`;
/** A subdomain that is no tenant. */
export const unknownPortal = `http://nope.localhost:${PORT}`;

export const DEMO_PASSWORD = 'lyceum-demo';

export const BRAND = {
  acme: { name: 'Acme Academy', color: 'rgb(194, 65, 12)' }, // #c2410c
  globex: { name: 'Globex University', color: 'rgb(29, 78, 216)' }, // #1d4ed8
} as const;

export const NAV = {
  anonymous: ['Catalog'],
  learner: ['Dashboard', 'My learning', 'Catalog'],
  instructor: ['Dashboard', 'My learning', 'Catalog', 'Teaching'],
  admin: ['Dashboard', 'My learning', 'Catalog', 'Teaching', 'Administration'],
  superAdmin: ['Dashboard', 'Portals'],
} as const;

/** Whether the running project has JavaScript enabled (project `js` vs `no-js`). */
export function jsEnabled(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/**
 * With JS enabled, wait until the Leptos app has hydrated the current
 * document (`<html data-hydrated="true">`); nothing may be clicked before.
 * Without JS this is a no-op.
 */
export async function waitReady(page: Page): Promise<void> {
  if (jsEnabled()) {
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
  }
}

/** page.goto(url), then waitReady. Returns the navigation response. */
export async function gotoReady(page: Page, url: string): Promise<Response | null> {
  const response = await page.goto(url);
  await waitReady(page);
  return response;
}

/** A URL predicate: same origin as `baseURL` and exactly this path (any query). */
export function atPath(baseURL: string, pathname: string): (url: URL) => boolean {
  const origin = new URL(baseURL).origin;
  return (url: URL) => url.origin === origin && url.pathname === pathname;
}

/**
 * Wait for the page to be at `pathname` on `baseURL`'s origin (full-page
 * navigation without JS, client-side navigation with it), then for hydration.
 */
export async function waitForPath(page: Page, baseURL: string, pathname: string): Promise<void> {
  await page.waitForURL(atPath(baseURL, pathname));
  await waitReady(page);
}

export function header(page: Page): Locator {
  return page.locator('header.site-header');
}

export function mainNav(page: Page): Locator {
  return header(page).locator('nav[aria-label="Main"]');
}

export function account(page: Page): Locator {
  return header(page).getByTestId('account');
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The names of the links in the main navigation, in document order. Links of
 * the account area are left out should it be nested inside the nav.
 */
export async function navLinks(page: Page): Promise<string[]> {
  const nav = mainNav(page);
  const all = (await nav.getByRole('link').allInnerTexts()).map(normalise);
  const accountLinks = (await nav.getByTestId('account').getByRole('link').allInnerTexts()).map(normalise);
  for (const name of accountLinks) {
    const i = all.indexOf(name);
    if (i >= 0) all.splice(i, 1);
  }
  return all;
}

/** Assert the main nav holds exactly these links (as a set: order ignored), retrying. */
export async function expectNav(page: Page, expected: readonly string[]): Promise<void> {
  const want = [...expected].sort();
  await expect
    .poll(async () => (await navLinks(page)).sort(), {
      message: `links in nav[aria-label="Main"] should be exactly ${JSON.stringify(expected)}`,
    })
    .toEqual(want);
}

/** Assert the header shows this tenant's name and brand primary color. */
export async function expectBrand(page: Page, brand: { name: string; color: string }): Promise<void> {
  await expect(header(page).getByTestId('tenant-name')).toContainText(brand.name);
  await expect(header(page)).toHaveCSS('background-color', brand.color);
}

/** Assert the header shows an anonymous visitor: Log in and Sign up, no user name. */
export async function expectAnonymous(page: Page): Promise<void> {
  await expect(account(page).getByRole('link', { name: 'Log in', exact: true })).toBeVisible();
  await expect(account(page).getByRole('link', { name: 'Sign up', exact: true })).toBeVisible();
  await expect(account(page).getByTestId('user-name')).toHaveCount(0);
  await expect(account(page).getByRole('button', { name: 'Log out', exact: true })).toHaveCount(0);
}

/** Fill and submit the login form at `${baseURL}/login`, without waiting for the outcome. */
export async function submitLogin(page: Page, baseURL: string, email: string, password: string): Promise<void> {
  await gotoReady(page, `${baseURL}/login`);
  const form = page.getByTestId('login-form');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.getByRole('button', { name: 'Log in', exact: true }).click();
}

/** Log in on `baseURL` and wait until the dashboard shows the signed-in account. */
export async function login(
  page: Page,
  baseURL: string,
  email: string,
  password: string = DEMO_PASSWORD,
): Promise<void> {
  await submitLogin(page, baseURL, email, password);
  await waitForPath(page, baseURL, '/dashboard');
  await expect(account(page).getByTestId('user-name')).toBeVisible();
}

/** Click "Log out" in the header and wait for the anonymous home page. */
export async function logout(page: Page): Promise<void> {
  const baseURL = new URL(page.url()).origin;
  await waitReady(page);
  await account(page).getByRole('button', { name: 'Log out', exact: true }).click();
  await waitForPath(page, baseURL, '/');
  await expect(account(page).getByRole('link', { name: 'Log in', exact: true })).toBeVisible();
}

/** A fresh address per call, e.g. e2e-1732184000000-k3j9x2@acme.test. */
export function uniqueEmail(domain = 'acme.test'): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `e2e-${Date.now()}-${random}@${domain}`;
}

export interface NewAccount {
  displayName: string;
  email: string;
  password: string;
}

/** Fill and submit the sign-up form at `${baseURL}/register`, without waiting for the outcome. */
export async function submitRegister(page: Page, baseURL: string, who: NewAccount): Promise<void> {
  await gotoReady(page, `${baseURL}/register`);
  const form = page.getByTestId('register-form');
  await form.locator('input[name="display_name"]').fill(who.displayName);
  await form.locator('input[name="email"]').fill(who.email);
  await form.locator('input[name="password"]').fill(who.password);
  await form.getByRole('button', { name: 'Create account', exact: true }).click();
}

/** Register on `baseURL` and wait until the new account lands on its dashboard. */
export async function register(page: Page, baseURL: string, who: NewAccount): Promise<void> {
  await submitRegister(page, baseURL, who);
  await waitForPath(page, baseURL, '/dashboard');
  await expect(account(page).getByTestId('user-name')).toHaveText(who.displayName);
}

/** A field error rendered by the server: `.field-error[data-field=...]`. */
export function fieldError(page: Page, field: string): Locator {
  return page.locator(`.field-error[data-field="${field}"]`);
}

/** The dashboard greeting: an h1 containing "Welcome, <first name>". */
export function greeting(page: Page, firstName: string): Locator {
  return page.getByRole('heading', { level: 1, name: `Welcome, ${firstName}` });
}

/**
 * From a course's editor page: opens its curriculum, adds a module with one
 * text lesson (what publishing needs), and comes back to the editor.
 */
export async function giveCurriculum(page: Page): Promise<void> {
  const editor = page.url().split('?')[0];
  await gotoReady(page, `${editor}/curriculum`);
  await page.fill('#new-module-title', 'Getting started');
  await page.getByRole('button', { name: 'Add module' }).click();
  await expect(page.getByTestId('module')).toHaveCount(1);
  await waitReady(page);
  const module = page.getByTestId('module').first();
  await module.getByLabel('New lesson').fill('Welcome');
  await module.getByRole('button', { name: 'Add lesson' }).click();
  await expect(page.getByTestId('lesson')).toHaveCount(1);
  await gotoReady(page, editor);
}

/**
 * GET a path of a portal from the test runner itself (Node cannot resolve
 * `*.localhost` the way Chromium does): to loopback, naming the portal in
 * the Host header.
 */
export async function fetchFromPortal(
  page: Page,
  baseURL: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<APIResponse> {
  const url = new URL(baseURL);
  return page.request.get(`http://127.0.0.1:${url.port}${path}`, { headers: { host: url.host, ...headers } });
}
