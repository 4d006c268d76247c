import { sha256HexAsync as sha256Hex } from '../../../shared/security/sha256';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { createSubunit, issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login } from '../../../renderer/db/repos/auth';
import { runSetup } from '../../../renderer/db/repos/setup';
import {
  createWorkEntry,
  deleteWorkEntry,
  evidenceInfo,
  fiveOnesFor,
  listWorkEntries,
  readEvidence,
  updateWorkEntry,
  workEntryProblems,
  WorkEntryError,
  type WorkEntryInput,
} from '../../../renderer/db/repos/workEntries';
import { resetClockForTests } from '../../../renderer/db/write';
import { ScopeError } from '../../../shared/rules/scope';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`work-entries-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海管理员', recoveryEmail: '' }, TERM);
  const js = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R10', displayName: '江苏管理员', recoveryEmail: '' }, TERM);
  return { national, shAdmin: await login(sh.account.code, sh.oneTimePassword), jsAdmin: await login(js.account.code, js.oneTimePassword) };
}

const bytes = (s: string) => new TextEncoder().encode(s);

function entry(type: WorkEntryInput['type'], date: string, title: string, extra: Partial<WorkEntryInput> = {}): WorkEntryInput {
  return { type, date, title, participants: '各区团委书记', description: '研究部署', ...extra };
}

async function snapshot() {
  const d = db();
  return JSON.stringify([await d.workEntries.toArray(), await d.attachments.count(), await d.audit.count()]);
}

describe('work entries and the 五个一 checklist', () => {
  it('turns complete as the five kinds are recorded, listing the entries that prove each', async () => {
    const { shAdmin } = await world();
    const a = shAdmin.actor;
    let view = await fiveOnesFor(a, 'unit-R09', TERM);
    expect(view.checklist.metCount).toBe(0);
    expect(view.checklist.missing).toEqual(['专题会议', '集中培训', '检查调研', '主题创建活动', '常态化联系平台']);

    const minutes = { name: '会议纪要.pdf', data: bytes('%PDF-1.4 纪要') };
    const meeting = await createWorkEntry(a, 'unit-R09', TERM, entry('专题会议', '2017-03-15', '青年文明号创建工作部署会', { newFiles: [minutes] }));
    await createWorkEntry(a, 'unit-R09', TERM, entry('集中培训', '2017-05-10', '创建集体负责人培训班'));
    await createWorkEntry(a, 'unit-R09', TERM, entry('检查调研', '2017-06-20', '浦东、闵行创建集体实地调研'));
    await createWorkEntry(a, 'unit-R09', TERM, entry('主题创建活动', '2017-07-01', '青年建功十三五·青春献礼十九大'));
    await createWorkEntry(a, 'unit-R09', TERM, entry('媒体宣传', '2017-07-02', '开放周专题报道'));
    view = await fiveOnesFor(a, 'unit-R09', TERM);
    expect(view.checklist.complete).toBe(false);
    expect(view.checklist.missing).toEqual(['常态化联系平台']);
    // media entries are recorded but are not one of the five
    expect(view.entries).toHaveLength(5);

    const platform = await createWorkEntry(a, 'unit-R09', TERM, entry('常态化联系平台', '2017-04-01', '上海青年文明号微信群'));
    view = await fiveOnesFor(a, 'unit-R09', TERM);
    expect(view.checklist.complete).toBe(true);
    expect(view.checklist.items.find((i) => i.kind === '专题会议')!.entryIds).toEqual([meeting.id]);
    expect(view.checklist.items.find((i) => i.kind === '专题会议')!.withoutEvidence).toEqual([]);
    expect(view.checklist.items.find((i) => i.kind === '常态化联系平台')!.withoutEvidence).toEqual([platform.id]);
    // by date
    expect(view.entries.map((e) => e.date)).toEqual(['2017-03-15', '2017-04-01', '2017-05-10', '2017-06-20', '2017-07-01', '2017-07-02']);

    // deleting the only platform entry makes the checklist incomplete again; the entry is a tombstone
    await deleteWorkEntry(a, platform.id);
    view = await fiveOnesFor(a, 'unit-R09', TERM);
    expect(view.checklist.missing).toEqual(['常态化联系平台']);
    expect((await db().workEntries.get(platform.id))!.deleted).toBe(true);

    const audit = await db().audit.toArray();
    expect(audit.filter((e) => e.action.startsWith('workEntry.')).map((e) => e.action)).toEqual([
      ...Array(6).fill('workEntry.create'),
      'workEntry.delete',
    ]);
    expect(verifyAudit(audit).ok).toBe(true);
  });

  it('stores each evidence file once by SHA-256 and serves it back through the entry', async () => {
    const { shAdmin } = await world();
    const a = shAdmin.actor;
    const photo = { name: '现场照片.jpg', data: bytes('same bytes in two entries') };
    const e1 = await createWorkEntry(a, 'unit-R09', TERM, entry('集中培训', '2017-05-10', '培训一', { newFiles: [photo, { ...photo }] }));
    const e2 = await createWorkEntry(a, 'unit-R09', TERM, entry('检查调研', '2017-06-20', '调研一', { newFiles: [{ name: '另存名.jpg', data: photo.data }] }));
    const hash = await sha256Hex(photo.data);
    expect(e1.evidenceHashes).toEqual([hash]);
    expect(e2.evidenceHashes).toEqual([hash]);
    expect(await db().attachments.count()).toBe(1);
    const row = (await db().attachments.toArray())[0]!;
    expect(row).toMatchObject({ id: `attachment-${hash}`, hash, size: photo.data.byteLength, name: '现场照片.jpg', mime: 'image/jpeg' });
    expect(await evidenceInfo(e2.evidenceHashes)).toEqual([{ hash, name: '现场照片.jpg', size: photo.data.byteLength, mime: 'image/jpeg' }]);
    const back = await readEvidence(a, e2.id, hash);
    expect(new TextDecoder().decode(back.data)).toBe('same bytes in two entries');

    // editing: drop the old file, add a new one
    const notice = { name: '通知.docx', data: bytes('PK notice') };
    const edited = await updateWorkEntry(a, e1.id, { ...entry('集中培训', '2017-05-11', '培训一（更正）'), keepEvidence: [], newFiles: [notice] });
    expect(edited.evidenceHashes).toEqual([await sha256Hex(notice.data)]);
    expect(edited.date).toBe('2017-05-11');
    await expect(readEvidence(a, e1.id, hash)).rejects.toBeInstanceOf(ScopeError);
    // the shared file stays for the other entry
    await expect(readEvidence(a, e2.id, hash)).resolves.toBeTruthy();
  });

  it('refuses bad entries with Chinese messages and writes nothing', async () => {
    const { shAdmin } = await world();
    const a = shAdmin.actor;
    const before = await snapshot();
    const refused = async (input: WorkEntryInput, message: string) => {
      const p = createWorkEntry(a, 'unit-R09', TERM, input);
      await expect(p).rejects.toBeInstanceOf(WorkEntryError);
      await expect(createWorkEntry(a, 'unit-R09', TERM, input)).rejects.toThrow(message);
    };
    await refused(entry('专题会议', '2019-01-05', '下一届的会'), '日期应在2017—2018年度创建期内（2015-10-01 至 2018-12-31）');
    await refused(entry('专题会议', '2015-09-30', '上一届的会'), '创建期内');
    await refused(entry('专题会议', '2017-02-30', '不存在的日子'), '不是有效日期');
    await refused(entry('专题会议', '', '没有日期'), '请填写日期');
    await refused(entry('专题会议', '2017-03-01', '  '), '请填写标题');
    await refused(entry('专题会议', '2017-03-01', '空文件', { newFiles: [{ name: 'empty.pdf', data: new Uint8Array(0) }] }), '证明材料“empty.pdf”是空文件');
    await refused(
      entry('专题会议', '2017-03-01', '太大', { newFiles: [{ name: 'big.mp4', data: new Uint8Array(20 * 1024 * 1024 + 1) }] }),
      '超过 20 MB 的上限',
    );
    await refused(
      entry('专题会议', '2017-03-01', '太多', { newFiles: Array.from({ length: 21 }, (_, i) => ({ name: `${i}.jpg`, data: bytes(String(i)) })) }),
      '每条记录最多 20 个证明材料',
    );
    await refused({ ...entry('专题会议', '2017-03-01', '类型不对'), type: '聚餐' as never }, '请选择工作类型');
    expect(await snapshot()).toBe(before);
    // a date inside the period but after today (the term still running) is refused too
    const period = { from: '2015-10-01', to: '2018-12-31', label: '2017—2018年度' };
    expect(workEntryProblems(entry('专题会议', '2017-06-02', '明天的会'), period, new Date(2017, 5, 1, 12))).toEqual(['日期不能晚于今天']);
    expect(workEntryProblems(entry('专题会议', '2017-06-01', '今天的会'), period, new Date(2017, 5, 1, 12))).toEqual([]);
  });

  it('keeps each unit to its own subtree; the national office reads but does not write', async () => {
    const { national, shAdmin, jsAdmin } = await world();
    const pd = await createSubunit(shAdmin.actor, 'unit-R09', '浦东新区');
    const a3 = await issueAccount(shAdmin.actor, { role: 'admin3', unitId: pd.id, displayName: '浦东三级', recoveryEmail: '' }, TERM);
    const pdAdmin = await login(a3.account.code, a3.oneTimePassword);
    const c = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海图书馆读者服务部', recoveryEmail: '' }, TERM);
    const collective = await login(c.account.code, c.oneTimePassword);

    const own = await createWorkEntry(shAdmin.actor, 'unit-R09', TERM, entry('专题会议', '2017-03-15', '部署会'));
    // the province records for its district, the district for itself
    await createWorkEntry(shAdmin.actor, pd.id, TERM, entry('集中培训', '2017-05-10', '浦东培训'));
    await createWorkEntry(pdAdmin.actor, pd.id, TERM, entry('检查调研', '2017-06-10', '浦东调研'));
    const before = await snapshot();

    await expect(createWorkEntry(jsAdmin.actor, 'unit-R09', TERM, entry('专题会议', '2017-03-15', '越权'))).rejects.toBeInstanceOf(ScopeError);
    await expect(listWorkEntries(jsAdmin.actor, 'unit-R09', TERM)).rejects.toBeInstanceOf(ScopeError);
    await expect(updateWorkEntry(jsAdmin.actor, own.id, entry('专题会议', '2017-03-15', '改'))).rejects.toBeInstanceOf(ScopeError);
    await expect(deleteWorkEntry(jsAdmin.actor, own.id)).rejects.toBeInstanceOf(ScopeError);
    // the district cannot touch the province's own ledger
    await expect(createWorkEntry(pdAdmin.actor, 'unit-R09', TERM, entry('专题会议', '2017-03-15', '越级'))).rejects.toBeInstanceOf(ScopeError);
    await expect(deleteWorkEntry(pdAdmin.actor, own.id)).rejects.toBeInstanceOf(ScopeError);
    // collectives neither read nor write
    await expect(listWorkEntries(collective.actor, 'unit-R09', TERM)).rejects.toBeInstanceOf(ScopeError);
    await expect(createWorkEntry(collective.actor, 'unit-R09', TERM, entry('专题会议', '2017-03-15', '集体'))).rejects.toBeInstanceOf(ScopeError);
    // the national office reads, and is told it does not write
    await expect(createWorkEntry(national.actor, 'unit-R09', TERM, entry('专题会议', '2017-03-15', '代填'))).rejects.toThrow('不代为填写');
    expect(await snapshot()).toBe(before);

    expect((await listWorkEntries(national.actor, 'unit-R09', TERM)).map((e) => e.title)).toEqual(['部署会']);
    expect((await listWorkEntries(shAdmin.actor, pd.id, TERM)).map((e) => e.title)).toEqual(['浦东培训', '浦东调研']);
    // a unit's checklist counts its own entries, not its subunits'
    expect((await fiveOnesFor(shAdmin.actor, 'unit-R09', TERM)).checklist.metCount).toBe(1);
  });
});
