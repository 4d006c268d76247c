import { describe, it, expect, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../electron/main/menu';

const submenu = (item: MenuItemConstructorOptions) => (item.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator');
const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label);

describe('application menu', () => {
  it('is in Chinese on Windows and Linux', () => {
    const menu = buildMenuTemplate({ platform: 'win32', appName: 'YCA Desk', onAbout: vi.fn() });
    expect(labels(menu)).toEqual(['文件', '编辑', '视图', '帮助']);
    const [file, edit, view, help] = menu as [MenuItemConstructorOptions, MenuItemConstructorOptions, MenuItemConstructorOptions, MenuItemConstructorOptions];
    expect(labels(submenu(file))).toEqual(['退出']);
    expect(labels(submenu(edit))).toEqual(['撤销', '重做', '剪切', '复制', '粘贴', '全选']);
    expect(labels(submenu(view))).toEqual(['重新加载', '实际大小', '放大', '缩小', '全屏']);
    expect(labels(submenu(help))).toEqual(['关于 YCA Desk']);
  });

  it('maps each item to the native role that does what its label says', () => {
    const menu = buildMenuTemplate({ platform: 'linux', appName: 'YCA Desk', onAbout: vi.fn() });
    const roles = Object.fromEntries(menu.flatMap(submenu).map((i) => [i.label, i.role]));
    expect(roles).toMatchObject({
      退出: 'quit', 撤销: 'undo', 重做: 'redo', 剪切: 'cut', 复制: 'copy', 粘贴: 'paste', 全选: 'selectAll',
      重新加载: 'reload', 实际大小: 'resetZoom', 放大: 'zoomIn', 缩小: 'zoomOut', 全屏: 'togglefullscreen',
    });
  });

  it('opens the about box from 帮助 → 关于 YCA Desk', () => {
    const onAbout = vi.fn();
    const help = buildMenuTemplate({ platform: 'linux', appName: 'YCA Desk', onAbout }).at(-1)!;
    const about = submenu(help).find((i) => i.label === '关于 YCA Desk')!;
    (about.click as () => void)();
    expect(onAbout).toHaveBeenCalledTimes(1);
  });

  it('puts the app menu first on macOS, with Quit there', () => {
    const menu = buildMenuTemplate({ platform: 'darwin', appName: 'YCA Desk', onAbout: vi.fn() });
    expect(labels(menu)).toEqual(['YCA Desk', '文件', '编辑', '视图', '帮助']);
    const appMenu = submenu(menu[0]!);
    expect(appMenu[0]!.label).toBe('关于 YCA Desk');
    expect(appMenu.at(-1)).toMatchObject({ label: '退出 YCA Desk', role: 'quit' });
    expect(submenu(menu[1]!)).toEqual([{ label: '关闭窗口', role: 'close' }]);
  });

  it('has no label without Chinese text except the app name', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const all = buildMenuTemplate({ platform, appName: 'YCA Desk', onAbout: vi.fn() }).flatMap((top) => [top, ...submenu(top)]);
      for (const item of all) {
        if (item.label === 'YCA Desk') continue;
        expect(item.label).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
