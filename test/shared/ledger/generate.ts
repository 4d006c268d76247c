/**
 * A generated province (or industry line) as stored records, for ledger tests, fixtures and the
 * benchmark. Deterministic: the same options give the same records (seeded PRNG, fixed times).
 */
import type {
  Account,
  Assessment,
  ChangeRequest,
  Collective,
  CollectiveStatus,
  CollectiveType,
  Evaluation,
  Quota,
  ReviewEvent,
  SelfReport,
  Unit,
  WorkEntry,
  WorkEntryType,
  WorkUpdate,
} from '../../../shared/model/entities';
import { DEFAULT_RUBRIC, DEFAULT_RUBRIC_ID } from '../../../shared/assessment/rubric';
import type { LedgerSource } from '../../../shared/ledger/build';

export interface ProvinceOptions {
  seed?: number;
  unitCode?: string;
  unitName?: string;
  channel?: 'region' | 'industry';
  provincialCommittee?: boolean;
  base?: number;
  subunits?: number;
  collectives?: number;
  /** names that must appear among the collectives (e.g. formula-injection probes, shared names) */
  extraNames?: string[];
  exportedAt?: string;
  withReport?: boolean;
}

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

const STAMP = '2017-01-01T00:00:00.000Z';
let revCounter = 0;
function stored<T extends object>(id: string, fields: T, at = STAMP) {
  revCounter++;
  return { id, createdAt: at, updatedAt: at, rev: `${String(Date.parse(at)).padStart(13, '0')}-${(revCounter & 0xffff).toString(16).padStart(4, '0')}-genDevice001`, ...fields };
}

const DISTRICTS = ['黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '虹口区', '杨浦区', '闵行区', '宝山区', '嘉定区', '浦东新区', '金山区', '松江区', '青浦区', '奉贤区', '崇明区'];
const ORGS = ['人民医院', '地铁站', '供电公司', '税务分局', '邮政支局', '中心小学', '社区服务中心', '公安分局', '银行支行', '图书馆', '派出所', '汽车站', '自来水公司', '燃气公司', '电信营业厅'];
const DEPTS = ['急诊科', '服务台', '营业部', '客服中心', '青年突击队', '窗口班组', '调度室', '志愿服务队', '技术科', '办税服务厅'];
const TYPES: CollectiveType[] = ['党政机关', '事业单位', '国有企业', '非公经济组织', '社会组织', '其他'];
const STATUSES: [CollectiveStatus, number][] = [
  ['approved', 0.55],
  ['filed', 0.12],
  ['preReviewed', 0.08],
  ['returned', 0.07],
  ['registered', 0.12],
  ['disqualified', 0.03],
  ['superseded', 0.03],
];
const ENTRY_TYPES: WorkEntryType[] = ['专题会议', '集中培训', '检查调研', '主题创建活动', '常态化联系平台', '媒体宣传', '领导出席', '政策文件', '其他'];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function day(r: () => number, from: string, spanDays: number): string {
  const t = Date.parse(`${from}T00:00:00Z`) + Math.floor(r() * spanDays) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function instant(r: () => number, from: string, spanDays: number): string {
  const t = Date.parse(`${from}T00:00:00Z`) + Math.floor(r() * spanDays * 86_400) * 1000;
  return new Date(t).toISOString();
}

export function generateProvince(options: ProvinceOptions = {}): LedgerSource {
  const r = prng(options.seed ?? 2017);
  const code = options.unitCode ?? 'R09';
  const name = options.unitName ?? '上海';
  const channel = options.channel ?? 'region';
  const term = '2017-2018';
  const rootId = `unit-${code}`;
  const root: Unit = stored(rootId, {
    code,
    name,
    channel,
    parentId: 'unit-N00',
    path: `/unit-N00/${rootId}/`,
    depth: 1,
    provincialCommittee: options.provincialCommittee ?? channel === 'region',
    quotaSubRow: false,
    sortOrder: 9,
  });
  const units: Unit[] = [root];
  const subCount = options.subunits ?? 8;
  for (let i = 1; i <= subCount; i++) {
    const id = `unit-${code}-${String(i).padStart(2, '0')}`;
    units.push(
      stored(id, {
        code: `${code}-${String(i).padStart(2, '0')}`,
        name: `${name}${DISTRICTS[(i - 1) % DISTRICTS.length]}${i > DISTRICTS.length ? i : ''}团委`,
        channel,
        parentId: rootId,
        path: `${root.path}${id}/`,
        depth: 2,
        provincialCommittee: false,
        quotaSubRow: false,
        sortOrder: i,
      }),
    );
  }
  const base = options.base ?? 21;
  const quotas: Quota[] = [
    stored(`quota-${code}-${term}`, { unitId: rootId, term, base, required: base * 10, deviatesFromRule: false, source: 'published' as const }),
  ];

  const accounts: Pick<Account, 'id' | 'code' | 'displayName' | 'role'>[] = [
    { id: `acct-${code}-a1`, code: `${code}A1001X`, displayName: `${name}一级管理员`, role: 'admin1' },
    { id: `acct-${code}-a2`, code: `${code}A2001X`, displayName: `${name}二级管理员`, role: 'admin2' },
    { id: 'acct-national', code: 'N00A0001X', displayName: '全国办评分人', role: 'national' },
  ];

  const n = options.collectives ?? 200;
  const names = new Set<string>();
  const collectives: Collective[] = [];
  const reviewEvents: ReviewEvent[] = [];
  const workUpdates: WorkUpdate[] = [];
  const evaluations: Evaluation[] = [];
  const changes: ChangeRequest[] = [];
  const extra = options.extraNames ?? [];
  for (let i = 0; i < n + extra.length; i++) {
    const unit = i % 5 === 0 ? root : units[1 + (i % subCount)] ?? root;
    let cname = i < extra.length ? extra[i]! : `${unit === root ? name : unit.name.replace(/团委$/, '')}${pick(r, ORGS)}${pick(r, DEPTS)}`;
    if (names.has(cname)) cname = `${cname}${i}号`;
    names.add(cname);
    const id = `col-${code}-${i}`;
    let acc = 0;
    const x = r();
    let status: CollectiveStatus = 'approved';
    for (const [s, w] of STATUSES) {
      acc += w;
      if (x < acc) {
        status = s;
        break;
      }
    }
    const members = i % 37 === 0 ? 0 : 5 + Math.floor(r() * 80);
    const youth = members === 0 ? 0 : Math.floor(r() * (members + 1));
    const honours =
      r() < 0.3
        ? [{ level: r() < 0.4 ? ('national' as const) : ('provincial' as const), kind: r() < 0.7 ? ('named' as const) : ('recertified' as const), year: 2010 + Math.floor(r() * 7), title: r() < 0.5 ? '青年文明号' : '青年文明号（复核）' }]
        : [];
    if (honours.length && r() < 0.2) honours.push({ level: 'provincial', kind: 'named', year: 2016, title: `${name}市青年文明号` });
    const filed = status !== 'registered';
    const filedAt = filed ? instant(r, '2016-03-01', 500) : null;
    const formerNames = r() < 0.05 ? [`${cname}（原）`] : [];
    collectives.push(
      stored(id, {
        code: `${unit.code.replace(/-/g, '')}J${String(i + 1).padStart(5, '0')}X`,
        unitId: unit.id,
        unitPath: unit.path,
        channel,
        term,
        profile: {
          name: cname,
          parentOrganisation: '',
          type: pick(r, TYPES),
          region: name,
          memberCount: members,
          youthCount: youth,
          leader: { name: '', phone: '', email: '' },
          contacts: [],
          recoveryEmail: '',
          honours,
          publicCommitment: '',
          complaintChannel: '',
          identityShown: false,
          imageShown: false,
          basicConditionsAttested: true,
        },
        plan: { goals: '', measures: '', schedule: '', themeActivities: '' },
        status,
        formerNames,
        nameKey: cname,
        nameInitials: '',
        filedAt,
        approvedAt: status === 'approved' ? filedAt : null,
        supersededBy: null,
        transferredFrom: null,
        lastLogAt: null,
      }),
    );
    if (filedAt) {
      const ev = (k: number, action: ReviewEvent['action'], actor: number, comment: string, at: string): void => {
        reviewEvents.push(
          stored(`rev-${id}-${k}`, {
            collectiveId: id,
            term,
            action,
            fromStatus: 'filed' as const,
            toStatus: status,
            actorId: accounts[actor]!.id,
            actorRole: accounts[actor]!.role,
            comment,
            at,
          }),
        );
      };
      ev(0, 'submit', 0, '', filedAt);
      const t1 = new Date(Date.parse(filedAt) + 3 * 86_400_000).toISOString();
      const t2 = new Date(Date.parse(filedAt) + 9 * 86_400_000).toISOString();
      if (status !== 'filed') ev(1, 'preApprove', 1, '初审通过', t1);
      if (status === 'approved' || status === 'disqualified' || status === 'superseded') ev(2, 'approve', 0, '同意', t2);
      if (status === 'returned') ev(2, 'return', 0, '请补充创建计划的具体措施', t2);
    }
    const logs = Math.floor(r() * 4);
    for (let k = 0; k < logs; k++) {
      workUpdates.push(
        stored(`wu-${id}-${k}`, {
          collectiveId: id,
          unitPath: unit.path,
          term,
          title: '创建日志',
          date: day(r, '2017-01-01', 300),
          text: '',
          attachmentHashes: [],
          state: k === 0 && r() < 0.3 ? ('draft' as const) : ('submitted' as const),
          submittedAt: STAMP,
          authorId: 'x',
          hasMedia: false,
        }),
      );
    }
    if (r() < 0.15) {
      const complaint = r() < 0.4;
      evaluations.push(
        stored(`ev-${id}`, {
          collectiveId: id,
          unitPath: unit.path,
          term,
          source: pick(r, ['public', 'supervisionTeam', 'professionalBody', 'peerCollective'] as const),
          rating: Math.floor(r() * 5) + 1,
          content: complaint ? '窗口等候时间过长' : '服务热情周到',
          date: day(r, '2017-01-01', 300),
          complaint,
          complaintState: complaint ? pick(r, ['received', 'verified', 'rectificationRequested', 'rectified', 'closed'] as const) : null,
          rectifyBy: complaint ? day(r, '2017-11-01', 30) : null,
          history: complaint ? [{ state: 'rectified' as const, at: instant(r, '2017-10-01', 20), actorId: accounts[0]!.id, note: '已整改' }] : [],
        }),
      );
    }
    if (status === 'disqualified' || formerNames.length > 0) {
      changes.push(
        stored(`chg-${id}`, {
          collectiveId: id,
          unitPath: unit.path,
          kind: status === 'disqualified' ? ('disqualification' as const) : ('rename' as const),
          state: 'applied' as const,
          reason: status === 'disqualified' ? '发生重大安全事故' : '单位更名',
          evidenceHashes: [],
          details: (status === 'disqualified' ? { reasonKind: 'majorAccident' } : { from: formerNames[0] ?? '', to: cname }) as Record<string, string>,
          reportedBy: accounts[0]!.id,
          decidedBy: accounts[2]!.id,
          decidedAt: instant(r, '2017-06-01', 90),
          endsQualification: status === 'disqualified',
        }, instant(r, '2017-03-01', 60)),
      );
    }
  }

  const workEntries: WorkEntry[] = [];
  ENTRY_TYPES.forEach((type, k) => {
    const times = type === '其他' ? 0 : 1 + Math.floor(r() * 2);
    for (let j = 0; j < times; j++) {
      const u = j === 1 ? units[1] ?? root : root;
      workEntries.push(
        stored(`we-${code}-${k}-${j}`, {
          unitId: u.id,
          unitPath: u.path,
          term,
          type,
          date: day(r, '2017-02-01', 500),
          title: `${u.name}${type}（第${j + 1}次）`,
          participants: '各区团委书记、创建集体负责人',
          description: `围绕“青年建功十三五·青春献礼十九大”开展${type}`,
          evidenceHashes: j === 0 ? ['a'.repeat(64)] : [],
        }),
      );
    }
  });

  const scores = DEFAULT_RUBRIC.items.map((item) => ({
    no: item.no,
    score: item.provincialOnly && !root.provincialCommittee ? null : item.kind === 'deduction' ? -2 : item.kind === 'bonus' ? 3 : Math.round(item.max * (0.6 + r() * 0.4) * 2) / 2,
    comment: item.no === 7 ? '达标' : '',
    evidence: `第${item.no}项佐证`,
  }));
  const assessments: Assessment[] = [
    stored(`as-${code}-self`, {
      unitId: rootId,
      term,
      kind: 'self' as const,
      scorerId: accounts[0]!.id,
      rubricId: DEFAULT_RUBRIC_ID,
      rubricVersion: 1,
      scores,
      submittedAt: '2018-03-01T02:00:00.000Z',
    }),
    stored(`as-${code}-nat`, {
      unitId: rootId,
      term,
      kind: 'national' as const,
      scorerId: accounts[2]!.id,
      rubricId: DEFAULT_RUBRIC_ID,
      rubricVersion: 1,
      scores: scores.map((s) => ({ ...s, score: s.score === null ? null : s.no === 11 ? -1 : Math.max(0, s.score - 1) })),
      submittedAt: '2018-04-01T02:00:00.000Z',
    }),
  ];
  const selfReport: SelfReport | null =
    options.withReport === false
      ? null
      : stored(`sr-${code}`, {
          unitId: rootId,
          term,
          text: `2017—2018年度，${name}按照全国创建“青年文明号”活动组委会的部署开展创建工作。\n一、机制规范\n=SUM(A1) 不是公式。\n\n二、过程管理\n本届组织集中培训 2 次。`,
        });

  return {
    root,
    term: { code: term, label: '2017—2018年度' },
    units,
    quotas,
    collectives,
    reviewEvents,
    accounts,
    workUpdates,
    evaluations,
    changes,
    workEntries,
    assessments,
    rubrics: [],
    selfReport,
    exportedAt: options.exportedAt ?? '2018-03-15T08:00:00.000Z',
    appVersion: '0.1.0',
    exportedBy: `${name}一级管理员（${code}A1001X）`,
  };
}

/** Names that a spreadsheet would read as formulas, for injection tests. */
export const INJECTION_NAMES = [
  '=HYPERLINK("http://x","y")',
  '+1',
  '-2',
  '@SUM(A1:A2)',
  '\t制表符开头的集体',
  '\r回车开头的集体',
  "'=已带单引号的名称",
];
