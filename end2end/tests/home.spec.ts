import { test, expect } from '@playwright/test';
import { waitForHydration, watchErrors } from './helpers';

const products = '[data-testid=product-grid] > li';

test('the home page is rendered by the server from the database', async ({ page, javaScriptEnabled }) => {
  const errors = watchErrors(page);
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle('Karavai Bakery');
  await expect(page.locator('h1.hero__title')).toHaveText('Karavai Bakery');
  await expect(page.locator('.category-tile')).toHaveCount(9);
  await expect(page.locator(products)).toHaveCount(12);
  await expect(page.locator('.product-tile', { hasText: 'Medovik honey cake' })).toContainText('₽');
  if (javaScriptEnabled) {
    await waitForHydration(page);
  } else {
    await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  }
  expect(errors).toEqual([]);
});

test('category chips filter the list, and the back button undoes it', async ({ page, javaScriptEnabled }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  if (javaScriptEnabled) {
    await waitForHydration(page);
    // Survives only if the next navigation happens in the page, without a reload.
    await page.evaluate(() => ((window as any).__karavaiMarker = 'same-document'));
  }
  await page.locator('.chips a', { hasText: 'Bread' }).click();
  await expect(page).toHaveURL(/[?&]category=bread/);
  await expect(page.locator('#popular-title')).toHaveText('Bread');
  // Bread and its subcategory, rye.
  await expect(page.locator(products)).toHaveCount(10);
  await expect(page.locator('.chips a[aria-current="true"]')).toHaveText('Bread');
  if (javaScriptEnabled) {
    expect(await page.evaluate(() => (window as any).__karavaiMarker)).toBe('same-document');
  }
  await page.goBack();
  await expect(page.locator(products)).toHaveCount(12);
  await expect(page.locator('#popular-title')).toHaveText('Popular now');
  expect(errors).toEqual([]);
});

test('unknown pages show a 404 inside the layout', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.locator('.site-header .brand')).toContainText('Karavai Bakery');
  await page.getByRole('link', { name: 'Back to the shop' }).click();
  await expect(page.locator(products)).toHaveCount(12);
});

test('fits a 360 px phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await expect(page.locator(products).first()).toBeVisible();
  const width = await page.locator('html').evaluate((el) => el.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  // Two product columns on a phone.
  const first = await page.locator(products).nth(0).boundingBox();
  const second = await page.locator(products).nth(1).boundingBox();
  expect(first && second && Math.abs(first.y - second.y) < 1).toBeTruthy();
});

test('hashed assets are cached for a year and served compressed', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the wasm is only fetched with JavaScript on');
  const wasm = page.waitForResponse((r) => /\/pkg\/karavai\.[^/]+\.wasm$/.test(r.url()));
  await page.goto('/');
  const response = await wasm;
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(response.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
});
