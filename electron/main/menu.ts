/**
 * The Chinese application menu. Items use Electron roles so accelerators and platform behaviour
 * (e.g. macOS's app menu and its Quit) come from the OS; only the labels are ours.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** short app name shown in macOS's app menu ("YCA Desk") */
  appName: string;
  onAbout(): void;
}

export function buildMenuTemplate({ platform, appName, onAbout }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const aboutLabel = `关于 ${appName}`;
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { label: aboutLabel, click: onAbout },
        { type: 'separator' },
        { label: '服务', role: 'services' },
        { type: 'separator' },
        { label: `隐藏 ${appName}`, role: 'hide' },
        { label: '隐藏其他', role: 'hideOthers' },
        { label: '全部显示', role: 'unhide' },
        { type: 'separator' },
        { label: `退出 ${appName}`, role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: '文件',
      // on macOS Quit lives in the app menu and "File" closes the window instead
      submenu: isMac ? [{ label: '关闭窗口', role: 'close' }] : [{ label: '退出', role: 'quit' }],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '帮助',
      role: 'help',
      submenu: [{ label: aboutLabel, click: onAbout }],
    },
  );
  return template;
}
