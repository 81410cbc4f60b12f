import { test, expect, type Page } from '@playwright/test';
import { linkFromMail, PASSWORD, registerAndConfirm, signIn, uniqueEmail, waitForHydration, watchErrors } from './helpers';

test('register, confirm by mail, sign in, see your navigation, sign out', async ({ page, javaScriptEnabled }, info) => {
  const errors = watchErrors(page);
  const email = await registerAndConfirm(page, info.project.name, 'Vera', javaScriptEnabled);

  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#login-form input[name="email"]').fill(email);
  await page.locator('#login-form input[name="password"]').fill(PASSWORD);
  await page.locator('#login-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator('[data-nav="account"]')).toContainText('Vera');
  await expect(page.locator('.page-header')).toContainText(email);
  // A customer has no admin links.
  await expect(page.locator('[data-nav="users"]')).toHaveCount(0);

  await page.locator('[data-nav="sign-out"]').click();
  await expect(page).toHaveURL(/\/login\?notice=signed_out/);
  await expect(page.locator('[data-nav="sign-in"]')).toBeVisible();
  // Signed out on the server too: the account page now asks to sign in.
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Please sign in' })).toBeVisible();
  expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
});

test('mistakes are shown next to their fields', async ({ page, javaScriptEnabled }) => {
  await page.goto('/register');
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#register-form input[name="name"]').fill('Anna');
  await page.locator('#register-form input[name="email"]').fill('anna@karavai.local');
  await page.locator('#register-form input[name="password"]').fill('1234567890');
  await page.locator('#register-form button[type="submit"]').click();
  await expect(page.locator('#field-password-error')).toContainText('letters as well as digits');
  await expect(page.locator('#register-form input[name="password"]')).toHaveAttribute('aria-invalid', 'true');
  // A taken email is no mistake shown here: sign-up answers it as it answers
  // a new one and mails the owner, so nobody learns who has an account.
  await expect(page.locator('#field-email-error')).not.toBeVisible();

  await page.goto('/login');
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#login-form input[name="email"]').fill('anna@karavai.local');
  await page.locator('#login-form input[name="password"]').fill('not the password');
  await page.locator('#login-form button[type="submit"]').click();
  await expect(page.locator('#field-password-error')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login/);
});

test('forgotten password: reset through the mailed link', async ({ page, javaScriptEnabled }, info) => {
  const email = await registerAndConfirm(page, info.project.name, 'Pavel', javaScriptEnabled);
  await page.goto('/forgot');
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#forgot-form input[name="email"]').fill(email);
  await page.locator('#forgot-form button[type="submit"]').click();
  await expect(page.getByRole('status')).toContainText('a link is on its way');

  const link = await linkFromMail(email, '/reset');
  await page.goto(link);
  if (javaScriptEnabled) await waitForHydration(page);
  await page.locator('#reset-form input[name="password"]').fill('short');
  await page.locator('#reset-form button[type="submit"]').click();
  await expect(page.locator('#field-password-error')).toContainText('at least 10');
  await page.locator('#reset-form input[name="password"]').fill('new crusty loaf');
  await page.locator('#reset-form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/login\?notice=password_reset/);

  await signIn(page, email, 'new crusty loaf', /\/account$/);
  // The link is used up.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('invalid, already used or expired');
});

test('an admin changes a role and blocks a user; the user feels it at once', async ({ browser, javaScriptEnabled }, info) => {
  const adminPage = await (await browser.newContext({ javaScriptEnabled })).newPage();
  const userPage = await (await browser.newContext({ javaScriptEnabled })).newPage();
  const email = uniqueEmail('olga', info.project.name);

  await signIn(adminPage, 'admin@karavai.local', 'karavai-admin', /\/admin\/users/);
  await expect(adminPage.locator('[data-nav="outbox"]')).toBeVisible();
  if (javaScriptEnabled) await waitForHydration(adminPage);
  const form = adminPage.locator('#create-user-form');
  await form.locator('input[name="name"]').fill('Olga');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(PASSWORD);
  await form.locator('select[name="role"]').selectOption('customer');
  await form.locator('button[type="submit"]').click();
  await expect(adminPage.locator(`tr[data-email="${email}"]`)).toBeVisible();

  await signIn(userPage, email, PASSWORD, /\/account$/);
  await expect(userPage.locator('[data-nav="users"]')).toHaveCount(0);

  // Make her a manager… then an admin: her next page shows the admin's links.
  const row = adminPage.locator(`tr[data-email="${email}"]`);
  await row.locator('select[name="role"]').selectOption('admin');
  await row.getByRole('button', { name: 'Save' }).click();
  // The row is drawn again from what the server saved.
  await expect(adminPage.locator(`tr[data-email="${email}"][data-role="admin"]`)).toHaveCount(1);
  await userPage.reload();
  await userPage.locator('[data-nav="back-office"]').click();
  await expect(userPage.locator('[data-nav="users"]')).toBeVisible();
  await userPage.goto('/account');
  await expect(userPage.locator('.page-header')).toContainText('Administrator');

  // Blocked: her session ends and she cannot sign in again.
  await adminPage.locator(`tr[data-email="${email}"]`).getByRole('button', { name: 'Block' }).click();
  await expect(adminPage.locator(`tr[data-email="${email}"] .badge`)).toHaveText('Blocked');
  await userPage.goto('/account');
  await expect(userPage.getByRole('heading', { name: 'Please sign in' })).toBeVisible();
  await userPage.goto('/login');
  await userPage.locator('#login-form input[name="email"]').fill(email);
  await userPage.locator('#login-form input[name="password"]').fill(PASSWORD);
  await userPage.locator('#login-form button[type="submit"]').click();
  await expect(userPage.locator('#field-email-error')).toContainText('blocked');
});
