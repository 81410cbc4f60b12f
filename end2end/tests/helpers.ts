import { expect, type Page } from '@playwright/test';

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Waits until the WebAssembly has taken over the page (hydrate() marks <body>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
}

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the test SMTP server (aiosmtpd, started by scripts/test.sh) files mail. */
const MAILDIR = process.env.KARAVAI_E2E_MAILDIR ?? '';

/** Decodes a quoted-printable body (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Waits for a mail to `to` that has a link to `pathPrefix` (e.g. "/confirm")
 * and returns that link's path and query.
 */
export async function linkFromMail(to: string, pathPrefix: string, timeoutMs = 15_000): Promise<string> {
  expect(MAILDIR, 'KARAVAI_E2E_MAILDIR must name the SMTP sink directory').not.toBe('');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(MAILDIR) ? fs.readdirSync(MAILDIR).filter((f) => f.endsWith('.eml')).sort().reverse() : [];
    for (const f of files) {
      const raw = fs.readFileSync(path.join(MAILDIR, f), 'utf8');
      if (!raw.startsWith(`X-Envelope-To: ${to}`)) continue;
      const body = decodeQuotedPrintable(raw);
      const match = body.match(new RegExp(`https?://[^\\s/]+(${pathPrefix}\\?token=[A-Za-z0-9_-]+)`));
      if (match) return match[1];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} with a ${pathPrefix} link within ${timeoutMs} ms`);
}

/** A unique address for this test run and project. */
export function uniqueEmail(prefix: string, project: string): string {
  return `${prefix}-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Signs in through the form and waits to land on `landing`. */
export async function signIn(page: Page, email: string, password: string, landing: RegExp) {
  await page.goto('/login');
  await page.locator('#login-form input[name="email"]').fill(email);
  await page.locator('#login-form input[name="password"]').fill(password);
  await page.locator('#login-form button[type="submit"]').click();
  await expect(page).toHaveURL(landing);
}

/** The password of the users the tests register. */
export const PASSWORD = 'sourdough starter';

/** Registers through the form, confirms through the mailed link, and returns the email. */
export async function registerAndConfirm(page: Page, project: string, name: string, hydrated: boolean): Promise<string> {
  const email = uniqueEmail(name.toLowerCase(), project);
  await page.goto('/register');
  if (hydrated) await waitForHydration(page);
  await page.locator('#register-form input[name="name"]').fill(name);
  await page.locator('#register-form input[name="email"]').fill(email);
  await page.locator('#register-form input[name="password"]').fill(PASSWORD);
  await page.locator('#register-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/login\?notice=registered/);
  await expect(page.getByRole('status')).toContainText('confirmation link');

  const link = await linkFromMail(email, '/confirm');
  await page.goto(link);
  if (hydrated) await waitForHydration(page);
  await page.locator('#confirm-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/login\?notice=confirmed/);
  return email;
}

/** The shop's calendar date (Europe/Moscow) `days` from now, as YYYY-MM-DD. */
export function shopDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
}

/** Adds the current product page's default variant, with an inscription when `inscription` is set. */
export async function addToCart(page: Page, hydrated: boolean, inscription?: string) {
  if (hydrated) await waitForHydration(page);
  if (inscription) await page.locator('#add-to-cart input[name="inscription"]').fill(inscription);
  await page.locator('[data-testid="add-to-cart"]').click();
  if (hydrated) {
    await expect(page.locator('#add-to-cart [role="status"]')).toContainText('Added to your cart');
  } else {
    await expect(page).toHaveURL(/\/cart$/);
  }
}

/** Fills the checkout form for a pick-up in three days, 13:00–15:00, cash, and places the order. */
export async function checkOut(page: Page, hydrated: boolean) {
  await page.goto('/checkout');
  if (hydrated) await waitForHydration(page);
  const form = page.locator('#checkout-form');
  await form.locator('input[name="phone"]').fill('+7 912 345-67-89');
  await form.locator('input[name="ready_date"]').fill(shopDate(3));
  await form.locator('select[name="time_slot"]').selectOption('13:00-15:00');
  await form.locator('[data-testid="place-order"]').click();
  await expect(page).toHaveURL(/\/orders\/\d+\?notice=placed/);
  return Number(page.url().match(/\/orders\/(\d+)/)![1]);
}
