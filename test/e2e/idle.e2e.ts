import { describe, it } from 'vitest';
import { newLaptop } from './browser';
import { nav, setUp } from './helpers';

describe('idle lock', () => {
  it('signs out after the configured minutes without input and says why', async () => {
    const laptop = await newLaptop({ time: '2026-11-26T09:00:00+08:00' });
    try {
      const { page } = laptop;
      await setUp(page, '上海');
      await nav(page, '设置');
      await page.getByLabel('无操作自动锁定（分钟，0 表示不锁定）').fill('1');
      await page.getByRole('button', { name: '保存本机设置' }).click();
      await page.getByRole('status').filter({ hasText: '设置已保存' }).waitFor();
      await page.clock.fastForward('00:30');
      await page.getByRole('heading', { name: '设置', exact: true }).waitFor();
      await page.clock.fastForward('00:35');
      await page.getByRole('heading', { name: '登录' }).waitFor();
      await page.getByText('已超过 1 分钟未操作，系统已自动锁定').waitFor();
    } finally {
      await laptop.close();
    }
  });
});
