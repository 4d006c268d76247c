import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const config = require(path.join(root, 'build', 'electron-builder.config.cjs')) as Record<string, any>;

describe('electron-builder config', () => {
  it('identifies the product', () => {
    expect(config.appId).toBe('cn.yca.desk');
    expect(config.productName).toBe('青年文明号创建管理');
    expect(config.directories.output).toBe('release');
  });

  it('packs only the built app into an asar', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**/*', 'dist-electron/**/*', 'package.json', '!node_modules/**/*']));
    expect(config.files.filter((f: string) => !f.startsWith('!'))).toHaveLength(3);
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('builds a Chinese NSIS installer for Windows, a dmg for macOS, AppImage and deb for Linux', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, language: '2052', installerLanguages: ['zh_CN'] });
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Office');
    expect(config.linux.maintainer).toMatch(/^.+ <[^@\s]+@[^>\s]+>$/);
  });

  it('uses the generated icon for every platform', () => {
    for (const platform of ['win', 'mac', 'linux']) expect(config[platform].icon).toBe('build/icons/icon.png');
  });
});

describe('application icon', () => {
  const png = readFileSync(path.join(root, 'build', 'icons', 'icon.png'));

  it('is a real 512×512 RGBA PNG with a picture in it', () => {
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    expect(png[25]).toBe(6); // RGBA
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe((512 * 4 + 1) * 512);
    const colours = new Set<number>();
    for (let y = 0; y < 512; y += 8) for (let x = 0; x < 512; x += 8) colours.add(raw.readUInt32BE(y * 2049 + 1 + x * 4));
    expect(colours.size).toBeGreaterThan(10);
  });

  it('is what build/make-icon.mjs draws (the committed file is reproducible)', async () => {
    const { drawIcon } = (await import(new URL('../../build/make-icon.mjs', import.meta.url).href)) as { drawIcon(): Buffer };
    expect(drawIcon().equals(png)).toBe(true);
  });
});
