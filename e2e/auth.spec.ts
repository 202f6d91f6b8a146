/**
 * Sign-in, the app shell, theme, user management and role enforcement, end to end:
 * the admin signs in, sees the shell, switches to dark mode (persisted across reloads),
 * creates a viewer, signs out; the viewer signs in, must choose a new password, and is
 * refused Settings → Users with the 403 page (and the API with 403 JSON).
 */
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from './support/env';

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signed-out visitors are sent to sign-in; the API answers 401 JSON; health is public', async ({ page, request }) => {
  await page.goto('/settings/users');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fusers$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  const users = await request.get('/api/users');
  expect(users.status()).toBe(401);
  expect(await users.json()).toMatchObject({ error: expect.any(String) });

  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
});

test('admin and viewer: shell, dark mode, user creation, sign-out, role enforcement', async ({ page }) => {
  const viewerEmail = `viewer-${Date.now()}@rampart.test`;
  const initialPassword = 'initial-viewer-password-1';
  const viewerPassword = 'viewer-own-password-2026';

  // A wrong password is explained, not silently ignored.
  await signIn(page, E2E_ADMIN_EMAIL, 'not-the-right-password');
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong email or password.');

  // The admin signs in and sees the shell.
  await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const item of ['Overview', 'Clusters', 'Findings', 'Checks', 'RBAC', 'Reports', 'Settings']) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('current-user-email')).toHaveText(E2E_ADMIN_EMAIL);
  await expect(page.getByTestId('current-user-role')).toHaveText('Admin');

  // Keyboard users can skip the navigation.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();

  // Dark mode: toggled, persisted, applied before paint on the next load.
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);

  // Create a viewer in Settings → Users.
  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a user' });
  await dialog.getByLabel('Email').fill(viewerEmail);
  await dialog.getByLabel('Name').fill('Vera Viewer');
  await dialog.getByLabel('Role').selectOption('viewer');
  await dialog.getByLabel('Initial password').fill(initialPassword);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId(`user-row-${viewerEmail}`);
  await expect(row).toContainText('Vera Viewer');
  await expect(row).toContainText('Viewer');
  await expect(row).toContainText('Password change pending');

  // The creation is in the audit log.
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'user.created' }).filter({ hasText: E2E_ADMIN_EMAIL }).first()).toBeVisible();

  // Sign out.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);

  // The viewer signs in and must choose their own password first.
  await signIn(page, viewerEmail, initialPassword);
  await expect(page).toHaveURL(/\/change-password$/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/change-password$/);
  await page.getByLabel('Current password').fill(initialPassword);
  await page.getByLabel('New password', { exact: true }).fill(viewerPassword);
  await page.getByLabel('Confirm new password').fill(viewerPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('current-user-role')).toHaveText('Viewer');

  // Settings shows the viewer only their profile …
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const sections = page.getByRole('navigation', { name: 'Settings sections' });
  await expect(sections.getByRole('link', { name: 'Profile' })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'Users' })).toHaveCount(0);

  // … and Settings → Users, opened directly, is the 403 page.
  const response = await page.goto('/settings/users');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add user' })).toHaveCount(0);
  await expect(page.getByText(E2E_ADMIN_EMAIL)).toHaveCount(0);

  // The API refuses too, with the reason.
  const api = await page.request.get('/api/users');
  expect(api.status()).toBe(403);
  expect((await api.json()).error).toMatch(/Admin role/);
  const create = await page.request.post('/api/users', {
    data: { email: 'sneaky@rampart.test', name: 'x', role: 'admin', password: 'sneaky-password-123' },
  });
  expect(create.status()).toBe(403);

  // The old one-time password no longer works; the new one does.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, viewerEmail, initialPassword);
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong email or password.');
});
