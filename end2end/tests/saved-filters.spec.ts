import { expect, test } from '@playwright/test';
import { signIn, waitForHydration, watchErrors } from './helpers';

test('a manager saves the orders table filters under a name, comes back to them, and deletes them', async ({ page, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const name = `Эклеры ${info.project.name} ${Date.now() % 100000}`;
  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.goto('/admin/orders');
  if (javaScriptEnabled) await waitForHydration(page);

  // Filter, then save the filters under a name.
  const filters = page.locator('#orders-filters');
  await filters.locator('input[name="q"]').fill('Эклер');
  await filters.locator('summary', { hasText: 'Filters' }).click();
  await filters.locator('select[name="stage"]').selectOption('new');
  await filters.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/stage=new/);
  const form = page.locator('#saved-filters-form');
  await form.locator('input[name="name"]').fill(name);
  await form.locator('button[type="submit"]').click();
  if (javaScriptEnabled) await expect(page.locator('#saved-filters').getByRole('status')).toContainText(`Saved as “${name}”`);
  const chip = page.locator('#saved-filters a.chip', { hasText: name });
  await expect(chip).toBeVisible();
  await expect(chip).toHaveClass(/chip--active/);

  // Clear every filter; the saved set brings them back.
  await page.locator('#orders-clear').click();
  await expect(page).toHaveURL(/\/admin\/orders$/);
  await expect(chip).not.toHaveClass(/chip--active/);
  await chip.click();
  await expect(page).toHaveURL(/q=%D0%AD%D0%BA%D0%BB%D0%B5%D1%80&stage=new/);
  await expect(page.locator('#orders-filters input[name="q"]')).toHaveValue('Эклер');
  await expect(page.locator('#orders-filters select[name="stage"]')).toHaveValue('new');

  // Delete it.
  await page.locator(`#saved-filters .saved-filter[data-filter="${name}"] button`).click();
  await expect(chip).toHaveCount(0);
  expect(errors).toEqual([]);
});
