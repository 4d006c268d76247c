import { describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import {
  DEMO_SCALES,
  DEMO_TABLES,
  SHOWCASE_LOGS,
  demoBatches,
  demoProfile,
  demoRosterWorkbook,
  emptyRecords,
  planDemo,
  type DemoOptions,
  type DemoRecords,
} from '../../shared/demo';
import { Rng, streamFor } from '../../shared/demo/random';
import { shortPlace } from '../../shared/demo/places';
import { DEFAULT_RUBRIC, validateScores } from '../../shared/assessment/rubric';
import { evaluationProblems } from '../../shared/evaluations/fields';
import { sha256Hex } from '../../shared/media/hash';
import { sniffMedia } from '../../shared/media/sniff';
import { HybridClock } from '../../shared/model/hlc';
import { checkEligibility } from '../../shared/rules/eligibility';
import { draftProblems, submissionProblems } from '../../shared/rules/profile';
import { parseRosterWorkbook } from '../../shared/roster/parse';
import { rosterPlan } from '../../shared/roster/plan';
import { TERM_2017_2018 } from '../../shared/reference/term2017';
import { isWellFormedCode } from '../../shared/security/codes';
import { countReportChars } from '../../shared/text/charCount';
import { findLikelyDuplicates, nameKey } from '../../shared/text/names';
import { workUpdateProblems } from '../../renderer/db/repos/logs';
import { workEntryProblems } from '../../renderer/db/repos/workEntries';
import { referenceRecords } from '../../renderer/db/repos/reference';
import { SYSTEM_ACTOR, Writer } from '../../renderer/db/write';

/** A small dataset over all 60 published units (every code path, quick to generate). */
const SMALL: DemoOptions = { scale: 'national', seed: 7, counts: { collectives: 700, workUpdates: 7000, evaluations: 1400, pictures: 80 } };

function collect(options: DemoOptions, batchSize?: number, unitCodes?: string[]): DemoRecords {
  const plan = planDemo(options);
  const all = emptyRecords();
  for (const b of demoBatches(plan, { ...(batchSize ? { batchSize } : {}), ...(unitCodes ? { unitCodes } : {}) })) {
    for (const t of DEMO_TABLES) (all[t] as unknown[]).push(...b.records[t]);
  }
  return all;
}

const small = collect(SMALL);
const smallPlan = planDemo(SMALL);

describe('determinism', () => {
  it('gives byte-identical records for the same seed, and different ones for another seed', () => {
    const again = collect(SMALL);
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    const other = collect({ ...SMALL, seed: 8 });
    expect(other.collectives.map((c) => c.profile.name)).not.toEqual(small.collectives.map((c) => c.profile.name));
  });

  it('does not depend on the batch size or on generating one unit alone', () => {
    const tiny = collect(SMALL, 50);
    expect(JSON.stringify(tiny)).toBe(JSON.stringify(small));
    const jiangsu = collect(SMALL, undefined, ['R10']);
    expect(jiangsu.collectives.length).toBeGreaterThan(0);
    const fromAll = small.collectives.filter((c) => c.unitPath.startsWith('/unit-N00/unit-R10/'));
    expect(JSON.stringify(jiangsu.collectives)).toBe(JSON.stringify(fromAll));
    const ids = new Set(fromAll.map((c) => c.id));
    expect(JSON.stringify(jiangsu.workUpdates)).toBe(JSON.stringify(small.workUpdates.filter((w) => ids.has(w.collectiveId))));
  });

  it('gives every one of 600,000 streams its own ids (128-bit state: no birthday collisions among 400,000 logs)', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 600_000; i++) ids.add(streamFor(2017, 'log', 'c', i).uuid());
    expect(ids.size).toBe(600_000);
  });

  it('draws from its own PRNG, never from Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    try {
      expect(() => collect({ ...SMALL, counts: { collectives: 30, workUpdates: 100, evaluations: 20, pictures: 3 } })).not.toThrow();
    } finally {
      Math.random = original;
    }
    const a = streamFor(1, 'x');
    const b = new Rng(0);
    expect([a.float(), a.float()]).toEqual([streamFor(1, 'x').float(), (() => {
      const s = streamFor(1, 'x');
      s.float();
      return s.float();
    })()]);
    expect(b.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('sizes', () => {
  it('publishes the sizes the issue asks for', () => {
    expect(DEMO_SCALES.national).toEqual({ collectives: 20_000, workUpdates: 400_000, evaluations: 60_000, pictures: 3_000 });
    expect(DEMO_SCALES.province).toEqual({ collectives: 2_000, workUpdates: 40_000, evaluations: 6_000, pictures: 300 });
  });

  it('plans exactly those numbers at national scale over all 60 published units with subunits', () => {
    const plan = planDemo({ scale: 'national' });
    expect(plan.collectives).toHaveLength(20_000);
    expect(plan.topUnits).toHaveLength(60);
    expect(plan.totals.workUpdates).toBe(400_000);
    expect(plan.totals.evaluations).toBe(60_000);
    expect(plan.totals.attachments).toBe(3_000);
    // every published row except the three quota sub-rows has subunits (cities, districts, sectors)
    const withSubunits = new Set(plan.subunits.map((u) => u.parentId));
    expect(plan.topUnits.filter((u) => !u.quotaSubRow).every((u) => withSubunits.has(u.id))).toBe(true);
    expect(plan.subunits.find((u) => u.parentId === 'unit-R10')?.name).toBe('南京市');
    expect(plan.showcase.logs).toBe(SHOWCASE_LOGS);
    // collectives are spread roughly by quota: 中央企业 (required 1490) gets far more than 餐饮 (10)
    const of = (code: string) => plan.collectives.filter((c) => c.quotaUnit.code === code).length;
    expect(of('I10')).toBeGreaterThan(of('I23') * 20);
  }, 60_000);

  it('plans one province with its cities at province scale', () => {
    const plan = planDemo({ scale: 'province', unitCode: 'R09' });
    expect(plan.collectives).toHaveLength(2_000);
    expect(plan.topUnits.map((u) => u.code)).toEqual(['R09']);
    expect(plan.subunits.map((u) => u.name)).toContain('浦东新区');
    expect(plan.totals.workUpdates).toBe(40_000);
    expect(() => planDemo({ scale: 'province', unitCode: 'I06-1' })).toThrow('省级规模');
  }, 60_000);

  it('yields the planned number of records, in batches that stay small', () => {
    for (const t of DEMO_TABLES) expect(small[t].length, t).toBe(smallPlan.totals[t]);
    expect(small.collectives).toHaveLength(700);
    expect(small.workUpdates).toHaveLength(7000);
    expect(small.evaluations).toHaveLength(1400);
    expect(small.attachments).toHaveLength(80);
    for (const b of demoBatches(smallPlan, { batchSize: 500 })) expect(b.size).toBeLessThan(500 + 400);
  });
});

describe('every record passes the product’s own rules', () => {
  const today = '2026-01-01';
  const byId = new Map(small.collectives.map((c) => [c.id, c]));

  it('collectives: valid profiles, complete when filed, eligible when approved, unique names and codes', () => {
    const keys = new Set<string>();
    const codes = new Set<string>();
    for (const c of small.collectives) {
      expect(draftProblems(c.profile, c.plan), c.profile.name).toEqual([]);
      if (c.status !== 'registered') expect(submissionProblems(c.profile, c.plan), c.profile.name).toEqual([]);
      if (c.status === 'approved') {
        const e = checkEligibility({ collectiveId: c.id, profile: c.profile, filedAt: c.filedAt, reviewedAt: c.approvedAt, otherFilings: [] }, TERM_2017_2018);
        expect(e.reasons.filter((r) => !r.ok), c.profile.name).toEqual([]);
      }
      expect([...c.profile.name].length).toBeLessThanOrEqual(100);
      // names come from place + organisation + department, not from a numbered fallback
      expect(c.profile.name).not.toMatch(/第\d+组$/);
      expect(c.nameKey).toBe(nameKey(c.profile.name));
      expect(keys.has(c.nameKey)).toBe(false);
      keys.add(c.nameKey);
      for (const f of c.formerNames) expect(keys.has(nameKey(f))).toBe(false);
      expect(isWellFormedCode(c.code)).toBe(true);
      expect(codes.has(c.code)).toBe(false);
      codes.add(c.code);
    }
    const statuses = new Set(small.collectives.map((c) => c.status));
    for (const s of ['registered', 'filed', 'preReviewed', 'approved', 'returned', 'disqualified']) expect(statuses.has(s as never), s).toBe(true);
    const types = new Set(small.collectives.map((c) => c.profile.type));
    expect(types.has('非公经济组织') && types.has('社会组织') && types.has('国有企业')).toBe(true);
    // names are distinct enough that the duplicate finder does not flag the whole dataset
    const flagged = findLikelyDuplicates(small.collectives.map((c) => ({ id: c.id, name: c.profile.name, unitId: c.unitId, channel: c.channel })));
    expect(flagged.filter((g) => g.match === 'exact')).toEqual([]);
  });

  it('accounts: unique well-formed codes; collectives’ accounts match them; nobody can sign in with a known password', () => {
    const codes = small.accounts.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const a of small.accounts) {
      expect(isWellFormedCode(a.code), a.code).toBe(true);
      expect(a.mustChangePassword).toBe(true);
      if (a.role === 'collective') expect(byId.get(a.collectiveId!)).toBeDefined();
    }
    const transfers = small.accounts.filter((a) => a.status === 'superseded');
    for (const a of transfers) expect(small.accounts.find((x) => x.id === a.supersededBy)?.collectiveId).toBe(a.collectiveId);
  });

  it('a roster of the collectives parses without an error or warning and plans one new collective per row', () => {
    const sources = smallPlan.collectives.map((c) => demoProfile(smallPlan, c));
    expect(sources.map((s) => s.profile)).toEqual(small.collectives.map((c) => c.profile));
    const parsed = parseRosterWorkbook(demoRosterWorkbook(sources));
    expect(parsed.fatal).toBeUndefined();
    expect(parsed.rows).toHaveLength(700);
    expect(parsed.rows.flatMap((r) => [...r.errors, ...r.warnings])).toEqual([]);
    const plan = rosterPlan(parsed.rows, []);
    expect(plan.create).toHaveLength(700);
    expect(parsed.rows[0]!.parsed.honours).toEqual(small.collectives[0]!.profile.honours.map(({ date: _d, ...h }) => h));
  });

  it('review events, changes, logs, comments and evaluations refer to existing collectives in the same subtree', () => {
    for (const e of small.reviewEvents) expect(byId.has(e.collectiveId)).toBe(true);
    for (const x of small.changes) expect(byId.get(x.collectiveId)?.unitPath).toBe(x.unitPath);
    const logs = new Map(small.workUpdates.map((w) => [w.id, w]));
    for (const w of small.workUpdates) {
      const c = byId.get(w.collectiveId)!;
      expect(w.unitPath).toBe(c.unitPath);
      expect(workUpdateProblems(w, today), w.title).toEqual([]);
      expect(w.state === 'submitted').toBe(w.submittedAt !== null);
    }
    for (const m of small.logComments) expect(logs.get(m.workUpdateId)?.state).toBe('submitted');
    for (const e of small.evaluations) {
      expect(byId.get(e.collectiveId)?.unitPath).toBe(e.unitPath);
      expect(evaluationProblems(e, today)).toEqual([]);
      if (e.complaint) expect(e.complaintState).toBe(e.history[e.history.length - 1]!.state);
      else expect(e.complaintState).toBeNull();
      const times = e.history.map((h) => h.at);
      expect(times).toEqual([...times].sort());
    }
    expect(small.evaluations.some((e) => e.complaint && e.complaintState === 'closed')).toBe(true);
    // lastLogAt is the newest submitted log, as submitting one sets it
    const newest = new Map<string, string>();
    for (const w of small.workUpdates) if (w.submittedAt && w.submittedAt > (newest.get(w.collectiveId) ?? '')) newest.set(w.collectiveId, w.submittedAt);
    for (const c of small.collectives) expect(c.lastLogAt).toBe(newest.get(c.id) ?? null);
  });

  it('pictures are valid PNGs, stored once each under their SHA-256, attached to one log', () => {
    const attached = small.workUpdates.flatMap((w) => w.attachmentHashes);
    expect(new Set(attached).size).toBe(attached.length);
    expect(new Set(attached)).toEqual(new Set(small.attachments.map((a) => a.hash)));
    for (const a of small.attachments) {
      const bytes = a.data as Uint8Array;
      expect(sha256Hex(bytes)).toBe(a.hash);
      expect(a.size).toBe(bytes.length);
      const sniffed = sniffMedia(bytes);
      expect(sniffed.ok && sniffed.type.mime).toBe('image/png');
      // IHDR size and the inflated image data agree: (3 × width + 1) × height bytes
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      const width = view.getUint32(16);
      const height = view.getUint32(20);
      const idatLength = view.getUint32(33);
      expect(String.fromCharCode(...bytes.subarray(37, 41))).toBe('IDAT');
      expect(unzlibSync(bytes.subarray(41, 41 + idatLength)).length).toBe((3 * width + 1) * height);
    }
    const withMedia = small.workUpdates.filter((w) => w.hasMedia);
    expect(withMedia.every((w) => w.attachmentHashes.length > 0)).toBe(true);
  });

  it('the units’ own work: 五个一 entries, reports within 2000 字, valid self-assessments', () => {
    const period = { from: TERM_2017_2018.filingOpens, to: '2018-12-31', label: '2017—2018年度' };
    for (const e of small.workEntries) expect(workEntryProblems(e, period, new Date('2026-01-01T00:00:00Z')), e.title).toEqual([]);
    const fiveOnes = new Set(small.workEntries.map((e) => e.type));
    for (const k of ['专题会议', '集中培训', '检查调研', '主题创建活动', '常态化联系平台']) expect(fiveOnes.has(k as never)).toBe(true);
    expect(small.selfReports.length).toBeGreaterThan(20);
    for (const r of small.selfReports) expect(countReportChars(r.text)).toBeLessThanOrEqual(2000);
    expect(small.assessments.length).toBeGreaterThan(10);
    for (const a of small.assessments) expect(validateScores(DEFAULT_RUBRIC, a.scores)).toEqual([]);
  });

  it('subunits hang below the published rows exactly as a laptop seeds them', () => {
    const w = new Writer(SYSTEM_ACTOR, '2026-01-01T00:00:00.000Z', new HybridClock('test0000'));
    const seeded = new Map(referenceRecords(w).units.map((u) => [u.id, u]));
    for (const u of smallPlan.topUnits) expect(seeded.get(u.id)?.path).toBe(u.path);
    for (const u of small.units) {
      const parent = seeded.get(u.parentId!)!;
      expect(u.path).toBe(`${parent.path}${u.id}/`);
      expect(u.code).toMatch(new RegExp(`^${parent.code}-\\d{2}$`));
    }
    expect(new Set(small.units.map((u) => u.code)).size).toBe(small.units.length);
  });

  it('shortens place names the way they are written inside names', () => {
    expect(shortPlace('南京市')).toBe('南京');
    expect(shortPlace('延边朝鲜族自治州')).toBe('延边');
    expect(shortPlace('大兴安岭地区')).toBe('大兴安岭');
    expect(shortPlace('博尔塔拉蒙古自治州')).toBe('博尔塔拉');
    expect(shortPlace('第一师')).toBe('第一师');
  });
});
