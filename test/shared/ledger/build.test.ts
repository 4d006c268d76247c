import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC_ID } from '../../../shared/assessment/rubric';
import { buildLedger, unitTreeOrder, type LedgerSource } from '../../../shared/ledger/build';
import { ledgerDate } from '../../../shared/ledger/format';
import type { Assessment, Collective, CollectiveStatus, CollectiveType, Evaluation, Honour, Quota, ReviewEvent, Unit, WorkUpdate } from '../../../shared/model/entities';
import { generateProvince } from './generate';

const T = '2017-01-01T00:00:00.000Z';
const rec = { createdAt: T, updatedAt: T, rev: '0000000000001-0000-dev' };

function unit(code: string, name: string, parent: Unit | null, extra: Partial<Unit> = {}): Unit {
  const id = `unit-${code}`;
  return {
    ...rec,
    id,
    code,
    name,
    channel: 'industry',
    parentId: parent ? parent.id : 'unit-N00',
    path: `${parent ? parent.path : '/unit-N00/'}${id}/`,
    depth: parent ? parent.depth + 1 : 1,
    provincialCommittee: false,
    quotaSubRow: false,
    sortOrder: 1,
    ...extra,
  };
}

function quota(u: Unit, base: number, required: number): Quota {
  return { ...rec, id: `q-${u.code}`, unitId: u.id, term: '2017-2018', base, required, deviatesFromRule: required !== base * 10, source: 'published' };
}

let n = 0;
function collective(u: Unit, status: CollectiveStatus, extra: { type?: CollectiveType; honours?: Honour[]; term?: string; deleted?: boolean; filedAt?: string | null } = {}): Collective {
  n++;
  return {
    ...rec,
    id: `c${n}`,
    code: `${u.code.replace('-', '')}J${String(n).padStart(5, '0')}X`,
    unitId: u.id,
    unitPath: u.path,
    channel: u.channel,
    term: extra.term ?? '2017-2018',
    deleted: extra.deleted,
    profile: {
      name: `集体${n}`,
      parentOrganisation: '',
      type: extra.type ?? '国有企业',
      region: '',
      memberCount: 10,
      youthCount: 4,
      leader: { name: '', phone: '', email: '' },
      contacts: [],
      recoveryEmail: '',
      honours: extra.honours ?? [],
      publicCommitment: '',
      complaintChannel: '',
      identityShown: false,
      imageShown: false,
      basicConditionsAttested: true,
    },
    plan: { goals: '', measures: '', schedule: '', themeActivities: '' },
    status,
    formerNames: [],
    nameKey: '',
    nameInitials: '',
    filedAt: extra.filedAt === undefined ? (status === 'registered' ? null : '2017-03-01T02:00:00.000Z') : extra.filedAt,
    approvedAt: null,
    supersededBy: null,
    transferredFrom: null,
    lastLogAt: null,
  };
}

function source(units: Unit[], parts: Partial<LedgerSource>): LedgerSource {
  return {
    root: units[0]!,
    term: { code: '2017-2018', label: '2017—2018年度' },
    units,
    quotas: [],
    collectives: [],
    reviewEvents: [],
    accounts: [],
    workUpdates: [],
    evaluations: [],
    changes: [],
    workEntries: [],
    assessments: [],
    rubrics: [],
    selfReport: null,
    exportedAt: '2018-03-01T00:00:00.000Z',
    appVersion: '0.1.0',
    exportedBy: '',
    ...parts,
  };
}

describe('网络创建完成情况: quotas and counts', () => {
  // 交通运输 with its published sub-row 快递 and an ordinary subunit
  const transport = unit('I06', '交通运输', null, { sortOrder: 6 });
  const express = unit('I06-1', '快递', transport, { quotaSubRow: true, sortOrder: 1 });
  const shanghaiPort = unit('I06-02', '上海港务', transport, { sortOrder: 2 });
  const units = [shanghaiPort, express, transport];
  const national: Honour = { level: 'national', kind: 'named', year: 2014, title: '全国青年文明号' };
  const collectives = [
    collective(transport, 'approved', { honours: [national] }),
    collective(transport, 'returned'),
    collective(express, 'approved', { type: '非公经济组织' }),
    collective(express, 'filed', { type: '非公经济组织' }),
    collective(shanghaiPort, 'approved', { type: '社会组织' }),
    collective(shanghaiPort, 'preReviewed'),
    collective(shanghaiPort, 'registered'),
    collective(shanghaiPort, 'disqualified', { honours: [national] }),
    collective(shanghaiPort, 'approved', { term: '2019-2020' }),
    collective(shanghaiPort, 'approved', { deleted: true }),
  ];
  const data = buildLedger(source([transport, ...units], { units, quotas: [quota(transport, 96, 960), quota(express, 10, 100)], collectives }));

  it('lists the root first, then its units depth-first by sortOrder', () => {
    expect(data.units.map((u) => u.unitCode)).toEqual(['I06', 'I06-1', 'I06-02']);
    expect(data.units.map((u) => u.parentCode)).toEqual(['', 'I06', 'I06']);
    expect(unitTreeOrder(transport, units).map((u) => u.code)).toEqual(['I06', 'I06-1', 'I06-02']);
  });

  it('totals a unit with its published sub-rows (106/1060) and counts its whole subtree', () => {
    const [root, sub, port] = data.units;
    expect(root).toMatchObject({ base: 106, required: 1060, filed: 6, approved: 3, completionRate: Math.round((3 / 1060) * 10000) / 10000, deviatesFromRule: false });
    expect(sub).toMatchObject({ base: 10, required: 100, filed: 2, approved: 1, completionRate: 0.01 });
    // a subunit without a quota of its own: no base, no rate, but its counts
    expect(port).toMatchObject({ base: null, required: null, deviatesFromRule: null, completionRate: null, filed: 2, approved: 1 });
  });

  it('counts structure among creation collectives only (a disqualified former national YCA does not count)', () => {
    expect(data.units[0]).toMatchObject({ formerNational: 1, nonPublic: 1, socialOrg: 1 });
  });

  it('leaves out other terms and deleted records', () => {
    expect(data.collectives.length).toBe(8);
    expect(data.collectives.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('flags a quota that breaks the 10 × rule (公安 100/100)', () => {
    const police = unit('I03', '公安', null);
    const d = buildLedger(source([police], { quotas: [quota(police, 100, 100)] }));
    expect(d.units[0]).toMatchObject({ base: 100, required: 100, deviatesFromRule: true, completionRate: 0 });
  });
});

describe('创建集体名单: reviews, dates and counts', () => {
  const root = unit('R09', '上海', null, { channel: 'region', provincialCommittee: true });
  const c = collective(root, 'approved', { filedAt: '2017-09-30T17:00:00.000Z' });
  const returned = collective(root, 'returned');
  const ev = (id: string, col: Collective, action: ReviewEvent['action'], actorId: string, actorRole: ReviewEvent['actorRole'], at: string, comment = ''): ReviewEvent => ({
    ...rec,
    id,
    collectiveId: col.id,
    term: '2017-2018',
    action,
    fromStatus: 'filed',
    toStatus: 'approved',
    actorId,
    actorRole,
    comment,
    at,
  });
  const events = [
    ev('e1', c, 'submit', 'x', 'collective', '2017-09-30T17:00:00.000Z'),
    ev('e2', c, 'preApprove', 'a2', 'admin2', '2017-10-02T01:00:00.000Z', '初审通过'),
    ev('e3', c, 'return', 'a1', 'admin1', '2017-10-03T01:00:00.000Z', '请补充计划'),
    ev('e4', c, 'approve', 'gone-account-123', 'admin1', '2017-10-05T20:00:00.000Z', '同意'),
    // a level-2 return is a preliminary decision, not a final review
    ev('e5', returned, 'return', 'a2', 'admin2', '2017-10-04T01:00:00.000Z', '名称不规范'),
  ];
  const evals: Evaluation[] = [
    { ...rec, id: 'v1', collectiveId: c.id, unitPath: root.path, term: '2017-2018', source: 'public', rating: 5, content: '好', date: '2017-05-01', complaint: false, complaintState: null, rectifyBy: null, history: [] },
    {
      ...rec,
      id: 'v2',
      collectiveId: c.id,
      unitPath: root.path,
      term: '2017-2018',
      source: 'supervisionTeam',
      rating: 2,
      content: '态度差',
      date: '2017-06-01',
      complaint: true,
      complaintState: 'closed',
      rectifyBy: '2017-07-01',
      history: [
        { state: 'rectified', at: '2017-06-20T10:00:00.000Z', actorId: 'a1', note: '' },
        { state: 'closed', at: '2017-06-30T18:00:00.000Z', actorId: 'a1', note: '' },
      ],
    },
  ];
  const log = (id: string, col: Collective, state: WorkUpdate['state']): WorkUpdate => ({
    ...rec,
    id,
    collectiveId: col.id,
    unitPath: root.path,
    term: '2017-2018',
    title: '',
    date: '2017-05-01',
    text: '',
    attachmentHashes: [],
    state,
    submittedAt: state === 'submitted' ? T : null,
    authorId: 'x',
    hasMedia: false,
  });
  const data = buildLedger(
    source([root], {
      collectives: [c, returned],
      reviewEvents: events,
      accounts: [
        { id: 'a1', code: 'R09A1001X', displayName: '王一级', role: 'admin1' },
        { id: 'a2', code: 'R09A2001X', displayName: '张二级', role: 'admin2' },
      ],
      evaluations: evals,
      workUpdates: [
        log('w1', c, 'submitted'),
        log('w2', c, 'draft'),
      ],
    }),
  );

  it('writes dates of instants in Beijing time', () => {
    expect(ledgerDate('2017-09-30T17:00:00.000Z')).toBe('2017-10-01');
    expect(ledgerDate('2017-09-30T15:59:59.000Z')).toBe('2017-09-30');
    expect(ledgerDate('2017-05-04')).toBe('2017-05-04');
    expect(data.collectives[0]!.filedOn).toBe('2017-10-01');
  });

  it('takes the latest preliminary and final reviews, with the reviewer as 姓名（编码）', () => {
    expect(data.collectives[0]).toMatchObject({
      preReviewedOn: '2017-10-02',
      preReviewer: '张二级（R09A2001X）',
      finalReviewedOn: '2017-10-06',
      // an account this laptop does not hold: its role and the start of its id
      finalReviewer: '一级管理员（gone-acc）',
      reviewComment: '同意',
    });
    expect(data.collectives[1]).toMatchObject({ preReviewedOn: null, finalReviewedOn: null, finalReviewer: '', reviewComment: '名称不规范' });
  });

  it('counts submitted logs, evaluations and complaints; a closed complaint shows its closing date', () => {
    expect(data.collectives[0]).toMatchObject({ logCount: 1, evaluationCount: 2, complaintCount: 1, youthShare: 0.4 });
    expect(data.evaluations.map((e) => [e.complaint, e.complaintState, e.closedOn, e.rectifyBy])).toEqual([
      [false, null, null, null],
      [true, 'closed', '2017-07-01', '2017-07-01'],
    ]);
  });
});

describe('考评自评表', () => {
  it('writes all 11 items of every self-assessment and submitted national assessment; items 1 and 6 not assessed for an industry line', () => {
    const root = unit('I05', '住房城乡建设', null);
    const a = (id: string, kind: 'self' | 'national', submittedAt: string | null): Assessment => ({
      ...rec,
      id,
      unitId: root.id,
      term: '2017-2018',
      kind,
      scorerId: `s-${id}`,
      rubricId: DEFAULT_RUBRIC_ID,
      rubricVersion: 1,
      scores: [{ no: 7, score: 18, comment: '达标', evidence: '创建集体 120 个' }],
      submittedAt,
    });
    const data = buildLedger(source([root], { assessments: [a('self', 'self', null), a('n1', 'national', '2018-04-01T00:00:00.000Z'), a('draft', 'national', null)] }));
    expect(data.assessments.length).toBe(22);
    expect(data.assessments.filter((r) => r.kind === 'self').map((r) => r.itemNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(data.assessments.filter((r) => !r.assessed).map((r) => r.itemNo)).toEqual([1, 6, 1, 6]);
    const seven = data.assessments.find((r) => r.kind === 'self' && r.itemNo === 7)!;
    expect(seven).toMatchObject({ itemName: '基层规模', area: '创建规模', max: 20, score: 18, comment: '达标', evidence: '创建集体 120 个', submittedOn: null });
    expect(data.assessments.find((r) => r.kind === 'national')!.submittedOn).toBe('2018-04-01');
  });
});

describe('a generated province', () => {
  it('keeps the scope: only records of the root subtree and the term', () => {
    const src = generateProvince({ seed: 1, collectives: 50 });
    const foreign = collective(unit('R10', '江苏', null), 'approved');
    const data = buildLedger({ ...src, collectives: [...src.collectives, foreign] });
    expect(data.collectives.some((c) => c.code === foreign.code)).toBe(false);
    expect(data.collectives.length).toBe(50);
    expect(data.meta).toMatchObject({ unitCode: 'R09', scope: 'unit', term: '2017-2018' });
  });
});
