import { expect, test } from '@playwright/test';
import { PASSWORD, addToCart, checkOut, registerAndConfirm, signIn, waitForHydration, watchErrors } from './helpers';

test('a supplier sees only its own lines of an order, confirms and ships them, and the buyer sees it', async ({ page, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const hydrated = javaScriptEnabled;
  const inscription = `Для Маши ${info.project.name}`;

  // A buyer orders the gingerbread supplier's painted gingerbread.
  const email = await registerAndConfirm(page, info.project.name, 'Masha', hydrated);
  await signIn(page, email, PASSWORD, /\/account$/);
  await page.goto('/product/painted-gingerbread');
  await addToCart(page, hydrated, inscription);
  const orderId = await checkOut(page, hydrated);
  await expect(page.locator('[data-testid="supplier-parts"]')).toContainText('Tula Gingerbread Co.');
  await expect(page.locator('[data-testid="supplier-parts"]')).toContainText('New');

  // The supplier lands on its page: the intake switch and its part of the order.
  await page.context().clearCookies();
  await signIn(page, 'supplier@karavai.local', 'karavai-supplier', /\/supplier$/);
  if (hydrated) await waitForHydration(page);
  await expect(page.locator('#supplier-intake')).toContainText('Tula Gingerbread Co.');
  await expect(page.locator('#supplier-intake [data-testid="intake"]')).toContainText('On');
  const part = page.locator(`.supplier-part[data-order="${orderId}"]`);
  await expect(part).toContainText('Painted gingerbread');
  await expect(part).toContainText(inscription);
  await expect(part.locator('tbody tr')).toHaveCount(1);
  await expect(part.locator('[data-testid="part-state"]')).toHaveText('New');

  await part.getByRole('button', { name: 'Confirm' }).click();
  await expect(part.locator('[data-testid="part-state"]')).toHaveText('Confirmed');
  await part.getByRole('button', { name: 'Mark shipped' }).click();
  await expect(part.locator('[data-testid="part-state"]')).toHaveText('Shipped');
  await expect(part.getByRole('button')).toHaveCount(0);

  // Only shipped parts, through the filter form.
  await page.locator('#part-state').selectOption('shipped');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/state=shipped/);
  await expect(part).toBeVisible();
  await expect(page.locator('.supplier-part[data-state="new"]')).toHaveCount(0);

  // The buyer sees the part shipped.
  await page.context().clearCookies();
  await signIn(page, email, PASSWORD, /\/account$/);
  await page.goto(`/orders/${orderId}`);
  await expect(page.locator('[data-testid="supplier-parts"]')).toContainText('Shipped');
  expect(errors.filter((e) => !e.includes('ERR_ABORTED'))).toEqual([]);
});

test('an admin adds a supplier, gives it a price list address, and cannot link a customer account to it', async ({ page, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const name = `Мельница ${info.project.name} ${Date.now() % 100000}`;
  await signIn(page, 'admin@karavai.local', 'karavai-admin', /\/admin\/users$/);
  await page.goto('/supplier');
  if (javaScriptEnabled) await waitForHydration(page);

  // A new supplier: a name another supplier has is refused, then a new one is made.
  const create = page.locator('#new-supplier');
  await create.locator('summary').click();
  await create.locator('input[name="name"]').fill('Tula Gingerbread Co.');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('#new-supplier')).toContainText('Another supplier already has this name');
  if ((await page.locator('#new-supplier[open]').count()) === 0) await page.locator('#new-supplier summary').click();
  await page.locator('#new-supplier input[name="name"]').fill(name);
  await page.locator('#new-supplier input[name="url"]').fill('https://mill.example/price.yaml');
  await page.locator('#new-supplier').getByRole('button', { name: 'Create' }).click();
  const option = page.locator('#supplier-choice option', { hasText: name });
  await expect(option).toHaveCount(1);

  // Choose it: its card, its address, no account linked.
  await page.locator('#supplier-choice').selectOption({ label: name });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/supplier=\d+/);
  const card = page.locator('#supplier-intake');
  await expect(card.locator('h2')).toHaveText(name);
  await expect(card).toContainText('https://mill.example/price.yaml');
  await expect(card.locator('[data-testid="account"]')).toHaveText('No account linked');

  // A customer's account cannot run it.
  await card.locator('#supplier-details summary').click();
  await page.locator('#supplier-account').fill('anna@karavai.local');
  await page.locator('#supplier-link-form').getByRole('button', { name: 'Link' }).click();
  await expect(page.locator('#supplier-link-form')).toContainText('does not have the supplier role');
  await expect(page.locator('#supplier-intake [data-testid="account"]')).toHaveText('No account linked');
  expect(errors.filter((e) => !e.includes('ERR_ABORTED') && !e.includes('422'))).toEqual([]);
});
