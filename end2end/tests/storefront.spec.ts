import { test, expect, type Page } from '@playwright/test';
import { PASSWORD, addToCart, checkOut, registerAndConfirm, shopDate, signIn, waitForHydration, watchErrors } from './helpers';

/** Applies the filter form: hydrated, a change applies by itself; without JavaScript, press Show. */
async function applyFilters(page: Page, hydrated: boolean) {
  if (!hydrated) await page.locator('#filters button[type="submit"]').click();
}

test('browse, filter, search, add to cart as a guest, sign in, check out, see the order', async ({ page, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const hydrated = javaScriptEnabled;

  // Browse and filter by a category (its subcategories included).
  await page.goto('/catalog');
  if (hydrated) await waitForHydration(page);
  await expect(page.locator('[data-testid="result-count"]')).toContainText('products found');
  await page.locator('#filter-category').selectOption('bread');
  await applyFilters(page, hydrated);
  await expect(page).toHaveURL(/category=bread/);
  await expect(page.locator('.product-tile', { hasText: 'Borodinsky rye' })).toBeVisible();
  await expect(page.locator('.product-tile', { hasText: 'Medovik honey cake' })).toHaveCount(0);

  // Search (the filters stay in the URL; the back button works).
  await page.locator('#filter-q').fill('honey');
  await page.locator('#filter-category').selectOption('');
  await applyFilters(page, hydrated);
  await expect(page).toHaveURL(/q=honey/);
  const tile = page.locator('.product-tile', { hasText: 'Medovik honey cake' });
  await expect(tile).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/category=bread|\/catalog/);
  await page.goForward();
  await expect(page).toHaveURL(/q=honey/);

  // The product page: photo, characteristics, a made-to-order inscription.
  await page.locator('.product-tile', { hasText: 'Medovik honey cake' }).locator('a').click();
  await expect(page).toHaveURL(/\/product\/medovik/);
  await expect(page.locator('[data-testid="main-image"]')).toBeVisible();
  await expect(page.locator('[data-testid="characteristics"]')).toContainText('Flavour');
  await addToCart(page, hydrated, 'Happy birthday, Vera!');
  if (hydrated) await expect(page.locator('[data-testid="cart-count"]')).toHaveText('1');

  // Sign in: the guest's cart comes along.
  const name = hydrated ? 'Vera' : 'Nina';
  const email = await registerAndConfirm(page, info.project.name, name, hydrated);
  await signIn(page, email, PASSWORD, /\/account$/);
  await expect(page.locator('[data-testid="cart-count"]')).toHaveText('1');
  await page.goto('/cart');
  await expect(page.locator('[data-testid="cart-lines"]')).toContainText('Happy birthday, Vera!');

  // Check out with pick-up, and find the order in the history.
  const orderId = await checkOut(page, hydrated);
  await expect(page.locator('.alert--success')).toContainText('Your order is placed');
  await expect(page.locator('[data-testid="order-stage"]')).toHaveText('New');
  await expect(page.locator('[data-testid="cart-count"]')).toHaveCount(0);
  await page.goto('/orders');
  await expect(page.locator(`[data-order="${orderId}"]`)).toContainText('New');
  expect(errors.filter((e) => !e.includes('ERR_ABORTED'))).toEqual([]);
});

test('checkout mistakes are shown next to their fields and nothing is ordered', async ({ page, javaScriptEnabled }) => {
  const hydrated = javaScriptEnabled;
  await page.goto('/product/medovik');
  await addToCart(page, hydrated);
  await page.goto('/checkout');
  if (hydrated) await waitForHydration(page);
  const form = page.locator('#checkout-form');
  await form.locator('input[name="first_name"]').fill('Ivan');
  await form.locator('input[name="email"]').fill('ivan@example.com');
  await form.locator('input[name="phone"]').fill('call me');
  // Tomorrow is inside the cake's two-day lead time.
  await form.locator('input[name="ready_date"]').fill(shopDate(1));
  await form.locator('[data-testid="place-order"]').click();
  await expect(page.locator('#field-phone-error')).toContainText('phone');
  await expect(page.locator('#field-ready_date-error')).toContainText('earliest possible date');
  await expect(page).toHaveURL(/\/checkout/);
});

test('a second browser sees the cart badge and the order stage change without reloading', async ({ browser, javaScriptEnabled }, info) => {
  test.skip(!javaScriptEnabled, 'live updates need JavaScript; the no-JS pages show the same after a reload');
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  const staff = await (await browser.newContext()).newPage();
  const email = await registerAndConfirm(first, info.project.name, 'Lida', true);
  await signIn(first, email, PASSWORD, /\/account$/);
  await signIn(second, email, PASSWORD, /\/account$/);
  await waitForHydration(second);
  await expect(second.locator('[data-testid="cart-count"]')).toHaveCount(0);

  // Added in the first browser: the second's badge follows.
  await first.goto('/product/napoleon');
  await addToCart(first, true);
  await expect(second.locator('[data-testid="cart-count"]')).toHaveText('1', { timeout: 5_000 });

  // Ordered in the first; the second watches the order while staff move it.
  const orderId = await checkOut(first, true);
  await second.goto(`/orders/${orderId}`);
  await waitForHydration(second);
  await expect(second.locator('[data-testid="order-stage"]')).toHaveText('New');

  await signIn(staff, 'baker@karavai.local', 'karavai-baker', /\/account$/);
  await staff.goto(`/orders/${orderId}`);
  await waitForHydration(staff);
  await staff.locator('#move-stage').selectOption('baking');
  await staff.locator('#move-form button[type="submit"]').click();
  await expect(staff.locator('[data-testid="order-stage"]')).toHaveText('Baking');
  await expect(second.locator('[data-testid="order-stage"]')).toHaveText('Baking', { timeout: 5_000 });
  await expect(second.locator('[data-testid="timeline"]')).toContainText('Baking');
});
