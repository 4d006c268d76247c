import type { Page } from 'playwright-core';

export const ADMIN_PASSWORD = 'Shanghai#2017yca';

/** First-run setup through the wizard; returns the first admin's code. */
export async function setUp(page: Page, unitLabel: string, adminName = '王晓明', password = ADMIN_PASSWORD): Promise<string> {
  await page.getByLabel('本机服务的单位').selectOption({ label: unitLabel });
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('管理员姓名').fill(adminName);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('确认密码').fill(password);
  await page.getByRole('button', { name: '完成设置' }).click();
  const status = await page.getByRole('status').filter({ hasText: '初始设置完成' }).textContent();
  return /用户名（编码）是 ([0-9A-Z]+)/.exec(status ?? '')![1]!;
}

export async function logIn(page: Page, code: string, password: string): Promise<void> {
  await page.getByLabel('用户名（编码）').fill(code);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('heading', { name: '登录' }).waitFor();
}

/** Issue a code on the accounts page; returns [code, one-time password] from the table shown once. */
export async function issue(page: Page, roleLabel: string, name: string): Promise<[string, string]> {
  await page.getByLabel('账号类型').selectOption({ label: roleLabel });
  await page.getByLabel(roleLabel === '集体' ? '集体规范名称' : '管理员姓名').fill(name);
  await page.getByRole('button', { name: '生成编码和一次性密码' }).click();
  const row = page.getByRole('table', { name: '一次性密码' }).getByRole('row', { name: new RegExp(name) });
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  return [cells[0]!, cells[3]!];
}

/** Log in with a one-time password and set a new password at the forced change. */
export async function firstLogIn(page: Page, code: string, oneTimePassword: string, newPassword: string): Promise<void> {
  await logIn(page, code, oneTimePassword);
  await page.getByRole('heading', { name: '首次登录：请设置新密码' }).waitFor();
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('确认新密码').fill(newPassword);
  await page.getByRole('button', { name: '保存新密码' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  await page.getByRole('heading', { name: '首次登录：请设置新密码' }).waitFor({ state: 'detached' });
}

export async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('button', { name: label, exact: true }).click();
}
