import { expect, test, type APIRequestContext } from '@playwright/test';
import ExcelJS from 'exceljs';
import { shopDate, signIn, waitForHydration, watchErrors } from './helpers';

/** A client of our own with three phone orders (totals 300, 1200, 750), through seed 002's REST API. */
async function phoneOrders(request: APIRequestContext, last: string): Promise<number[]> {
  const token = await request.post('/api/token/', {
    form: { username: 'manager@karavai.local', password: 'karavai-manager' },
  });
  expect(token.status()).toBe(200);
  const headers = { Authorization: `Bearer ${(await token.json()).access}` };
  const client = await request.post('/api/clients/add/', { headers, data: { last_name: last, first_name: 'Ольга' } });
  expect(client.status()).toBe(200);
  const clientId = (await client.json()).id;
  const ids: number[] = [];
  for (const [product, quantity, price] of [['Эклер', 2, '150'], ['Наполеон', 1, '1200'], ['Медовик', 1, '750']] as const) {
    const res = await request.post('/api/orders/add/', { headers, data: { client: clientId, product, quantity, price } });
    expect(res.status()).toBe(200);
    ids.push((await res.json()).id);
  }
  return ids;
}

test('a manager filters orders by status and date, sorts by total, exports XLSX and changes status in bulk', async ({ page, request, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const last = `Заказова${info.project.name === 'no-js' ? 'Бе' : 'С'}${Date.now() % 100000}`;
  const [eclair, napoleon, medovik] = await phoneOrders(request, last);

  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.locator('[data-nav="back-office"]').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/orders$/);
  if (javaScriptEnabled) await waitForHydration(page);

  // Search box, status and placed-on dates: today finds all three, New ones.
  const filters = page.locator('#orders-filters');
  await filters.locator('input[name="q"]').fill(last);
  await filters.locator('summary', { hasText: 'Filters' }).click();
  await filters.locator('select[name="stage"]').selectOption('new');
  await filters.locator('input[name="from"]').fill(shopDate(0));
  await filters.locator('input[name="to"]').fill(shopDate(0));
  await filters.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/stage=new/);
  await expect(page.getByTestId('orders-count')).toContainText('3 orders');
  const rows = page.locator('#orders-table tbody tr');
  await expect(rows).toHaveCount(3);

  // Sort by total: the header turns it descending, then ascending.
  const totals = () => rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('[data-total]')!.getAttribute('data-total'))));
  await page.locator('#orders-table th a[data-sort="total"]').click();
  await expect(page).toHaveURL(/sort=total&dir=desc/);
  await expect.poll(totals).toEqual([120000, 75000, 30000]);
  await page.locator('#orders-table th a[data-sort="total"]').click();
  await expect(page).toHaveURL(/sort=total&dir=asc/);
  await expect.poll(totals).toEqual([30000, 75000, 120000]);
  await expect(page.locator('#orders-table th[aria-sort="ascending"]')).toContainText('Total');

  // Export what the filters find, as XLSX, and read it back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^orders-.*\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.getWorksheet('Orders')!;
  const cells = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
  expect(cells[0]).toEqual(['No.', 'Placed', 'Client', 'Items', 'Status', 'Ready', 'Total']);
  expect(cells.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[6]])).toEqual([
    [eclair, `${last} Ольга`, 'Эклер ×2', 'New', 300],
    [medovik, `${last} Ольга`, 'Медовик ×1', 'New', 750],
    [napoleon, `${last} Ольга`, 'Наполеон ×1', 'New', 1200],
  ]);

  // Bulk: two of them to Accepted. Then the New filter shows only the third.
  await page.locator(`#orders-table tr[data-order="${eclair}"] input[type="checkbox"]`).check();
  await page.locator(`#orders-table tr[data-order="${napoleon}"] input[type="checkbox"]`).check();
  await page.locator('#orders-bulk select[name="stage"]').selectOption('accepted');
  await page.locator('#orders-bulk button[type="submit"]').click();
  if (javaScriptEnabled) await expect(page.locator('#bulk-outcome')).toContainText('Moved 2.');
  await expect(page.getByTestId('orders-count')).toContainText('1 order');
  await expect(rows).toHaveCount(1);
  await expect(page.locator(`#orders-table tr[data-order="${medovik}"]`)).toBeVisible();

  await filters.locator('select[name="stage"]').selectOption('accepted');
  await filters.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/stage=accepted/);
  await expect(rows).toHaveCount(2);
  await expect(page.locator('#orders-table .stage-badge').first()).toHaveText('Accepted');
  expect(errors).toEqual([]);
});

test('customers cannot open the orders table or its exports', async ({ page }) => {
  await signIn(page, 'anna@karavai.local', 'karavai-customer', /\/account$/);
  const res = await page.goto('/admin/orders');
  expect(res?.status()).toBe(403);
  const csv = await page.request.get('/admin/orders/export.csv');
  expect(csv.status()).toBe(403);
});
