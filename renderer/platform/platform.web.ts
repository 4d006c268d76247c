/** Web edition: downloads for saving, a hidden file input for opening. */
import type { FileFilter } from '../../shared/ipc/contract';
import type { PickedFile, Platform } from './platform';

declare const __APP_VERSION__: string;

function accept(filters: FileFilter[]): string {
  return filters
    .flatMap((f) => f.extensions)
    .filter((e) => e !== '*')
    .map((e) => `.${e}`)
    .join(',');
}

export const webPlatform: Platform = {
  kind: 'web',
  async saveFile(suggestedName, data) {
    const blob = new Blob([data as BlobPart]);
    const url = URL.createObjectURL(blob);
    try {
      const a = document.createElement('a');
      a.href = url;
      a.download = suggestedName;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
    } finally {
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    }
    return true;
  },
  openFiles(filters, multiple) {
    return new Promise<PickedFile[]>((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = accept(filters);
      input.multiple = multiple;
      input.style.display = 'none';
      input.setAttribute('aria-label', '选择文件');
      input.addEventListener('change', async () => {
        const files = Array.from(input.files ?? []);
        input.remove();
        resolve(await Promise.all(files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) }))));
      });
      input.addEventListener('cancel', () => {
        input.remove();
        resolve([]);
      });
      document.body.appendChild(input);
      input.click();
    });
  },
  async requestPersistentStorage() {
    if (!navigator.storage?.persist) return false;
    return (await navigator.storage.persisted()) || navigator.storage.persist();
  },
  async appVersion() {
    return __APP_VERSION__;
  },
  async dataLocation() {
    return '本浏览器的站点数据（IndexedDB，来源 ' + location.origin + '）';
  },
  async protectSecret() {
    return null;
  },
  async unprotectSecret() {
    return null;
  },
  // a browser cannot write into a folder unattended: the page keeps the reminder and the download
  async backupFolder() {
    return { supported: false };
  },
  async pickBackupFolder() {
    return { supported: false, cancelled: true };
  },
  async writeBackupToFolder() {
    return { ok: false, error: '网页版不能自动写入文件夹：请在“备份与恢复”页下载备份文件，保存到本机以外的地方。' };
  },
};
