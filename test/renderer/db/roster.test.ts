import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { createSubunit, issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login } from '../../../renderer/db/repos/auth';
import { importRoster, importTargetUnits, previewRosterImport, RosterImportCancelled, RosterImportError } from '../../../renderer/db/repos/roster';
import { runSetup } from '../../../renderer/db/repos/setup';
import { resetClockForTests } from '../../../renderer/db/write';
import { parseRosterWorkbook } from '../../../shared/roster/parse';
import { ScopeError } from '../../../shared/rules/scope';
import { isWellFormedCode } from '../../../shared/security/codes';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

type Cell = string | number | null;
const HEADER = ['序号', '集体名称', '用户名（编码）', '所属单位', '集体类型', '成员人数', '35岁以下青年人数', '负责人', '联系电话', '保密邮箱'];

/** A roster as an admin would send it: a merged title row, then the header, then the rows. */
function workbook(rows: Cell[][], header = HEADER): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet([['2017—2018年度青年文明号创建集体名单'], header, ...rows]);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: header.length - 1 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '集体名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const row = (i: number, name: string, over: Partial<Record<'code' | 'parent' | 'type' | 'members' | 'youth' | 'email', Cell>> = {}): Cell[] => [
  i,
  name,
  over.code ?? '',
  over.parent ?? '某上级单位',
  over.type ?? '事业单位',
  over.members ?? 30,
  over.youth ?? 20,
  '张三',
  '021-63240090',
  over.email ?? `c${i}@example.com`,
];

const FIVE: Cell[][] = [
  row(1, '上海市第一人民医院急诊科'),
  row(2, '上海地铁一号线人民广场站', { type: '国企' }),
  row(3, '浦东新区团委青年志愿服务队'),
  row(4, '上海市黄浦区人民政府办公室', { type: '党政机关' }),
  row(5, '上海某社区服务中心', { type: '其他' }),
];

const parse = (bytes: Uint8Array) => parseRosterWorkbook(bytes);

async function snapshot() {
  const d = db();
  return JSON.stringify([await d.collectives.toArray(), await d.accounts.toArray(), await d.changes.toArray(), await d.audit.count()]);
}

async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海管理员', recoveryEmail: '' }, TERM);
  const js = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R10', displayName: '江苏管理员', recoveryEmail: '' }, TERM);
  const shAdmin = await login(sh.account.code, sh.oneTimePassword);
  const jsAdmin = await login(js.account.code, js.oneTimePassword);
  const l2 = await issueAccount(shAdmin.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '上海二级', recoveryEmail: '' }, TERM);
  const level2 = await login(l2.account.code, l2.oneTimePassword);
  return { national, shAdmin, jsAdmin, level2 };
}

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`roster-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('roster import: preview and all-or-nothing write', () => {
  it('previews every row; refuses a file with errors unless the admin accepts importing only the valid rows', async () => {
    const { shAdmin } = await world();
    const bytes = workbook([...FIVE, row(6, '', {}), row(7, '某某集体', { members: 10, youth: 11 })]);
    const parsed = parse(bytes);
    const preview = await previewRosterImport(shAdmin.actor, parsed, 'unit-R09');
    expect(preview.counts).toEqual({ create: 5, update: 0, unchanged: 0, error: 2 });
    const bad = preview.rows.filter((r) => r.kind === 'error');
    expect(bad.map((r) => r.rowNumber)).toEqual([8, 9]);
    expect(bad[0]!.errors[0]).toMatchObject({ column: 'B', field: '集体名称' });
    expect(bad[1]!.errors[0]!.message).toContain('不能大于成员人数');

    const before = await snapshot();
    await expect(importRoster(shAdmin.actor, parsed, 'unit-R09', TERM)).rejects.toThrow(RosterImportError);
    expect(await snapshot()).toBe(before);

    const result = await importRoster(shAdmin.actor, parsed, 'unit-R09', TERM, { acceptValidOnly: true });
    expect(result.created).toHaveLength(5);
    expect(result.skipped).toEqual([8, 9]);
    const collectives = await db().collectives.toArray();
    expect(collectives.map((c) => c.profile.name).sort()).toEqual(FIVE.map((r) => r[1] as string).sort());
    const metro = collectives.find((c) => c.profile.name === '上海地铁一号线人民广场站')!;
    expect(metro.profile).toMatchObject({ type: '国有企业', memberCount: 30, youthCount: 20, recoveryEmail: 'c2@example.com' });
    expect(metro.profile.leader).toMatchObject({ name: '张三', phone: '021-63240090' });
    expect(metro.status).toBe('registered');
  });

  it('gives every new collective a unique, well-formed code and a one-time password it must replace (never stored in clear)', async () => {
    const { shAdmin } = await world();
    const first = await importRoster(shAdmin.actor, parse(workbook(FIVE)), 'unit-R09', TERM);
    const single = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海某银行营业部', recoveryEmail: '' }, TERM);
    const second = await importRoster(shAdmin.actor, parse(workbook([row(1, '上海某某科技有限公司研发部'), row(2, '上海青年志愿者协会秘书处')])), 'unit-R09', TERM);
    const codes = [...first.created.map((c) => c.code), single.account.code, ...second.created.map((c) => c.code)];
    expect(new Set(codes).size).toBe(8);
    for (const c of codes) expect(isWellFormedCode(c)).toBe(true);
    // numbering continues across imports and single issues
    expect(codes.map((c) => c.slice(0, 9))).toEqual(['R09J00001', 'R09J00002', 'R09J00003', 'R09J00004', 'R09J00005', 'R09J00006', 'R09J00007', 'R09J00008']);
    const stored = JSON.stringify(await db().accounts.toArray());
    for (const c of first.created) expect(stored).not.toContain(c.oneTimePassword);
    const s = await login(first.created[0]!.code, first.created[0]!.oneTimePassword);
    expect(s.account.mustChangePassword).toBe(true);
    expect(s.account.role).toBe('collective');
    expect(s.account.collectiveId).toBeTruthy();
    expect(verifyAudit(await db().audit.orderBy('seq').toArray()).ok).toBe(true);
  });

  it('re-importing the same file creates nothing and writes nothing', async () => {
    const { shAdmin } = await world();
    const bytes = workbook(FIVE);
    await importRoster(shAdmin.actor, parse(bytes), 'unit-R09', TERM);
    const before = await snapshot();
    const preview = await previewRosterImport(shAdmin.actor, parse(bytes), 'unit-R09');
    expect(preview.counts).toEqual({ create: 0, update: 0, unchanged: 5, error: 0 });
    const again = await importRoster(shAdmin.actor, parse(bytes), 'unit-R09', TERM);
    expect(again).toMatchObject({ created: [], updated: 0, unchanged: 5 });
    expect(await snapshot()).toBe(before);
  });

  it('updates by exact normalised name (width, spaces, brackets) and by code; an empty cell never erases', async () => {
    const { shAdmin } = await world();
    const first = await importRoster(shAdmin.actor, parse(workbook(FIVE)), 'unit-R09', TERM);
    const metroCode = first.created.find((c) => c.name === '上海地铁一号线人民广场站')!.code;
    const edited = workbook([
      row(1, '上海市第一人民医院 （急诊科）', { members: 45 }),
      [2, '上海地铁1号线人民广场站', metroCode, '', '', '', '', '', '', ''],
      row(3, '浦东新区团委青年志愿服务队'),
    ]);
    const preview = await previewRosterImport(shAdmin.actor, parse(edited), 'unit-R09');
    expect(preview.counts).toEqual({ create: 0, update: 2, unchanged: 1, error: 0 });
    expect(preview.rows[0]!.changes).toEqual(['成员人数']);
    await importRoster(shAdmin.actor, parse(edited), 'unit-R09', TERM);
    const all = await db().collectives.toArray();
    const er = all.find((c) => c.code === first.created[0]!.code)!;
    expect(er.profile.name).toBe('上海市第一人民医院急诊科');
    expect(er.profile.memberCount).toBe(45);
    // matched by code under a new name: a rename that keeps the old name as 曾用名称
    const metro = all.find((c) => c.code === metroCode)!;
    expect(metro.profile.name).toBe('上海地铁1号线人民广场站');
    expect(metro.formerNames).toEqual(['上海地铁一号线人民广场站']);
    expect(metro.profile.type).toBe('国有企业'); // the blank cell did not erase it
    expect(metro.profile.memberCount).toBe(30);
    expect((await db().accounts.where('code').equals(metroCode).first())!.displayName).toBe('上海地铁1号线人民广场站');
    expect(await db().changes.where('collectiveId').equals(metro.id).count()).toBe(1);
    // the old name is now a former name: a row using it cannot create a second code
    const back = await previewRosterImport(shAdmin.actor, parse(workbook([row(1, '上海地铁一号线人民广场站')])), 'unit-R09');
    expect(back.rows[0]!.kind).toBe('error');
    expect(back.rows[0]!.errors[0]!.message).toContain('曾用名称');
  });

  it('writes nothing when an error is thrown in the middle of the transaction', async () => {
    const { shAdmin } = await world();
    const before = await snapshot();
    // the collectives are written first, then the accounts fail: the whole transaction must roll back
    const table = db().accounts;
    let calls = 0;
    vi.spyOn(table, 'bulkAdd').mockImplementation((() => {
      calls++;
      throw new Error('磁盘已满（测试）');
    }) as never);
    await expect(importRoster(shAdmin.actor, parse(workbook(FIVE)), 'unit-R09', TERM)).rejects.toThrow('磁盘已满');
    expect(calls).toBe(1);
    vi.restoreAllMocks();
    expect(await snapshot()).toBe(before);
    expect(await db().collectives.count()).toBe(0);
    // and a clean retry succeeds with the first codes (nothing was consumed)
    const retry = await importRoster(shAdmin.actor, parse(workbook(FIVE)), 'unit-R09', TERM);
    expect(retry.created[0]!.code.slice(0, 9)).toBe('R09J00001');
  });

  it('can be cancelled while passwords are prepared, writing nothing', async () => {
    const { shAdmin } = await world();
    const before = await snapshot();
    const signal = { cancelled: false };
    const phases: string[] = [];
    const rows = Array.from({ length: 60 }, (_, i) => row(i + 1, `测试集体第${i + 1}号服务站`));
    await expect(
      importRoster(shAdmin.actor, parse(workbook(rows)), 'unit-R09', TERM, {
        signal,
        onProgress: (p) => {
          phases.push(`${p.phase}:${p.done}`);
          if (p.phase === 'passwords' && p.done >= 25) signal.cancelled = true;
        },
      }),
    ).rejects.toThrow(RosterImportCancelled);
    expect(phases).toContain('passwords:25');
    expect(phases.some((p) => p.startsWith('writing'))).toBe(false);
    expect(await snapshot()).toBe(before);
  });

  it('refuses to write when the stored data changed between preview and transaction', async () => {
    const { shAdmin } = await world();
    const rows = Array.from({ length: 30 }, (_, i) => row(i + 1, `测试集体第${i + 1}号服务站`));
    let raced: Promise<unknown> | null = null;
    const attempt = importRoster(shAdmin.actor, parse(workbook(rows)), 'unit-R09', TERM, {
      onProgress: (p) => {
        // another window issues one of the roster's collectives while passwords are prepared
        if (p.phase === 'passwords' && p.done === 0 && !raced) {
          raced = issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '测试集体第7号服务站', recoveryEmail: '' }, TERM);
        }
      },
      // …and has written it before this import's transaction starts (not left to timing)
      beforeWrite: async () => {
        await raced;
      },
    });
    await expect(attempt).rejects.toThrow('请重新预览');
    expect(await db().collectives.count()).toBe(1);
  });
});

describe('roster import: units and scope', () => {
  it('places a row in the subunit its 所属单位 names, else in the unit chosen for the import', async () => {
    const { shAdmin } = await world();
    const pudong = await createSubunit(shAdmin.actor, 'unit-R09', '浦东新区');
    const result = await importRoster(shAdmin.actor, parse(workbook([row(1, '浦东新区某街道青年突击队', { parent: '浦东新区' }), row(2, '上海市某中学团委')])), 'unit-R09', TERM);
    expect(result.created.map((c) => [c.unitName, c.code.slice(0, 6)])).toEqual([
      ['浦东新区', 'R0901J'],
      ['上海', 'R09J00'],
    ]);
    const c = await db().collectives.where('code').equals(result.created[0]!.code).first();
    expect(c!.unitPath).toBe(pudong.path);
    expect((await importTargetUnits(shAdmin.actor)).map((u) => u.name)).toEqual(['上海', '浦东新区']);
  });

  it('only level-1 admins and the national office import, only into their subtree', async () => {
    const { shAdmin, jsAdmin, level2, national } = await world();
    const parsed = parse(workbook(FIVE));
    const before = await snapshot();
    await expect(importRoster(level2.actor, parsed, 'unit-R09', TERM)).rejects.toThrow(ScopeError);
    await expect(previewRosterImport(level2.actor, parsed, 'unit-R09')).rejects.toThrow(ScopeError);
    await expect(importRoster(jsAdmin.actor, parsed, 'unit-R09', TERM)).rejects.toThrow(ScopeError);
    await expect(importRoster(national.actor, parsed, 'unit-N00', TERM)).rejects.toThrow('行业或地方');
    expect(await snapshot()).toBe(before);
    expect(await importTargetUnits(level2.actor)).toEqual([]);
    await importRoster(shAdmin.actor, parsed, 'unit-R09', TERM);
  });

  it('a row may not update (or duplicate) a collective outside the admin subtree, and its code is not revealed', async () => {
    const { shAdmin, jsAdmin } = await world();
    const sh = await importRoster(shAdmin.actor, parse(workbook(FIVE)), 'unit-R09', TERM);
    const shCode = sh.created[0]!.code;
    const before = await snapshot();
    const parsed = parse(workbook([row(1, '上海市第一人民医院急诊科', { members: 99 }), row(2, '随便写的名称', { code: shCode }), row(3, '上海市第一人民医院急诊科青年文明号'), row(4, '南京某某服务中心')]));
    const preview = await previewRosterImport(jsAdmin.actor, parsed, 'unit-R10');
    expect(preview.rows.map((r) => r.kind)).toEqual(['error', 'error', 'error', 'create']);
    expect(preview.rows[0]!.errors[0]!.message).toContain('不在您的管理范围内');
    for (const r of preview.rows.slice(0, 3)) expect(JSON.stringify(r)).not.toContain(shCode);
    await expect(importRoster(jsAdmin.actor, parsed, 'unit-R10', TERM)).rejects.toThrow(RosterImportError);
    expect(await snapshot()).toBe(before);
    const result = await importRoster(jsAdmin.actor, parsed, 'unit-R10', TERM, { acceptValidOnly: true });
    expect(result.created.map((c) => c.name)).toEqual(['南京某某服务中心']);
    const er = await db().collectives.where('code').equals(shCode).first();
    expect(er!.profile.memberCount).toBe(30);
  });

  it('one collective, one code: a name that differs only by a noise suffix, or a second row of it, is an error', async () => {
    const { shAdmin } = await world();
    await importRoster(shAdmin.actor, parse(workbook(FIVE)), 'unit-R09', TERM);
    const preview = await previewRosterImport(
      shAdmin.actor,
      parse(workbook([row(1, '上海市第一人民医院急诊科青年文明号'), row(2, '上海某新集体'), row(3, '上海某新集体创建集体')])),
      'unit-R09',
    );
    expect(preview.rows.map((r) => r.kind)).toEqual(['error', 'create', 'error']);
    expect(preview.rows[0]!.errors[0]!.message).toContain('同一集体只能有一个编码');
    expect(preview.rows[2]!.errors[0]!.message).toContain('与第 4 行'); // Excel row numbers: title, header, then data
  });
});
