import { test, expect } from '@playwright/test';
import { waitForHydration, watchErrors } from './helpers';

test('the language switch renders the same page in Russian, and back', async ({ page, javaScriptEnabled }) => {
  const errors = watchErrors(page);
  await page.goto('/?category=bread');
  if (javaScriptEnabled) await waitForHydration(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.locator('.lang-switch a[hreflang="ru"]').click();
  await expect(page).toHaveURL(/\/\?category=bread/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('#categories-title')).toHaveText('Категории');
  await expect(page.locator('.category-tile', { hasText: 'Подарочные наборы' })).toContainText('4 товара');
  await expect(page.locator('.lang-switch a[aria-current="true"]')).toHaveText('RU');
  if (javaScriptEnabled) await waitForHydration(page);

  // The choice is remembered: a new page load stays Russian.
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Страница не найдена' })).toBeVisible();

  await page.locator('.lang-switch a[hreflang="en"]').click();
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});
