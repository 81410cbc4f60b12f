import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { shopDate, signIn, waitForHydration, watchErrors } from './helpers';

test('a manager picks a range, saves the report, opens it again and exports it as text', async ({ page, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  // A past month of the demo bakery (other tests only add today's orders),
  // a different one per project: both run at once on one database.
  const [from, to] = info.project.name === 'no-js' ? [shopDate(-90), shopDate(-61)] : [shopDate(-60), shopDate(-31)];

  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.locator('[data-nav="back-office"]').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/reports$/);
  if (javaScriptEnabled) await waitForHydration(page);
  // The last 30 days by default.
  await expect(page.locator('#report-form select[name="period"]')).toHaveValue('month');
  await expect(page.locator('[data-kpi="orders"] .kpi__value')).not.toHaveText('');

  // Dates: hydrated, every change shows at once; without JS, "Show" does.
  const form = page.locator('#report-form');
  await form.locator('select[name="period"]').selectOption('range');
  if (javaScriptEnabled) await expect(page.locator('#report-problems')).toContainText('Pick a period');
  await form.locator('input[name="from"]').fill(from);
  if (javaScriptEnabled) await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await form.locator('input[name="to"]').fill(to);
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`period=range&from=${from}&to=${to}`));
  await expect(page.locator('#report-title')).toHaveText(`Report for ${from} – ${to}`);
  const orders = Number(await page.locator('[data-kpi="orders"] .kpi__value').innerText());
  expect(orders).toBeGreaterThan(0);
  await expect(page.locator('#report-top-clients tbody tr').first()).toBeVisible();
  await expect(page.locator('#report-top-products tbody tr').first()).toBeVisible();

  // Save it: it heads the saved list (newest first) with its figures.
  await page.locator('#report-save button[type="submit"]').click();
  if (javaScriptEnabled) await expect(page.getByRole('status').filter({ hasText: 'Saved as report №' })).toBeVisible();
  const row = page.locator('#saved-reports tbody tr', { hasText: `${from} – ${to}` }).first();
  await expect(row).toBeVisible();
  await expect(row.locator('td').nth(4)).toHaveText(String(orders));

  // Open it: the saved figures, then export them as plain text.
  await row.getByRole('link', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/admin\/reports\?saved=\d+$/);
  await expect(page.locator('#report-saved-note')).toContainText('Saved report №');
  await expect(page.locator('[data-kpi="orders"] .kpi__value')).toHaveText(String(orders));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-txt').click()]);
  expect(download.suggestedFilename()).toMatch(/^report-\d{8}-\d{8}\.txt$/);
  const text = await readFile(await download.path(), 'utf8');
  expect(text.startsWith(`Report for ${from} – ${to}\n`)).toBe(true);
  expect(text).toContain(`\nOrders: ${orders}\n`);
  expect(text).toContain('\nTop products:\n1. ');
  expect(errors).toEqual([]);
});

test('staff cannot open reports or their exports', async ({ page }) => {
  await signIn(page, 'baker@karavai.local', 'karavai-baker', /\/account$/);
  // The back office's navigation has the baker's areas, and no reports.
  await page.locator('[data-nav="back-office"]').click();
  await expect(page.locator('[data-nav="production"]')).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Reports', exact: true })).toHaveCount(0);
  const res = await page.goto('/admin/reports');
  expect(res?.status()).toBe(403);
  const txt = await page.request.get('/admin/reports/export.txt?period=week');
  expect(txt.status()).toBe(403);
});
