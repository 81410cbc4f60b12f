import { expect, test } from '@playwright/test';
import { signIn, waitForHydration, watchErrors } from './helpers';

test('a manager works in the back office: side navigation by area, the table inside the page, the way back to the shop', async ({ page, javaScriptEnabled }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  // The storefront keeps its shopper header: one link into the back office.
  await expect(page.locator('.site-header [data-nav="all-orders"]')).toHaveCount(0);
  await page.locator('.site-header [data-nav="back-office"]').click();
  await expect(page).toHaveURL(/\/admin\/orders$/);
  if (javaScriptEnabled) await waitForHydration(page);

  // The back office's own layout: no storefront header, a side navigation
  // grouped by area with the manager's sections and not the admin's.
  await expect(page.locator('.site-header')).toHaveCount(0);
  const nav = page.locator('nav.office-nav');
  await expect(nav.locator('.office-nav__heading')).toHaveText(['Sales', 'Catalog', 'Production']);
  await expect(nav.locator('[data-nav="all-orders"]')).toHaveAttribute('aria-current', 'page');
  for (const name of ['clients', 'reports', 'analytics', 'production', 'plan']) {
    await expect(nav.locator(`[data-nav="${name}"]`)).toBeVisible();
  }
  await expect(nav.locator('[data-nav="users"]')).toHaveCount(0);

  // At 1,280 px the orders table's card fits beside the navigation (a wider
  // table scrolls inside it): the page itself does not scroll sideways.
  const table = page.locator('#orders-table');
  await expect(table).toBeVisible();
  const card = await page.locator('.table-wrap', { has: table }).boundingBox();
  expect(card && card.x >= 200 && card.x + card.width <= 1280).toBeTruthy();
  expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(1280);

  await nav.locator('[data-nav="clients"]').click();
  await expect(page).toHaveURL(/\/admin\/clients$/);
  await expect(nav.locator('[data-nav="clients"]')).toHaveAttribute('aria-current', 'page');
  await expect(nav.locator('[data-nav="all-orders"]')).not.toHaveAttribute('aria-current', 'page');

  await page.locator('.office-bar [data-nav="shop"]').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.site-header [data-nav="back-office"]')).toBeVisible();
  await expect(page.locator('nav.office-nav')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('on a 360 px phone the back office fits and its navigation opens from the menu button', async ({ page, javaScriptEnabled }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, 'admin@karavai.local', 'karavai-admin', /\/admin\/users/);
  await page.goto('/admin/orders');
  if (javaScriptEnabled) await waitForHydration(page);
  expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(360);

  const nav = page.locator('nav.office-nav');
  await expect(nav).toBeHidden();
  await page.locator('.office-bar__menu').click();
  await expect(nav).toBeVisible();
  await nav.locator('[data-nav="outbox"]').click();
  await expect(page).toHaveURL(/\/admin\/outbox$/);
  // Followed, the link closes the menu again.
  await expect(page.locator('nav.office-nav')).toBeHidden();
  expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(360);
});

test('a customer on a back-office address gets the storefront and a refusal, not the back office', async ({ page }) => {
  const res = await page.goto('/admin/orders');
  expect(res?.status()).toBe(401);
  await expect(page.locator('.site-header')).toBeVisible();
  await expect(page.locator('nav.office-nav')).toHaveCount(0);
});
