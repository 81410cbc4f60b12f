import { expect, test } from '@playwright/test';
import { signIn, waitForHydration, watchErrors } from './helpers';

/** Adds a client through the REST API (seed 002's) as the demo manager. */
async function addClient(request: import('@playwright/test').APIRequestContext, last: string, first: string, phone: string) {
  const token = await request.post('/api/token/', {
    form: { username: 'manager@karavai.local', password: 'karavai-manager' },
  });
  expect(token.status()).toBe(200);
  const { access } = await token.json();
  const added = await request.post('/api/clients/add/', {
    headers: { Authorization: `Bearer ${access}` },
    data: { last_name: last, first_name: first, mobile_phone: phone },
  });
  expect(added.status()).toBe(200);
  return (await added.json()).id as number;
}

test('a manager finds a client by "Last First", edits the phone and sees it in the history', async ({ page, request, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const last = `Проверкин${info.project.name === 'no-js' ? 'Бе' : 'С'}${Date.now() % 100000}`;
  const id = await addClient(request, last, 'Степан', '+79001112233');

  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.locator('[data-nav="back-office"]').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Clients' }).click();
  await expect(page).toHaveURL(/\/admin\/clients$/);
  if (javaScriptEnabled) await waitForHydration(page);

  // One box searches every field; "Last First" in that order finds the client.
  await page.locator('#clients-search input[name="q"]').fill(`${last} Степан`);
  await page.locator('#clients-search button[type="submit"]').click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId('clients-count')).toHaveText('1 client');
  await page.locator('#clients-table').getByRole('link', { name: `${last} Степан` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/clients/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${last} Степан`);
  if (javaScriptEnabled) await waitForHydration(page);

  // A mistake first: shown next to the field, nothing saved.
  await page.locator('#client-form input[name="phone"]').fill('call me');
  await page.locator('#client-form button[type="submit"]').click();
  await expect(page.locator('#client-form .field--invalid')).toContainText('phone number');
  await page.locator('#client-form input[name="phone"]').fill('+7 900 555-44-33');
  await page.locator('#client-form button[type="submit"]').click();
  const entry = page.locator('#client-history li[data-field="phone"]').first();
  await expect(entry).toContainText('+79001112233 → +7 900 555-44-33');
  await expect(entry).toContainText('Manager');
  await expect(page.locator('#client-form input[name="phone"]')).toHaveValue('+7 900 555-44-33');

  // The table shows the new phone too.
  await page.goto(`/admin/clients?q=${encodeURIComponent('555-44-33')}`);
  await expect(page.locator('#clients-table')).toContainText(last);
  // The one failed request is the refused save above (422).
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
});

test('customers cannot open the clients table', async ({ page }) => {
  await signIn(page, 'anna@karavai.local', 'karavai-customer', /\/account$/);
  const res = await page.goto('/admin/clients');
  expect(res?.status()).toBe(403);
});

test('a manager adds a client by hand, then deletes it after being asked', async ({ page, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const last = `Звонков${info.project.name === 'no-js' ? 'Бе' : 'С'}${Date.now() % 100000}`;
  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.goto('/admin/clients');
  if (javaScriptEnabled) await waitForHydration(page);

  // A phone order's client: folded form, a mistake first, then saved.
  await page.locator('#new-client summary').click();
  const form = page.locator('#new-client-form');
  await form.locator('input[name="last_name"]').fill(last);
  await form.locator('input[name="first_name"]').fill('Пётр');
  await form.locator('input[name="phone"]').fill('call me');
  await form.locator('button[type="submit"]').click();
  await expect(page.locator('#new-client-form .field--invalid')).toContainText('phone number');
  await page.locator('#new-client-form input[name="last_name"]').fill(last);
  await page.locator('#new-client-form input[name="first_name"]').fill('Пётр');
  await page.locator('#new-client-form input[name="phone"]').fill('+7 900 321-00-00');
  await page.locator('#new-client-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/clients\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${last} Пётр`);
  await expect(page.locator('#client-history li[data-field="created"]')).toContainText('Manager');

  // Deleting asks first; then the client is gone from the table.
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#delete-client summary').click();
  await expect(page.locator('#delete-client')).toContainText('for good');
  await page.locator('#delete-client-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/clients\?notice=deleted$/);
  await expect(page.getByRole('status')).toContainText('The client was deleted.');
  await page.goto(`/admin/clients?q=${encodeURIComponent(last)}`);
  await expect(page.locator('.empty-state')).toBeVisible();
  // The one failed request is the refused save above (422).
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
});
