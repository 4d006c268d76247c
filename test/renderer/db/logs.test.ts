import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { AttachmentError, prepareAttachment, setThumbnailerForTests, THUMBNAIL_MAX_PX } from '../../../renderer/db/repos/attachments';
import { changeOwnPassword } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import {
  addLogComment,
  attachmentsOfUpdate,
  collectiveTimeline,
  deleteDraft,
  LogError,
  saveWorkUpdate,
  setLogRead,
  submitWorkUpdate,
  subtreeLogs,
} from '../../../renderer/db/repos/logs';
import { runSetup } from '../../../renderer/db/repos/setup';
import { supervisionFacts } from '../../../renderer/db/repos/supervision';
import { resetClockForTests } from '../../../renderer/db/write';
import { ScopeError } from '../../../shared/rules/scope';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

/** A real 1×1 PNG; `variant` appends bytes after IEND so the hash differs while the type stays PNG. */
function png(variant = 0): Uint8Array {
  const base = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
  return variant ? Uint8Array.from([...base, variant]) : base;
}
const mp4 = () => Uint8Array.from([0, 0, 0, 16, ...new TextEncoder().encode('ftypisom'), 0, 0, 0, 0, 0, 0, 0, 8, ...new TextEncoder().encode('mdat')]);
const pdf = () => new TextEncoder().encode('%PDF-1.4\n1 0 obj\n');

async function collectiveSession(admin: Session, name: string): Promise<Session> {
  const r = await issueAccount(admin.actor, { role: 'collective', unitId: admin.account.unitId, displayName: name, recoveryEmail: '' }, TERM);
  const s = await login(r.account.code, r.oneTimePassword);
  await changeOwnPassword(s.actor, null, 'Jizhenke!2017x');
  return login(r.account.code, 'Jizhenke!2017x');
}

/** National office laptop: Shanghai (admin1, admin2, two collectives) and Jiangsu (admin1, one collective). */
async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海管理员', recoveryEmail: '' }, TERM);
  const js = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R10', displayName: '江苏管理员', recoveryEmail: '' }, TERM);
  const shAdmin = await login(sh.account.code, sh.oneTimePassword);
  const jsAdmin = await login(js.account.code, js.oneTimePassword);
  const a2 = await issueAccount(shAdmin.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '上海二级', recoveryEmail: '' }, TERM);
  const shAdmin2 = await login(a2.account.code, a2.oneTimePassword);
  const hospital = await collectiveSession(shAdmin, '上海市第一人民医院急诊科');
  const metro = await collectiveSession(shAdmin, '上海地铁一号线徐家汇站');
  const nanjing = await collectiveSession(jsAdmin, '南京市鼓楼医院急诊科');
  return { national, shAdmin, shAdmin2, jsAdmin, hospital, metro, nanjing };
}

const fields = (title = '开放周岗位体验活动') => ({ title, date: '2017-05-04', text: '组织市民走进急诊科体验岗位。' });

async function draft(s: Session, files: Uint8Array[] = [], title?: string, submit = false) {
  const add = [];
  for (const [i, f] of files.entries()) add.push(await prepareAttachment({ name: `图${i + 1}.png`, data: f }));
  return saveWorkUpdate(s.actor, { ...fields(title), collectiveId: s.actor.collectiveId!, keepHashes: [], add, submit }, TERM);
}

async function snapshot() {
  const d = db();
  return JSON.stringify([await d.workUpdates.toArray(), await d.attachments.count(), await d.logReads.toArray(), await d.logComments.toArray(), await d.collectives.toArray(), await d.audit.count()]);
}

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`logs-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
  setThumbnailerForTests(null);
});

describe('attachments', () => {
  it('stores the same bytes once, however often and by whomever they are attached', async () => {
    const { hospital, metro } = await world();
    const a = await draft(hospital, [png(), png()]);
    expect(a.attachmentHashes).toHaveLength(1);
    const first = (await db().attachments.toArray())[0]!;
    const b = await draft(hospital, [png(), png(1)], '第二条');
    const c = await draft(metro, [png(1)], '地铁');
    expect(b.attachmentHashes[0]).toBe(a.attachmentHashes[0]);
    expect(c.attachmentHashes[0]).toBe(b.attachmentHashes[1]);
    expect(await db().attachments.count()).toBe(2);
    const stored = await db().attachments.toArray();
    expect(stored.map((s) => s.mime)).toEqual(['image/png', 'image/png']);
    expect(stored.map((s) => s.hash).sort()).toEqual([...new Set([...a.attachmentHashes, ...b.attachmentHashes])].sort());
    // the stored copy is left untouched when the same bytes come again, and stored only once in the audit
    expect(stored.find((s) => s.hash === first.hash)!.rev).toBe(first.rev);
    const audits = (await db().audit.toArray()).filter((r) => r.action === 'attachment.store');
    expect(audits.map((r) => r.entityId).sort()).toEqual(stored.map((s) => s.hash).sort());
  });

  it('checks type by content and size before anything is stored', async () => {
    const { hospital } = await world();
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    await expect(prepareAttachment({ name: '活动照片.png', data: html })).rejects.toThrow(AttachmentError);
    await expect(prepareAttachment({ name: '活动照片.png', data: html })).rejects.toThrow('“活动照片.png”不能添加');
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(png());
    await expect(prepareAttachment({ name: '超大.png', data: big })).rejects.toThrow('图片每个不能超过 10 MB');
    const video = await prepareAttachment({ name: 'clip.dat', data: new Blob([mp4()]) });
    expect(video).toMatchObject({ mime: 'video/mp4', kind: 'video', name: 'clip.dat', thumbnail: null });
    expect(video.data).toBeInstanceOf(Blob);
    expect((video.data as Blob).type).toBe('video/mp4');
    const doc = await prepareAttachment({ name: '材料.pdf', data: pdf() });
    expect(doc.kind).toBe('document');
    const u = await saveWorkUpdate(hospital.actor, { ...fields(), collectiveId: hospital.actor.collectiveId!, keepHashes: [], add: [video, doc] }, TERM);
    expect(u.hasMedia).toBe(true);
    const onlyDoc = await saveWorkUpdate(hospital.actor, { ...fields('只有文件'), collectiveId: hospital.actor.collectiveId!, keepHashes: [], add: [doc] }, TERM);
    expect(onlyDoc.hasMedia).toBe(false);
  });

  it('makes a thumbnail of at most 240 px for pictures, and refuses a picture that cannot be decoded', async () => {
    await world();
    const seen: string[] = [];
    setThumbnailerForTests(async (blob, mime) => {
      seen.push(`${mime}:${blob.size}`);
      return new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    });
    const p = await prepareAttachment({ name: 'a.png', data: png() });
    expect(seen).toEqual([`image/png:${png().length}`]);
    expect(p.thumbnail).toBeInstanceOf(Blob);
    expect(THUMBNAIL_MAX_PX).toBe(240);
    setThumbnailerForTests(async () => {
      throw new Error('decode failed');
    });
    await expect(prepareAttachment({ name: '坏图.png', data: png() })).rejects.toThrow('“坏图.png”无法作为图片打开');
    // video is never decoded as a picture
    await expect(prepareAttachment({ name: 'v.mp4', data: mp4() })).resolves.toMatchObject({ thumbnail: null });
  });

  it('keeps the Blob thumbnail and data through the database', async () => {
    const { hospital } = await world();
    setThumbnailerForTests(async () => new Blob([new Uint8Array([9, 9])], { type: 'image/png' }));
    const u = await draft(hospital, [png()]);
    const [att] = await attachmentsOfUpdate(hospital.actor, u.id);
    expect(att!.thumbnail).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (att!.thumbnail as Blob).arrayBuffer())).toEqual(new Uint8Array([9, 9]));
  });
});

describe('work updates and the creation log', () => {
  it('a draft is the collective’s own; submitting puts it in the log its admins see, and stamps lastLogAt', async () => {
    const { hospital, metro, shAdmin, shAdmin2, jsAdmin, national } = await world();
    const u = await draft(hospital, [png()]);
    expect(u.state).toBe('draft');
    expect((await subtreeLogs(shAdmin.actor, TERM)).total).toBe(0);
    expect(await collectiveTimeline(shAdmin.actor, hospital.actor.collectiveId!, TERM)).toEqual([]);
    await expect(attachmentsOfUpdate(shAdmin.actor, u.id)).rejects.toThrow(ScopeError);
    await expect(attachmentsOfUpdate(metro.actor, u.id)).rejects.toThrow(ScopeError);

    const s = await submitWorkUpdate(hospital.actor, u.id);
    expect(s.state).toBe('submitted');
    expect(s.submittedAt).not.toBeNull();
    expect((await db().collectives.get(hospital.actor.collectiveId!))!.lastLogAt).toBe(s.submittedAt);
    for (const admin of [shAdmin, shAdmin2, national]) {
      const { rows } = await subtreeLogs(admin.actor, TERM);
      expect(rows.map((r) => [r.update.title, r.collective.name, r.attachments.length])).toEqual([['开放周岗位体验活动', '上海市第一人民医院急诊科', 1]]);
    }
    expect((await subtreeLogs(jsAdmin.actor, TERM)).total).toBe(0);
    await expect(collectiveTimeline(jsAdmin.actor, hospital.actor.collectiveId!, TERM)).rejects.toThrow(ScopeError);
    await expect(collectiveTimeline(metro.actor, hospital.actor.collectiveId!, TERM)).rejects.toThrow(ScopeError);
    await expect(subtreeLogs(hospital.actor, TERM)).rejects.toThrow(ScopeError);
  });

  it('a submitted log can be neither edited nor deleted', async () => {
    const { hospital } = await world();
    const u = await draft(hospital, [], undefined, true);
    const before = await snapshot();
    await expect(
      saveWorkUpdate(hospital.actor, { ...fields('改标题'), id: u.id, collectiveId: u.collectiveId, keepHashes: [], add: [] }, TERM),
    ).rejects.toThrow('已提交到创建日志的动态不能再修改');
    await expect(deleteDraft(hospital.actor, u.id)).rejects.toThrow('不能删除');
    await expect(submitWorkUpdate(hospital.actor, u.id)).rejects.toThrow('已提交');
    expect(await snapshot()).toBe(before);
  });

  it('validates fields and writes nothing on refusal', async () => {
    const { hospital, metro } = await world();
    const before = await snapshot();
    const base = { collectiveId: hospital.actor.collectiveId!, keepHashes: [], add: [] };
    await expect(saveWorkUpdate(hospital.actor, { ...base, title: ' ', date: '2017-05-04', text: '' }, TERM)).rejects.toThrow('请填写标题');
    await expect(saveWorkUpdate(hospital.actor, { ...base, title: 'x', date: '2017-02-30', text: '' }, TERM)).rejects.toThrow('不是有效日期');
    await expect(saveWorkUpdate(hospital.actor, { ...base, title: 'x', date: '2999-01-01', text: '' }, TERM)).rejects.toThrow('不能晚于今天');
    await expect(saveWorkUpdate(hospital.actor, { ...base, title: 'x', date: '2017-05-04', text: '字'.repeat(5001) }, TERM)).rejects.toThrow('5000');
    // a collective cannot write into another collective's log
    await expect(saveWorkUpdate(metro.actor, { ...base, ...fields() }, TERM)).rejects.toThrow(ScopeError);
    expect(await snapshot()).toBe(before);
  });

  it('a draft keeps only attachments it already had: a typed-in hash reaches nothing', async () => {
    const { hospital, metro } = await world();
    const other = await draft(metro, [png(7)]);
    const mine = await draft(hospital, [png()]);
    const before = await snapshot();
    await expect(
      saveWorkUpdate(
        hospital.actor,
        { ...fields(), id: mine.id, collectiveId: mine.collectiveId, keepHashes: [...mine.attachmentHashes, other.attachmentHashes[0]!], add: [] },
        TERM,
      ),
    ).rejects.toThrow('只能保留草稿原有的附件');
    await expect(
      saveWorkUpdate(hospital.actor, { ...fields(), collectiveId: mine.collectiveId, keepHashes: other.attachmentHashes, add: [] }, TERM),
    ).rejects.toThrow(LogError);
    expect(await snapshot()).toBe(before);
    // removing an attachment from a draft keeps the rest
    const edited = await saveWorkUpdate(hospital.actor, { ...fields('改过'), id: mine.id, collectiveId: mine.collectiveId, keepHashes: [], add: [] }, TERM);
    expect(edited).toMatchObject({ title: '改过', attachmentHashes: [], hasMedia: false });
  });

  it('an admin may enter an update on the collective’s behalf; the collective sees and may finish it; another admin may not edit it', async () => {
    const { hospital, shAdmin, shAdmin2, jsAdmin } = await world();
    const cid = hospital.actor.collectiveId!;
    const u = await saveWorkUpdate(shAdmin.actor, { ...fields('代录：志愿服务'), collectiveId: cid, keepHashes: [], add: [] }, TERM);
    expect(u.authorId).toBe(shAdmin.account.id);
    expect(u.unitPath).toBe(hospital.unit.path);
    expect((await collectiveTimeline(hospital.actor, cid, TERM)).map((v) => v.update.id)).toEqual([u.id]);
    expect(await collectiveTimeline(shAdmin2.actor, cid, TERM)).toEqual([]);
    await expect(submitWorkUpdate(shAdmin2.actor, u.id)).rejects.toThrow(ScopeError);
    await expect(saveWorkUpdate(jsAdmin.actor, { ...fields(), collectiveId: cid, keepHashes: [], add: [] }, TERM)).rejects.toThrow(ScopeError);
    await submitWorkUpdate(hospital.actor, u.id);
    expect((await collectiveTimeline(shAdmin2.actor, cid, TERM)).map((v) => v.update.title)).toEqual(['代录：志愿服务']);
  });

  it('a collective may delete its draft (tombstone)', async () => {
    const { hospital } = await world();
    const u = await draft(hospital);
    await deleteDraft(hospital.actor, u.id);
    expect((await db().workUpdates.get(u.id))!.deleted).toBe(true);
    expect(await collectiveTimeline(hospital.actor, hospital.actor.collectiveId!, TERM)).toEqual([]);
  });
});

describe('reading, comments and filters', () => {
  it('read/unread is per admin; only admins mark and comment; the counts feed supervision', async () => {
    const { hospital, shAdmin, shAdmin2, jsAdmin } = await world();
    const u = await draft(hospital, [png()], undefined, true);
    const unread = async (s: Session) => (await subtreeLogs(s.actor, TERM, { unreadOnly: true })).total;
    expect([await unread(shAdmin), await unread(shAdmin2)]).toEqual([1, 1]);
    await setLogRead(shAdmin.actor, u.id, true);
    await setLogRead(shAdmin.actor, u.id, true); // idempotent
    expect([await unread(shAdmin), await unread(shAdmin2)]).toEqual([0, 1]);
    const [view] = (await subtreeLogs(shAdmin.actor, TERM)).rows;
    expect(view).toMatchObject({ readByMe: true, readCount: 1 });
    expect((await supervisionFacts(hospital.unit.path, TERM)).logs).toEqual({ submitted: 1, read: 1, commented: 0 });

    await setLogRead(shAdmin.actor, u.id, false);
    expect(await unread(shAdmin)).toBe(1);
    expect((await supervisionFacts(hospital.unit.path, TERM)).logs.read).toBe(0);
    await setLogRead(shAdmin.actor, u.id, true); // revives the tombstone (unique per log and admin)
    expect(await db().logReads.count()).toBe(1);

    await expect(setLogRead(hospital.actor, u.id, true)).rejects.toThrow(ScopeError);
    await expect(setLogRead(jsAdmin.actor, u.id, true)).rejects.toThrow(ScopeError);
    await expect(addLogComment(hospital.actor, u.id, '自评')).rejects.toThrow(ScopeError);
    await expect(addLogComment(shAdmin2.actor, u.id, '  ')).rejects.toThrow('请填写点评内容');

    await addLogComment(shAdmin2.actor, u.id, '活动有特色，请继续坚持。');
    expect(await unread(shAdmin2)).toBe(0);
    const [mine] = await collectiveTimeline(hospital.actor, hospital.actor.collectiveId!, TERM);
    expect(mine!.comments.map((c) => [c.authorName, c.comment.text])).toEqual([['上海二级', '活动有特色，请继续坚持。']]);
    expect(mine!.readCount).toBe(2);
    expect((await supervisionFacts(hospital.unit.path, TERM)).logs).toEqual({ submitted: 1, read: 1, commented: 1 });
  });

  it('filters the subtree’s newest logs by unit, date, collective type and media', async () => {
    const { hospital, metro, shAdmin } = await world();
    const d = db();
    const metroRec = (await d.collectives.get(metro.actor.collectiveId!))!;
    await d.collectives.put({ ...metroRec, profile: { ...metroRec.profile, type: '国有企业' } });
    await saveWorkUpdate(hospital.actor, { title: '五四', date: '2017-05-04', text: '', collectiveId: hospital.actor.collectiveId!, keepHashes: [], add: [await prepareAttachment({ name: 'a.png', data: png() })], submit: true }, TERM);
    await saveWorkUpdate(metro.actor, { title: '七一', date: '2017-07-01', text: '', collectiveId: metro.actor.collectiveId!, keepHashes: [], add: [], submit: true }, TERM);
    const titles = async (f: Parameters<typeof subtreeLogs>[2]) => (await subtreeLogs(shAdmin.actor, TERM, f)).rows.map((r) => r.update.title);
    expect(await titles({})).toEqual(['七一', '五四']);
    expect(await titles({ hasMedia: true })).toEqual(['五四']);
    expect(await titles({ collectiveType: '国有企业' })).toEqual(['七一']);
    expect(await titles({ from: '2017-06-01' })).toEqual(['七一']);
    expect(await titles({ to: '2017-06-01' })).toEqual(['五四']);
    expect(await titles({ unitId: 'unit-R09' })).toEqual(['七一', '五四']);
    await expect(subtreeLogs(shAdmin.actor, TERM, { unitId: 'unit-R10' })).rejects.toThrow(ScopeError);
    expect((await subtreeLogs(shAdmin.actor, '2019-2020')).total).toBe(0);
  });

  it('every change is in the audit chain, which stays intact', async () => {
    const { hospital, shAdmin } = await world();
    const u = await draft(hospital, [png()]);
    await submitWorkUpdate(hospital.actor, u.id);
    await setLogRead(shAdmin.actor, u.id, true);
    await addLogComment(shAdmin.actor, u.id, '好');
    const rows = await db().audit.orderBy('seq').toArray();
    expect(rows.map((r) => r.action).filter((a) => /^(attachment|workUpdate|log)\./.test(a))).toEqual([
      'attachment.store',
      'workUpdate.create',
      'workUpdate.submit',
      'log.read',
      'log.comment',
    ]);
    expect(verifyAudit(rows)).toMatchObject({ ok: true });
  });
});
