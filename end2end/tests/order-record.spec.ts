import { expect, test } from '@playwright/test';
import { signIn, waitForHydration, watchErrors } from './helpers';

test('a manager takes a phone order for a client, edits its items and sees every change in the timeline', async ({ page, request, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const last = `Телефонов${info.project.name === 'no-js' ? 'Бе' : 'С'}${Date.now() % 100000}`;
  const token = await request.post('/api/token/', { form: { username: 'manager@karavai.local', password: 'karavai-manager' } });
  const { access } = await token.json();
  const added = await request.post('/api/clients/add/', {
    headers: { Authorization: `Bearer ${access}` },
    data: { last_name: last, first_name: 'Нина' },
  });
  const clientId = (await added.json()).id as number;

  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.goto(`/admin/clients/${clientId}`);
  if (javaScriptEnabled) await waitForHydration(page);

  // The phone order: its first item on the client's page, then its own page.
  await page.locator('#phone-order summary').click();
  const create = page.locator('#phone-order-form');
  await create.locator('input[name="product"]').fill('Медовик');
  await create.locator('input[name="price"]').fill('1500');
  await create.locator('input[name="quantity"]').fill('1');
  await create.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/orders\/\d+$/);
  await expect(page.locator('#order-client')).toHaveText(`${last} Нина`);
  await expect(page.locator('#order-total')).toHaveAttribute('data-total', '150000');
  if (javaScriptEnabled) await waitForHydration(page);

  // Add an item: the total is worked out again on the server.
  const add = page.locator('#add-line-form');
  await add.locator('input[name="product"]').fill('Кофе');
  await add.locator('input[name="price"]').fill('120,50');
  await add.locator('input[name="quantity"]').fill('2');
  await add.locator('button[type="submit"]').click();
  await expect(page.locator('#order-total')).toHaveAttribute('data-total', String(150000 + 24100));
  const lines = page.locator('#order-lines li');
  await expect(lines).toHaveCount(2);

  // A mistake is refused with its message; then two cakes instead of one.
  const cake = lines.filter({ hasText: 'Медовик' });
  await cake.locator('input[name="quantity"]').fill('0');
  await cake.locator('input[name="quantity"]').evaluate((el: HTMLInputElement) => el.removeAttribute('min'));
  await cake.locator('button[type="submit"]', { hasText: 'Update' }).click();
  await expect(page.locator('.record__main .alert--error')).toContainText('quantity from 1 to 999');
  await expect(page.locator('#order-total')).toHaveAttribute('data-total', String(150000 + 24100));
  await page.locator('#order-lines li', { hasText: 'Медовик' }).locator('input[name="quantity"]').fill('2');
  await page.locator('#order-lines li', { hasText: 'Медовик' }).locator('button[type="submit"]', { hasText: 'Update' }).click();
  await expect(page.locator('#order-total')).toHaveAttribute('data-total', String(300000 + 24100));

  // Remove the coffee.
  await page.getByRole('button', { name: 'Remove Кофе' }).click();
  await expect(page.locator('#order-lines li')).toHaveCount(1);
  await expect(page.locator('#order-total')).toHaveAttribute('data-total', '300000');

  // The timeline holds it all, newest first, with who did it.
  const timeline = page.locator('#order-timeline');
  await expect(timeline.locator('li').first()).toContainText('Total: 3241.00 → 3000.00');
  await expect(timeline).toContainText('Item removed: Кофе × 2 @ 120.50');
  await expect(timeline).toContainText('Item: Медовик × 1 @ 1500.00 → Медовик × 2 @ 1500.00');
  await expect(timeline).toContainText('Item added: Кофе × 2 @ 120.50');
  await expect(timeline).toContainText('Status: New');
  await expect(timeline.locator('li[data-field="item"]').first()).toContainText('Manager');

  // The order moves to another client, found by name.
  const other = await request.post('/api/clients/add/', {
    headers: { Authorization: `Bearer ${access}` },
    data: { last_name: `${last}Б`, first_name: 'Вера', phone: '+7 901 000-00-01' },
  });
  expect(other.ok()).toBeTruthy();
  const move = page.locator('#order-client-form');
  await move.locator('input[name="client"]').fill(`вера ${last}б`);
  await move.locator('button[type="submit"]').click();
  await expect(page.locator('#order-client')).toHaveText(`${last}Б Вера`);
  await expect(page.locator('#order-timeline li[data-field="client"]')).toHaveCount(1);

  // The one failed request is the refused quantity above (422).
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
});
