// electron-builder configuration for YCA Desk (`npm run dist`).
// Packaging policy: the app ships only the built renderer, the bundled main/preload and
// package.json inside an integrity-checked asar; Electron fuses switch off every way to run the
// binary as something other than this app (plain Node, NODE_OPTIONS, --inspect, loose files).
'use strict';

const icon = 'build/icons/icon.png';

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'cn.yca.desk',
  productName: '青年文明号创建管理',
  copyright: 'Copyright © YCA Desk',
  // ASCII artifact names: Chinese file names break some download tools and CI uploads
  artifactName: 'yca-desk-${version}-${os}-${arch}.${ext}',
  directories: { output: 'release', buildResources: 'build' },
  files: [
    'dist/renderer/**/*',
    'dist-electron/**/*',
    'package.json',
    // everything is bundled by Vite/esbuild; without this electron-builder would also copy the
    // production dependencies (React, Dexie, …) a second time into the asar
    '!node_modules/**/*',
  ],
  asar: true,
  // no native modules, nothing to rebuild; also keeps packaging offline-friendly
  npmRebuild: false,
  // offline application: no auto-update feed
  publish: null,
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
    // we never load file:// pages, so file:// keeps no privileges beyond an ordinary origin
    grantFileProtocolExtraPrivileges: false,
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon,
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    unicode: true,
    language: '2052',
    installerLanguages: ['zh_CN'],
    multiLanguageInstaller: false,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: '青年文明号创建管理',
    uninstallDisplayName: '青年文明号创建管理',
    // user data (the whole database) survives an uninstall/reinstall unless removed on purpose
    deleteAppDataOnUninstall: false,
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.productivity',
    icon,
  },
  dmg: {
    title: '青年文明号创建管理 ${version}',
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    executableName: 'yca-desk',
    synopsis: '青年文明号创建管理（离线桌面版）',
    description: '青年文明号创建管理桌面系统（离线版）',
    maintainer: 'YCA Desk 项目组 <maintainer@yca-desk.invalid>',
    vendor: 'YCA Desk',
    icon,
    desktop: { entry: { Name: '青年文明号创建管理', 'Name[zh_CN]': '青年文明号创建管理', Comment: '青年文明号创建管理（离线版）' } },
  },
  deb: {
    packageName: 'yca-desk',
  },
};
