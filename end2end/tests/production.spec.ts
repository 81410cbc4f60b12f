import { test, expect, type Browser, type Page } from '@playwright/test';
import { PASSWORD, addToCart, checkOut, registerAndConfirm, shopDate, signIn, waitForHydration } from './helpers';

/** A new shopper orders an éclair for pick-up in three days; returns the page and the order id. */
async function newOrder(browser: Browser, project: string, hydrated: boolean): Promise<{ shopper: Page; orderId: number }> {
  const shopper = await (await browser.newContext({ javaScriptEnabled: hydrated })).newPage();
  const email = await registerAndConfirm(shopper, project, 'Vera', hydrated);
  await signIn(shopper, email, PASSWORD, /\/account$/);
  await shopper.goto('/product/eclair');
  await addToCart(shopper, hydrated);
  const orderId = await checkOut(shopper, hydrated);
  return { shopper, orderId };
}

/** A signed-in board of the day the test orders are due. */
async function openBoard(browser: Browser, who: 'baker' | 'manager', hydrated: boolean): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: hydrated })).newPage();
  await signIn(page, `${who}@karavai.local`, `karavai-${who}`, /\/account$/);
  const day = shopDate(3);
  await page.goto(`/production?due=range&from=${day}&to=${day}`);
  await expect(page.locator('[data-testid="board"]')).toBeVisible();
  if (hydrated) await waitForHydration(page);
  return page;
}

const inColumn = (page: Page, stage: string, orderId: number) =>
  page.locator(`.board__column[data-stage="${stage}"] [data-card="${orderId}"]`);

test('staff drag a card; the other board and the shopper see it live; the keyboard moves it too', async ({ browser, javaScriptEnabled }, info) => {
  test.skip(!javaScriptEnabled, 'dragging and live updates need JavaScript; the move form is tested without it');
  const { shopper, orderId } = await newOrder(browser, info.project.name, true);
  await waitForHydration(shopper);
  await expect(shopper.locator('[data-testid="order-stage"]')).toHaveText('New');

  const a = await openBoard(browser, 'baker', true);
  const b = await openBoard(browser, 'manager', true);
  await expect(inColumn(a, 'new', orderId)).toBeVisible();
  await expect(inColumn(b, 'new', orderId)).toBeVisible();

  // Staff A drags it from New to Baking: the events a drag fires (dragstart on
  // the card, dragover and drop on the column), with one DataTransfer, as
  // Chromium sends them. (Playwright's mouse-driven dragTo does not start an
  // HTML5 drag in headless Chromium here.)
  const transfer = await a.evaluateHandle(() => new DataTransfer());
  const column = a.locator('.board__column[data-stage="baking"]');
  await a.locator(`[data-card="${orderId}"]`).dispatchEvent('dragstart', { dataTransfer: transfer });
  await column.dispatchEvent('dragover', { dataTransfer: transfer });
  await column.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(inColumn(a, 'baking', orderId)).toBeVisible();
  // B's board and the shopper's order page follow without a reload.
  await expect(inColumn(b, 'baking', orderId)).toBeVisible({ timeout: 5_000 });
  await expect(shopper.locator('[data-testid="order-stage"]')).toHaveText('Baking', { timeout: 5_000 });

  // The keyboard: focus the card, → moves it one stage, and it is announced.
  await a.locator(`[data-card="${orderId}"]`).focus();
  await a.keyboard.press('ArrowRight');
  await expect(inColumn(a, 'decorating', orderId)).toBeVisible();
  await expect(a.locator('#board-announce')).toContainText(`№${orderId} moved to Decorating`);
  await expect(a.locator(`[data-card="${orderId}"]`)).toBeFocused();
  await expect(inColumn(b, 'decorating', orderId)).toBeVisible({ timeout: 5_000 });
  await expect(shopper.locator('[data-testid="order-stage"]')).toHaveText('Decorating', { timeout: 5_000 });
});

test('the move form on a card works, a stale move is refused with a message, and the plan counts it', async ({ browser, javaScriptEnabled }, info) => {
  const hydrated = javaScriptEnabled;
  const { orderId } = await newOrder(browser, info.project.name, hydrated);
  // A board left open without JavaScript: it will hold a stale version.
  const stale = await openBoard(browser, 'manager', false);
  const board = await openBoard(browser, 'baker', hydrated);

  const card = board.locator(`[data-card="${orderId}"]`);
  await card.locator('summary').click();
  await card.locator('[data-form="move"] select[name="stage"]').selectOption('accepted');
  if (hydrated) {
    // Another shopper orders meanwhile: the live board redraws, and the
    // baker's open menu and picked stage must survive it.
    const other = await newOrder(browser, info.project.name, true);
    await expect(board.locator(`[data-card="${other.orderId}"]`)).toBeVisible({ timeout: 5_000 });
    await expect(card.locator('details')).toHaveAttribute('open', '');
    await expect(card.locator('[data-form="move"] select[name="stage"]')).toHaveValue('accepted');
  }
  await card.locator('[data-form="move"] button[type="submit"]').click();
  await expect(inColumn(board, 'accepted', orderId)).toBeVisible();
  await expect(board.locator('#board-error [role="alert"]')).toHaveCount(0);

  // The stale board still shows it in New; its move is refused, with the truth shown.
  const old = stale.locator(`[data-card="${orderId}"]`);
  await expect(inColumn(stale, 'new', orderId)).toBeVisible();
  await old.locator('summary').click();
  await old.locator('[data-form="move"] select[name="stage"]').selectOption('baking');
  await old.locator('[data-form="move"] button[type="submit"]').click();
  await expect(stale.locator('#board-error [role="alert"]')).toContainText('Someone else moved this order first');
  await expect(inColumn(stale, 'accepted', orderId)).toBeVisible();

  // The daily plan counts the éclair among what to make that day.
  await board.goto(`/production/plan?date=${shopDate(3)}`);
  await expect(board.locator('[data-testid="plan"]')).toContainText('Éclair');
});

test('customers cannot open the board', async ({ page }) => {
  await signIn(page, 'anna@karavai.local', 'karavai-customer', /\/account$/);
  const res = await page.goto('/production');
  expect(res?.status()).toBe(403);
  await expect(page.locator('[data-testid="board"]')).toHaveCount(0);
});
