/**
 * `npm run bench`: builds the web edition (package.json does that first), serves dist/renderer on
 * 127.0.0.1 and drives Debian's Chromium with real IndexedDB through the product's own code and
 * UI, at province scale (2,000 collectives, 40,000 logs) and national scale (20,000 collectives,
 * 400,000 logs). Prints medians of several runs beside baselines measured in the same run, the
 * goals of issue 9 and the growth from province to national scale; writes .bench/latest.json.
 *
 * A script that prints figures, never a test with timed assertions. Environment:
 *   BENCH_RUNS     runs per figure (default 3; national-scale roster/ledger/cold start use
 *                  BENCH_NATIONAL_RUNS, default 3)
 *   BENCH_SCALES   'province' to skip the national scale (a quick check while working)
 *   BENCH_ONLY     comma-separated groups to measure (roster, package, ledger, ui, cold); the
 *                  demo data is loaded whenever a group needs it. Default: all of them
 *   CHROMIUM_PATH  default /usr/bin/chromium
 * Laptops (browser profiles):
 *   scratch   roster import and package import, each run on a fresh throwaway database
 *   province  a level-1 administrator of 江苏 (R10) with the province demo data: package export
 *   natP      the national office holding the province demo data: UI, ledger, cold start, heap
 *   natN      the national office holding the national demo data: the same, at 20,000 collectives
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { LedgerRun, RosterRun } from '../../renderer/bench/hooks';
import { CHROMIUM, Laptop } from './laptop';
import { figure, figuresTable, growth, growthTable, median, writeJson, type Figure, type Scale } from './report';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const NATIONAL_RUNS = Math.max(1, Number(process.env.BENCH_NATIONAL_RUNS ?? RUNS));
const NATIONAL = process.env.BENCH_SCALES !== 'province';
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((x) => x.trim())) : null;
const want = (group: 'roster' | 'package' | 'ledger' | 'ui' | 'cold'): boolean => !ONLY || ONLY.has(group);
/** the national dashboard's table (工作台 shows the quota board of 名额与结构) */
const DASHBOARD_TABLE = '各行业、各地方名额与结构';
const SEARCH = '搜索（名称、曾用名称、编码、拼音首字母）';
/** characters typed one at a time into the search box (each changes the list), then erased */
const KEYS = ['医', '银', '局', '站', '所', '队'];

const figures: Figure[] = [];
const info: Record<string, unknown> = {};
const problems: string[] = [];
const started = Date.now();

const log = (s: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} 秒] ${s}`);

async function attempt(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const message = `${what}：未能测量（${(e as Error).message.split('\n')[0]}）`;
    problems.push(message);
    log(message);
  }
}

// ---------------------------------------------------------------------------------------------
// UI timing through the page (renderer/bench/hooks.ts `arm`)

type Expect = Parameters<NonNullable<Window['__ycaBench']>['arm']>[1];
type Event = Parameters<NonNullable<Window['__ycaBench']>['arm']>[0];

async function timed(page: Page, event: Event, expect: Expect, action: () => Promise<unknown>): Promise<number> {
  await page.evaluate(({ event, expect }) => window.__ycaBench!.arm(event, expect), { event, expect });
  await action();
  return page.evaluate(() => window.__ycaBench!.measured()!);
}

async function toHome(l: Laptop): Promise<void> {
  await l.nav('工作台');
  await l.page.getByRole('table', { name: DASHBOARD_TABLE }).locator('tbody tr').first().waitFor();
}

async function toList(l: Laptop): Promise<void> {
  await l.nav('集体管理');
  await l.page.getByRole('table', { name: '集体列表' }).locator('tbody tr').first().waitFor();
}

interface Showcase {
  id: string;
  code: string;
  name: string;
  logs: number;
}

/** Dashboard, list, search keystrokes, opening a collective and its 50 logs: through the real UI. */
async function uiFigures(l: Laptop, scale: Scale, showcase: Showcase, runs: number): Promise<void> {
  const page = l.page;
  await attempt(`工作台（${scale}）`, async () => {
    const ms: number[] = [];
    for (let k = 0; k < runs; k++) {
      await toList(l);
      ms.push(await timed(page, 'click', { kind: 'rows', table: DASHBOARD_TABLE, min: 60 }, () => l.nav('工作台')));
    }
    figures.push(figure({ id: 'dashboard', label: '工作台（全国完成情况表）打开', scale, unit: 'ms', runs: ms, goal: scale === 'national' ? { kind: 'max', value: 500 } : undefined }));
  });
  await attempt(`集体列表（${scale}）`, async () => {
    const ms: number[] = [];
    for (let k = 0; k < runs; k++) {
      await toHome(l);
      ms.push(await timed(page, 'click', { kind: 'rows', table: '集体列表', min: 1 }, () => l.nav('集体管理')));
    }
    figures.push(figure({ id: 'list-open', label: '集体管理列表打开', scale, unit: 'ms', runs: ms }));
  });
  await attempt(`搜索按键（${scale}）`, async () => {
    await toList(l);
    const input = page.getByLabel(SEARCH);
    await input.fill('');
    await input.focus();
    const ms: number[] = [];
    for (const ch of KEYS) {
      ms.push(await timed(page, 'input', { kind: 'textChanged', label: '列表计数' }, () => page.keyboard.insertText(ch)));
      ms.push(await timed(page, 'input', { kind: 'textChanged', label: '列表计数' }, () => page.keyboard.press('Backspace')));
    }
    figures.push(
      figure({ id: 'keystroke', label: '搜索框按键→列表与计数更新', scale, unit: 'ms', runs: ms, goal: scale === 'national' ? { kind: 'max', value: 100 } : undefined }),
    );
  });
  await attempt(`打开集体详情（${scale}）`, async () => {
    await toList(l);
    const input = page.getByLabel(SEARCH);
    await input.fill(showcase.code);
    await page.getByRole('status', { name: '列表计数' }).filter({ hasText: '共 1 个集体' }).waitFor();
    const row = page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: new RegExp(showcase.code) });
    const ms: number[] = [];
    for (let k = 0; k < runs; k++) {
      ms.push(await timed(page, 'click', { kind: 'heading', text: showcase.code }, () => row.click()));
      await page.getByRole('button', { name: '关闭详情' }).click();
      await page.getByRole('button', { name: '关闭详情' }).waitFor({ state: 'detached' });
    }
    await input.fill('');
    figures.push(figure({ id: 'detail', label: '集体管理中打开一个集体（详情）', scale, unit: 'ms', runs: ms, goal: { kind: 'max', value: 100 } }));
  });
  await attempt(`打开集体的创建日志（${scale}）`, async () => {
    const ms: number[] = [];
    for (let k = 0; k < runs; k++) {
      await toHome(l);
      ms.push(
        await page.evaluate(
          ({ id, count }) => {
            window.__ycaBench!.arm('now', { kind: 'items', list: '创建日志时间线', count });
            window.__ycaBench!.openLogs(id);
            return window.__ycaBench!.measured()!;
          },
          { id: showcase.id, count: showcase.logs },
        ),
      );
    }
    await toHome(l);
    figures.push(figure({ id: 'timeline', label: `打开一个集体的创建日志（${showcase.logs} 条）`, scale, unit: 'ms', runs: ms, goal: { kind: 'max', value: 100 } }));
  });
}

/** Load the demo data as a person does: 演示数据 page, confirm, 载入演示数据, wait for the result. */
async function loadThroughPage(l: Laptop, scale: Scale) {
  await l.nav('演示数据');
  const page = l.page;
  // the form appears once the page knows this laptop holds no demo data yet
  await page.getByLabel('我已了解：演示数据将写入本机数据库').waitFor();
  if (await page.getByLabel('规模').count()) {
    await page.getByLabel('规模').selectOption(scale);
    if (scale === 'province') await page.getByLabel('演示单位').selectOption('R10');
  }
  await page.getByLabel('我已了解：演示数据将写入本机数据库').check();
  await page.getByRole('button', { name: '载入演示数据' }).click();
  await page.getByRole('status', { name: '演示数据情况' }).waitFor({ timeout: 40 * 60_000 });
  const info = await page.evaluate(() => window.__ycaBench!.demoInfo());
  if (!info) throw new Error('演示数据未载入');
  // a figure labelled national must come from national data
  if (info.scale !== scale) throw new Error(`载入的演示数据规模为 ${info.scale}，应为 ${scale}`);
  return info;
}

async function ledgerFigures(l: Laptop, scale: Scale, runs: number): Promise<void> {
  await attempt(`台账导出（${scale}）`, async () => {
    const r: LedgerRun[] = await l.page.evaluate((n) => window.__ycaBench!.ledgerBench(n), runs);
    const n = r[0]!.collectives;
    figures.push(
      figure({
        id: 'ledger',
        label: `工作台账导出 ${n.toLocaleString('en-US')} 个集体（读库+整理+写出）`,
        scale,
        unit: 'ms',
        runs: r.map((x) => x.total),
        baselineRuns: r.map((x) => x.bare),
        goal: scale === 'national' ? { kind: 'ratio', value: 1.3 } : undefined,
        note: `全部在后台线程：读库 ${median(r.map((x) => x.gather)).toFixed(0)} ms（计 ${r[0]!.workUpdates} 条创建日志），整理并写出 ${median(r.map((x) => x.job)).toFixed(0)} ms`,
      }),
    );
    figures.push(
      figure({
        id: 'ledger-write',
        label: '　其中：写出工作簿（同一批单元格）',
        scale,
        unit: 'ms',
        runs: r.map((x) => x.writeOnly),
        baselineRuns: r.map((x) => x.bare),
        goal: scale === 'national' ? { kind: 'ratio', value: 1.3 } : undefined,
      }),
    );
  });
}

async function coldAndHeap(l: Laptop, scale: Scale, code: string, showcase: Showcase, runs: number): Promise<void> {
  await attempt(`冷启动（${scale}）`, async () => {
    const ms: number[] = [];
    const script: number[] = [];
    for (let k = 0; k < runs; k++) {
      const r = await l.coldStart();
      ms.push(r.ms);
      script.push(r.scriptMs);
    }
    figures.push(
      figure({
        id: 'cold',
        label: scale === 'national' ? '冷启动到可操作（本机存有 40 万条日志）' : '冷启动到可操作（本机存有 4 万条日志）',
        scale,
        unit: 'ms',
        runs: ms,
        goal: scale === 'national' ? { kind: 'max', value: 1500 } : undefined,
        note: `浏览器重新启动、打开页面到登录按钮可用；其中页面脚本载入到首次显示“正在启动…”${median(script).toFixed(0)} ms，其余为打开数据库和读取登录页所需记录`,
      }),
    );
    const login = await timed(l.page, 'click', { kind: 'rows', table: DASHBOARD_TABLE, min: 60 }, async () => {
      await l.page.getByLabel('用户名（编码）').fill(code);
      await l.page.getByLabel('密码').fill('Bench#2017-yca!');
      await l.page.getByRole('button', { name: '登录' }).click();
    });
    info[`loginToDashboard_${scale}`] = login;
    log(`登录到工作台（含 60 万次 PBKDF2 密码校验）：${login.toFixed(0)} ms`);
  });
  await attempt(`新会话浏览后的内存（${scale}）`, async () => {
    await toList(l);
    await l.page.getByLabel(SEARCH).fill(showcase.code);
    await l.page.getByRole('status', { name: '列表计数' }).filter({ hasText: '共 1 个集体' }).waitFor();
    await l.page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: new RegExp(showcase.code) }).click();
    await l.page.getByRole('button', { name: '关闭详情' }).click();
    await l.page.evaluate((id) => window.__ycaBench!.openLogs(id), showcase.id);
    await l.page.getByRole('list', { name: '创建日志时间线' }).waitFor();
    for (const page of ['社会评价', '监督看板', '工作台']) {
      await l.nav(page);
      await l.page.waitForTimeout(1500);
    }
    info[`heapFreshSession_${scale}`] = await l.heapMb();
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`找不到 Chromium（${CHROMIUM}）。请以 root 运行 apt-get install -y chromium fonts-wqy-microhei，或设置 CHROMIUM_PATH。`);
  // Serve a frozen copy of the build (with scripts/serve.mjs beside it, as in the checkout): a
  // rebuild of dist/ while the benchmark runs must not swap the pages' chunks under them.
  const snapshot = fs.mkdtempSync(path.join(os.tmpdir(), 'yca-bench-web-'));
  if (!fs.existsSync('dist/renderer/index.html')) throw new Error('未找到网页版构建结果 dist/renderer：请用 npm run bench 运行（会先构建）。');
  fs.cpSync('dist/renderer', path.join(snapshot, 'dist', 'renderer'), { recursive: true });
  fs.mkdirSync(path.join(snapshot, 'scripts'));
  fs.copyFileSync('scripts/serve.mjs', path.join(snapshot, 'scripts', 'serve.mjs'));
  const { startServer } = (await import(pathToFileURL(path.join(snapshot, 'scripts', 'serve.mjs')).href)) as {
    startServer(port: number, host: string): Promise<import('node:http').Server>;
  };
  const server = await startServer(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/?bench=1`;
  log(`网页版已在 ${url} 启动；每项 ${RUNS} 次（全国规模 ${NATIONAL_RUNS} 次），取中位数`);
  const laptops: Laptop[] = [];
  const open = async (label: string) => {
    const l = await Laptop.open(url, label);
    laptops.push(l);
    return l;
  };
  try {
    // --- roster import: parse + validate + write vs SheetJS read + raw IndexedDB put
    const scratch = await open('scratch');
    info.chromium = scratch.browserVersion();
    for (const [scale, rows, runs] of [['province', 2000, RUNS], ['national', 20000, NATIONAL_RUNS]] as const) {
      if ((scale === 'national' && !NATIONAL) || !want('roster')) continue;
      await attempt(`名单导入 ${rows} 行`, async () => {
        log(`名单导入 ${rows} 行 × ${runs} 次（每次一个新的一次性数据库）…`);
        const r: { bytes: number; runs: RosterRun[] } = await scratch.page.evaluate(({ rows, runs }) => window.__ycaBench!.rosterBench(rows, runs), { rows, runs });
        figures.push(
          figure({
            id: 'roster',
            label: `名单导入 ${rows.toLocaleString('en-US')} 行（解析+校验+写入）`,
            scale,
            unit: 'ms',
            runs: r.runs.map((x) => x.total),
            baselineRuns: r.runs.map((x) => x.bare),
            goal: scale === 'national' ? { kind: 'ratio', value: 1.3 } : undefined,
            note: `解析 ${median(r.runs.map((x) => x.parse)).toFixed(0)} ms，预览（校验、查重）${median(r.runs.map((x) => x.preview)).toFixed(0)} ms，导入 ${median(r.runs.map((x) => x.importMs)).toFixed(0)} ms（其中生成并散列一次性密码 ${median(r.runs.map((x) => x.passwords)).toFixed(0)} ms，其余为计划与一次事务写入集体、账号和审计记录；同样这些记录直接写入同样索引的原生 IndexedDB 表需 ${median(r.runs.map((x) => x.floor)).toFixed(0)} ms）；文件 ${(r.bytes / 1024).toFixed(0)} KB`,
          }),
        );
      });
    }

    // --- a province laptop (江苏 level-1 admin) with the province data: package export upwards
    if (want('package')) {
    log('省级一级管理员电脑：初始设置、载入省级演示数据…');
    const prov = await open('province');
    const provCode = await prov.setUp('R10');
    await prov.logIn(provCode);
    const provInfo = await loadThroughPage(prov, 'province');
    info.demoLoadProvinceLaptop = provInfo.elapsedMs;
    let packageB64 = '';
    await attempt('交换包导出（省级）', async () => {
      log(`交换包导出（江苏 → 全国组委会办公室）× ${RUNS} 次…`);
      const r = await prov.page.evaluate((n) => window.__ycaBench!.packageExport('unit-N00', n), RUNS);
      packageB64 = r.bytes;
      info.packageProvince = { bytes: r.size, counts: r.counts };
      figures.push(
        figure({
          id: 'package-export',
          label: `交换包导出（${r.counts.collectives ?? 0} 个集体、${r.counts.workUpdates ?? 0} 条日志）`,
          scale: 'province',
          unit: 'ms',
          runs: r.ms,
          goal: { kind: 'max', value: 3000 },
          note: `文件 ${(r.size / 1024 / 1024).toFixed(1)} MB`,
        }),
      );
    });
    await prov.close();
    laptops.splice(laptops.indexOf(prov), 1);
    if (packageB64) {
      await attempt('交换包导入（省级）', async () => {
        log(`交换包导入（全国组委会办公室的新电脑）× ${RUNS} 次…`);
        const r = await scratch.page.evaluate(({ b64, n }) => window.__ycaBench!.packageImport(b64, n), { b64: packageB64, n: RUNS });
        figures.push(
          figure({
            id: 'package-import',
            label: `交换包导入（校验签名+预览+写入 ${r.written.toLocaleString('en-US')} 条）`,
            scale: 'province',
            unit: 'ms',
            runs: r.ms,
            baselineRuns: r.floor,
            goal: { kind: 'max', value: 3000 },
            note: `其中读取并校验文件 ${median(r.read).toFixed(0)} ms；基线＝同样的记录直接写入同样主键和索引的原生 IndexedDB 表（一次事务，无任何检查），即本机写入这些记录的下限`,
          }),
        );
      });
    }
    }
    await scratch.close();
    laptops.splice(laptops.indexOf(scratch), 1);

    // --- the national office with the province data, then with the national data
    for (const [scale, label, runs] of [['province', 'natP', RUNS], ['national', 'natN', NATIONAL_RUNS]] as const) {
      if ((scale === 'national' && !NATIONAL) || !(want('ledger') || want('ui') || want('cold'))) continue;
      log(`全国组委会办公室电脑（${scale === 'province' ? '省级' : '全国'}规模数据）：初始设置、载入演示数据…`);
      const l = await open(label);
      const code = await l.setUp('N00');
      await l.logIn(code);
      const demo = await loadThroughPage(l, scale);
      info[`demoLoad_${scale}`] = { ms: demo.elapsedMs, counts: demo.counts };
      figures.push(figure({ id: 'demo-load', label: '载入演示数据（演示数据页面）', scale, unit: 'ms', runs: [demo.elapsedMs], note: `${demo.counts.collectives} 个集体、${demo.counts.workUpdates} 条日志等共 ${Object.values(demo.counts).reduce((a, b) => a + b, 0)} 条记录，分批事务写入` }));
      log(`演示数据已载入：${demo.counts.collectives} 个集体、${demo.counts.workUpdates} 条日志，用时 ${(demo.elapsedMs / 1000).toFixed(1)} 秒`);
      await attempt(`载入后的内存（${scale}）`, async () => {
        await toHome(l);
        info[`heapAfterLoad_${scale}`] = await l.heapMb();
      });
      if (scale === 'national' && want('package')) {
        await attempt('交换包导出（全国组委会办公室 → 江苏，本机 40 万条日志）', async () => {
          log('交换包导出：全国组委会办公室（全国数据）→ 江苏 × 1 次…');
          const r = await l.page.evaluate(() => window.__ycaBench!.packageExport('unit-R10', 1));
          info.packageNationalToProvince = { ms: r.ms[0], bytes: r.size, counts: r.counts };
        });
      }
      if (want('ledger')) await ledgerFigures(l, scale, runs);
      if (want('ui')) {
        log('界面测量：工作台、集体列表、搜索按键、打开集体、创建日志…');
        await uiFigures(l, scale, demo.showcase, runs);
      }
      if (!ONLY) await attempt(`载入并浏览后的内存（${scale}）`, async () => {
        const mb = await l.heapMb();
        figures.push(
          figure({
            id: 'heap',
            label: '载入演示数据并浏览后的 JS 堆',
            scale,
            unit: 'MB',
            runs: [mb],
            goal: scale === 'national' ? { kind: 'max', value: 300 } : undefined,
            note: '同一会话：载入、台账导出、浏览各页后，完整垃圾回收后测量',
          }),
        );
      });
      if (want('cold')) {
        log('冷启动…');
        await coldAndHeap(l, scale, code, demo.showcase, runs);
      }
      await l.close();
      laptops.splice(laptops.indexOf(l), 1);
    }
  } finally {
    for (const l of laptops) await l.close().catch(() => {});
    server.close();
    fs.rmSync(snapshot, { recursive: true, force: true });
  }

  const order = ['demo-load', 'roster', 'ledger', 'ledger-write', 'package-export', 'package-import', 'keystroke', 'list-open', 'detail', 'timeline', 'dashboard', 'cold', 'heap'];
  figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id) || (a.scale === b.scale ? 0 : a.scale === 'province' ? -1 : 1));
  const grow = growth(figures, { 'demo-load': 10, 'list-open': 10, keystroke: 10, detail: 1, timeline: 1, dashboard: 10, cold: 10, heap: 10, roster: 10, ledger: 10, 'ledger-write': 10 });
  const machine = {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    chromium: info.chromium,
    os: `${os.type()} ${os.release()}`,
    commit: (() => {
      try {
        return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      } catch {
        return '';
      }
    })(),
  };
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log('');
  console.log(`YCA Desk 性能基准（${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC；${machine.nproc} 核，${machine.memoryGiB} GiB 内存，Chromium ${machine.chromium}；用时 ${minutes} 分钟）`);
  console.log('');
  console.log(figuresTable(figures));
  for (const f of figures) if (f.note) console.log(`  · ${f.label}（${f.scale === 'national' ? '全国' : '省级'}）：${f.note}`);
  console.log('');
  console.log('从省级到全国规模的增长（数据量 10 倍；打开单个集体的数据量不变）：');
  console.log(growthTable(grow));
  console.log('');
  const fmt = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(0)}` : JSON.stringify(v));
  console.log('其他：');
  for (const [k, v] of Object.entries(info)) console.log(`  ${k}: ${fmt(v)}`);
  if (problems.length) {
    console.log('');
    console.log('未能测量：');
    for (const p of problems) console.log(`  · ${p}`);
  }
  const missed = figures.filter((f) => f.met === false);
  console.log('');
  console.log(missed.length ? `未达标 ${missed.length} 项：${missed.map((f) => f.label.trim()).join('；')}（原因见 docs/performance.md）` : '所有有目标的项目均已达标。');
  const out = path.resolve('.bench/latest.json');
  writeJson(out, { at: new Date().toISOString(), machine, runs: RUNS, nationalRuns: NATIONAL_RUNS, minutes: Number(minutes), figures, growth: grow, info, problems });
  console.log(`结果已写入 ${path.relative(process.cwd(), out)}`);
}

main().catch((e: unknown) => {
  console.error(`基准测试失败：${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
