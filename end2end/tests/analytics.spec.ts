import { test, expect, type Browser, type Page } from '@playwright/test';
import { PASSWORD, addToCart, checkOut, registerAndConfirm, signIn, waitForHydration, watchErrors } from './helpers';

/** A new shopper in a browser context of their own; every URL it requests is logged. */
async function shopper(browser: Browser, project: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const email = await registerAndConfirm(page, project, 'Lida', true);
  await signIn(page, email, PASSWORD, /\/account$/);
  return { page, requests };
}

test('a manager watches revenue change live as a shopper orders; the storefront never loads ECharts', async ({ browser, javaScriptEnabled }, info) => {
  test.skip(!javaScriptEnabled, 'live charts need JavaScript; the tables are tested without it');
  const manager = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  const errors = watchErrors(manager);
  const managerRequests: string[] = [];
  manager.on('request', (r) => managerRequests.push(r.url()));
  await signIn(manager, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await manager.goto('/admin/analytics?period=today');
  await waitForHydration(manager);
  // ECharts draws every chart; the tables they replace are hidden.
  const revenueChart = manager.locator('#chart-revenue');
  await expect(revenueChart).toHaveClass(/chart--drawn/);
  await expect(revenueChart.locator('canvas')).toHaveCount(1);
  await expect(revenueChart.locator('table')).toBeHidden();
  expect(managerRequests.some((u) => u.endsWith('/vendor/echarts.min.js'))).toBe(true);
  const revenueBefore = (await manager.locator('[data-testid="kpi-revenue"]').textContent()) ?? '';
  const ordersBefore = Number(await manager.locator('[data-testid="kpi-orders"]').textContent());
  const optionBefore = await revenueChart.getAttribute('data-chart');

  // A shopper, elsewhere, orders an éclair.
  const { page, requests } = await shopper(browser, info.project.name);
  await page.goto('/product/eclair');
  await addToCart(page, true);
  await checkOut(page, true);

  // The manager's cards and daily chart follow without a reload.
  // (Other tests may order at the same time: at least this one arrives.)
  await expect
    .poll(async () => Number(await manager.locator('[data-testid="kpi-orders"]').textContent()), { timeout: 10_000 })
    .toBeGreaterThan(ordersBefore);
  await expect(manager.locator('[data-testid="kpi-revenue"]')).not.toHaveText(revenueBefore);
  await expect(revenueChart).not.toHaveAttribute('data-chart', optionBefore ?? '');
  await expect(revenueChart).toHaveClass(/chart--drawn/);

  // The shopper's whole visit (sign-up, product, cart, checkout) fetched no chart code.
  expect(requests.length).toBeGreaterThan(10);
  expect(requests.filter((u) => /echarts|charts\.js/.test(u))).toEqual([]);
  expect(errors).toEqual([]);
});

test('without JavaScript every chart is a table and the filters are a plain form', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'the hydrated page is tested above');
  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.goto('/admin/analytics?period=year');
  await expect(page.locator('[data-testid="kpi-revenue"]')).toBeVisible();
  for (const id of ['chart-revenue', 'chart-categories', 'chart-products', 'chart-stores', 'chart-status', 'chart-activity']) {
    await expect(page.locator(`#${id} table`)).toBeVisible();
    await expect(page.locator(`#${id} .chart__canvas`)).toBeHidden();
  }
  // A year of the demo bakery: weeks, each with its revenue.
  expect(await page.locator('#chart-revenue tbody tr').count()).toBeGreaterThan(50);

  // Filter by a store: the form is a GET form, the URL holds it.
  const store = page.locator('#analytics-store');
  const value = await store.locator('option').nth(1).getAttribute('value');
  await store.selectOption(value!);
  await page.locator('#analytics-form button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`store=${value}`));
  await expect(page.locator('#analytics-store')).toHaveValue(value!);

  // A mistake is named at its field.
  await page.goto('/admin/analytics?period=range&from=2026-03-07&to=2026-03-01');
  await expect(page.locator('#analytics-problems')).toContainText('The end is before the start');
});
