import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { signIn, waitForHydration, watchErrors } from './helpers';

// An 8×8 brown PNG: the photo upload decodes and re-encodes it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4EaCBFTEMLQkAaplQAc/OcKAAAAAASUVORK5CYII=',
  'base64',
);

test('a manager builds a product with two variants and a photo, publishes it, prices it in bulk and stocks it', async ({ page, javaScriptEnabled }, info) => {
  test.slow();
  const errors = watchErrors(page);
  const run = `${info.project.name === 'no-js' ? 'b' : 'h'}${Date.now() % 100000}`;
  const category = `Пряники ${run}`;
  const name = `Пряник Тульский ${run}`;
  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);

  // A category, from the side navigation's Assortment.
  await page.goto('/admin/orders');
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('nav.office-nav [data-nav="catalog"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog$/);
  await page.locator('[data-nav="categories"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\/categories$/);
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#new-category summary').click();
  await page.locator('#new-category-form input[name="name"]').fill(category);
  // Under "Pies", so the home page's tiles and the Bread list stay as the demo has them.
  const bread = await page.locator('#new-category-form select[name="parent_id"] option', { hasText: /^Pies$/ }).getAttribute('value');
  await page.locator('#new-category-form select[name="parent_id"]').selectOption(bread!);
  await page.locator('#new-category-form button[type="submit"]').click();
  await expect(page.locator('#category-tree')).toContainText(category);

  // A draft product in it: the editor opens.
  await page.goto('/admin/catalog');
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#new-product summary').click();
  await page.locator('#new-product-form input[name="name"]').fill(name);
  // Options are indented by depth with no-break spaces: choose by value.
  const option = await page.locator('#new-product-form select[name="category_id"] option', { hasText: category }).getAttribute('value');
  await page.locator('#new-product-form select[name="category_id"]').selectOption(option!);
  await page.locator('#new-product-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\/\d+$/);
  await expect(page.locator('h1')).toHaveText(name);
  if (javaScriptEnabled) await waitForHydration(page);
  const slug = await page.locator('#product-slug').inputValue();
  expect(slug).toMatch(/^pryanik-tulskiy-/);

  // Two variants.
  for (const [sku, variant, price] of [[`PT-S-${run}`, 'Small', '120'], [`PT-L-${run}`, 'Large', '350']]) {
    await page.locator('#add-variant summary').click();
    await page.locator('#add-variant-form input[name="sku"]').fill(sku);
    await page.locator('#add-variant-form input[name="name"]').fill(variant);
    await page.locator('#add-variant-form input[name="price"]').fill(price);
    await page.locator('#add-variant-form button[type="submit"]').click();
    await expect(page.locator('#variants')).toContainText(sku);
    if (javaScriptEnabled) await waitForHydration(page);
  }
  await expect(page.locator('#variants > li')).toHaveCount(2);

  // A photo (a plain multipart post in both modes).
  await page.locator('#product-photo').setInputFiles({ name: 'pryanik.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('#photo-form button[type="submit"]').click();
  await expect(page.locator('#product-photos img')).toHaveCount(1);
  if (javaScriptEnabled) await waitForHydration(page);

  // Characteristics and publishing.
  await page.locator('#product-characteristics').fill('Начинка: повидло');
  await page.locator('#product-form input[name="published"]').check();
  await page.locator('#product-form button[type="submit"]').click();
  await expect(page.locator('.page-header__subtitle')).toHaveText('Published');
  if (javaScriptEnabled) await waitForHydration(page);

  // A delivery of 7 small ones to the first store: a movement with its reason.
  const small = page.locator('#variants > li').first();
  await small.locator('summary').click();
  await small.locator('input[name="quantity"]').fill('7');
  await small.locator('input[name="note"]').fill('morning batch');
  await small.locator('[data-stock-form] button[type="submit"]').click();
  await expect(page.locator('#stock-movements tbody tr').first()).toContainText('+7');
  await expect(page.locator('#stock-movements tbody tr').first()).toContainText('morning batch');

  // The shop finds it by a word of its Russian name, and by its characteristic.
  await page.goto(`/catalog?q=${encodeURIComponent('тульский ' + run)}`);
  await expect(page.locator('.product-tile')).toHaveCount(1);
  await expect(page.locator('.product-tile').first()).toContainText(name);
  await page.goto(`/catalog?ch=${encodeURIComponent('Начинка:повидло')}`);
  await expect(page.locator('.product-tile', { hasText: name })).toHaveCount(1);

  // In Russian, by a plural form («пряники»), on a Russian page.
  await page.context().addCookies([{ name: 'lang', value: 'ru', url: page.url() }]);
  await page.goto(`/catalog?q=${encodeURIComponent('пряники ' + run)}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('.product-tile', { hasText: name })).toHaveCount(1);
  await page.context().clearCookies({ name: 'lang' });

  // Bulk: every price of the product set to 99 from the table.
  await page.goto(`/admin/catalog?q=${encodeURIComponent(run)}`);
  if (javaScriptEnabled) await waitForHydration(page);
  await expect(page.locator('#products-table tbody tr')).toHaveCount(1);
  await page.locator('#products-table tbody input[type="checkbox"]').check();
  await page.locator('#bulk-price select[name="mode"]').selectOption('set');
  await page.locator('#bulk-price input[name="value"]').fill('99');
  await page.locator('#bulk-price button[type="submit"]').click();
  await expect(page.locator('#products-table tbody tr').first()).toContainText('99');

  await page.goto(`/product/${slug}`);
  await expect(page.locator('.variant__price').first()).toContainText('99');
  await expect(page.locator('.variant__price', { hasText: '350' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('staff read the assortment but cannot change it; a shopper cannot open it', async ({ page }) => {
  await signIn(page, 'baker@karavai.local', 'karavai-baker', /\/account$/);
  await page.goto('/admin/catalog');
  await expect(page.locator('#products-table')).toBeVisible();
  await expect(page.locator('#new-product')).toHaveCount(0);
  await expect(page.locator('#bulk-price')).toHaveCount(0);
  await page.locator('#products-table tbody a').first().click();
  await expect(page.locator('#product-form button[type="submit"]')).toHaveCount(0);
  await expect(page.locator('#photo-form')).toHaveCount(0);
});

test('a manager exports the assortment, then imports new products after a preview', async ({ page, javaScriptEnabled }, info) => {
  const run = `${info.project.name === 'no-js' ? 'b' : 'h'}${Date.now() % 100000}`;
  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.goto('/admin/catalog?q=baguette');
  if (javaScriptEnabled) await waitForHydration(page);

  // The export carries the table's search.
  const download = page.waitForEvent('download');
  await page.locator('#export-csv').click();
  const file = await download;
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text).toContain('product,name,category');
  expect(text).toContain('baguette-1');

  // An import of a new draft (a broken line first: the preview says where).
  const bad = `product,name,category,sku,variant,price\nimp-${run},Import ${run},bread,IMP-${run},Whole,12abc\n`;
  await page.locator('#import summary').click();
  await page.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.locator('#import-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\/import\/\d+$/);
  await expect(page.locator('#import-errors tbody tr')).toHaveCount(1);
  await expect(page.locator('#import-errors tbody tr')).toContainText('price');
  await expect(page.locator('#apply-import')).toHaveCount(0);

  await page.goto('/admin/catalog');
  const good = `product,name,category,sku,variant,price\nimp-${run},Import ${run},bread,IMP-${run},Whole,120\n`;
  await page.locator('#import summary').click();
  await page.locator('#import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.locator('#import-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\/import\/\d+$/);
  if (javaScriptEnabled) await waitForHydration(page);
  await expect(page.locator('#import-products li.import-list__item')).toHaveCount(1);
  await expect(page.locator('#import-products')).toContainText(`IMP-${run}`);
  await page.locator('#apply-import button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\?notice=imported$/);
  await page.goto(`/admin/catalog?q=${encodeURIComponent(run)}`);
  await expect(page.locator('#products-table tbody tr')).toHaveCount(1);
  await expect(page.locator('#products-table tbody tr')).toContainText(`Import ${run}`);
  if (javaScriptEnabled) await waitForHydration(page);

  // Round trip through a spreadsheet: the XLSX export of this search, one
  // price changed in it, imported back: the preview shows that one change.
  const xlsx = page.waitForEvent('download');
  await page.locator('#export-xlsx').click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await (await xlsx).path())!);
  const sheet = book.getWorksheet('Assortment')!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const priceColumn = header.indexOf('price');
  expect(priceColumn).toBeGreaterThan(0);
  expect(sheet.rowCount).toBe(2);
  expect(Number(sheet.getRow(2).getCell(priceColumn).value)).toBe(120);
  sheet.getRow(2).getCell(priceColumn).value = 135.5;
  const edited = Buffer.from(await book.xlsx.writeBuffer());
  await page.locator('#import summary').click();
  await page.locator('#import-file').setInputFiles({
    name: 'assortment.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: edited,
  });
  await page.locator('#import-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\/import\/\d+$/);
  if (javaScriptEnabled) await waitForHydration(page);
  await expect(page.locator('#import-errors')).toHaveCount(0);
  await expect(page.locator('#import-products li.import-list__item')).toHaveCount(1);
  await expect(page.locator('#import-products')).toContainText('135.50');
  await page.locator('#apply-import button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\?notice=imported$/);
  await page.goto(`/admin/catalog?q=${encodeURIComponent(run)}`);
  await expect(page.locator('#products-table tbody tr')).toContainText('135.50');
});

test('a manager defines a characteristic with a closed list, and a product may carry only its values', async ({ page, javaScriptEnabled }, info) => {
  const run = `${info.project.name === 'no-js' ? 'b' : 'h'}${Date.now() % 100000}`;
  await signIn(page, 'manager@karavai.local', 'karavai-manager', /\/account$/);
  await page.goto('/admin/catalog');
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('[data-nav="characteristics"]').click();
  await expect(page).toHaveURL(/\/admin\/catalog\/characteristics$/);
  await expect(page.locator('#characteristic-types')).toContainText('Flavour');
  if (javaScriptEnabled) await waitForHydration(page);

  const name = `Glaze ${run}`;
  await page.locator('#new-characteristic summary').click();
  await page.locator('#new-characteristic-form input[name="name"]').fill(name);
  await page.locator('#new-characteristic-form input[name="name_ru"]').fill(`Глазурь ${run}`);
  await page.locator('#new-characteristic-form input[name="free_values"]').uncheck();
  await page.locator('#new-characteristic-form textarea[name="values"]').fill('Dark = Тёмная\nWhite = Белая');
  await page.locator('#new-characteristic-form button[type="submit"]').click();
  const row = page.locator('#characteristic-types li', { hasText: name });
  await expect(row).toContainText('closed list');
  await expect(row.getByTestId('values')).toContainText('Dark, White');

  // A product's editor refuses a value off the list, and keeps one typed in Russian.
  await page.goto('/admin/catalog?q=baguette');
  await page.locator('#products-table tbody a').first().click();
  await expect(page).toHaveURL(/\/admin\/catalog\/\d+$/);
  const editor = page.url();
  if (javaScriptEnabled) await waitForHydration(page);
  const before = await page.locator('#product-characteristics').inputValue();
  await page.locator('#product-characteristics').fill(`${before}\nГлазурь ${run}: розовая`);
  await page.locator('#product-form button[type="submit"]').click();
  await expect(page.locator('#product-form')).toContainText('Dark, White');
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#product-characteristics').fill(`${before}\nГлазурь ${run}: тёмная`);
  await page.locator('#product-form button[type="submit"]').click();
  await expect(page.locator('#product-form .field__error', { hasText: 'Dark, White' })).toHaveCount(0);
  await page.goto(editor);
  await expect(page.locator('#product-characteristics')).toHaveValue(new RegExp(`${name}: Dark`));
});
