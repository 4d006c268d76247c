/**
 * Roster import (集体名单导入): a parsed and validated roster becomes new collectives (with codes and
 * one-time passwords) and updates of existing ones — in ONE transaction, all or nothing.
 *
 * Policy:
 * - Only level-1 administrators and the national office import (they are the ones who issue codes,
 *   annex 2 二.1). New collectives go to the unit chosen for the import (the admin's unit or one of
 *   its subunits), or — per row — to the subunit of that unit whose name equals the row's 所属单位
 *   cell. Updates never move a collective to another unit (that is a transfer).
 * - A row matches an existing collective by its code, else by its exact normalised name (width,
 *   spaces, brackets; `rosterPlan`). Re-importing the same file therefore creates nothing and, when
 *   nothing in it differs, writes nothing: such rows are "unchanged".
 * - An empty cell never erases what is stored: a roster adds and corrects, it does not blank out.
 *   Honours, former names and extra phone numbers are added to what is stored, never dropped.
 * - One collective, one code (as `issueAccount`): a new row whose name key equals an existing
 *   collective's (e.g. "…急诊科青年文明号" vs "…急诊科"), equals a former name (曾用名称) of one, or
 *   equals the name of a superseded/disqualified one is an error, not a second code.
 * - A row may not update a collective outside the admin's subtree; the message does not reveal
 *   that collective's code.
 * - Default: a file with errors is not imported. The admin may import only the valid rows with
 *   an explicit confirmation (`acceptValidOnly`); the rows with errors are reported and skipped.
 * - One-time passwords are generated and hashed BEFORE the transaction (WebCrypto must not run
 *   inside it), with progress and cancel. Inside the transaction the plan is computed again from
 *   the stored data; if it differs from the preview (another window or a package changed the data
 *   meanwhile) nothing is written and the admin is asked to preview again.
 * - A code matched under a different name is a rename: the old name is kept in 曾用名称, as
 *   annex 2 五.4 case 1 requires, with the same change record a rename from the detail page leaves.
 */
import type { Account, ChangeRequest, Collective, CollectiveProfile, ReviewEvent, Unit } from '../../../shared/model/entities';
import { applyRename } from '../../../shared/rules/changes';
import { draftProblems } from '../../../shared/rules/profile';
import { ROLE_LABEL } from '../../../shared/rules/roles';
import { inSubtree, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { STATUS_LABEL } from '../../../shared/rules/status';
import { fieldLabel, type RosterField } from '../../../shared/roster/fields';
import { rosterPlan, type ExistingCollectiveRef } from '../../../shared/roster/plan';
import type { RosterParseResult, RosterRow } from '../../../shared/roster/parse';
import { collectiveCode } from '../../../shared/security/codes';
import { generateOneTimePassword } from '../../../shared/security/oneTimePassword';
import { nameKey, normaliseName, pinyinInitials } from '../../../shared/text/names';
import { db } from '../db';
import { BYTES_PER_RECORD, checkFreeSpace } from '../storage';
import { writeTx, type Actor } from '../write';
import { EMPTY_PLAN, emptyProfile } from './accounts';
import { hashOneTime } from './hashing';

export class RosterImportError extends Error {}
/** The admin cancelled while passwords were being prepared: nothing was written. */
export class RosterImportCancelled extends Error {
  constructor() {
    super('已取消导入，未写入任何数据。');
  }
}

export type RosterRowKind = 'create' | 'update' | 'unchanged' | 'error';

export interface RosterRowIssue {
  /** column letter, '' when the problem is not one cell's */
  column: string;
  /** Chinese field label, '' when not one field's */
  field: string;
  message: string;
}

export interface RosterPreviewRow {
  rowNumber: number;
  name: string;
  kind: RosterRowKind;
  /** the existing collective's code (update/unchanged) */
  code: string;
  /** where a new collective goes; for an update, the collective's unit */
  unitId: string;
  unitName: string;
  errors: RosterRowIssue[];
  warnings: RosterRowIssue[];
  /** labels of the fields an update changes */
  changes: string[];
}

export interface RosterCounts {
  create: number;
  update: number;
  unchanged: number;
  error: number;
}

export interface RosterPreview {
  sheetName: string;
  targetUnitId: string;
  targetUnitName: string;
  rows: RosterPreviewRow[];
  counts: RosterCounts;
}

export interface IssuedRosterCode {
  rowNumber: number;
  code: string;
  name: string;
  unitName: string;
  oneTimePassword: string;
}

export interface RosterImportResult {
  created: IssuedRosterCode[];
  updated: number;
  unchanged: number;
  /** rows with errors that were skipped (only with acceptValidOnly) */
  skipped: number[];
}

export interface RosterImportProgress {
  phase: 'passwords' | 'writing' | 'done';
  done: number;
  total: number;
}

export interface RosterImportOptions {
  /** the admin confirmed: import the valid rows, skip the rows with errors */
  acceptValidOnly?: boolean;
  onProgress?: (p: RosterImportProgress) => void;
  signal?: { cancelled: boolean };
  /**
   * Awaited after the passwords are ready, just before the write transaction: the moment another
   * window's change would slip in between the preview and the write (tests use it to make that
   * happen for certain).
   */
  beforeWrite?: () => Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Scope

function assertImporter(actor: Actor): void {
  if (actor.role !== 'admin1' && actor.role !== 'national') throw new ScopeError('只有一级管理员或全国组委会办公室可以导入集体名单');
}

async function targetUnit(actor: Actor, unitId: string): Promise<Unit> {
  const unit = await db().units.get(unitId);
  if (!unit || unit.deleted) throw new RosterImportError('请选择导入到哪个单位');
  if (!inSubtree(actor, unit.path)) throw new ScopeError(OUT_OF_SCOPE);
  if (unit.channel === 'national') throw new RosterImportError('集体须归口到一个行业或地方管理单位，请选择导入到哪个单位');
  return unit;
}

/** Units an import may target: the actor's unit and its subunits (national: every unit). */
export async function importTargetUnits(actor: Actor): Promise<Unit[]> {
  if (actor.role !== 'admin1' && actor.role !== 'national') return [];
  const scope = actor.role === 'national' ? '/' : actor.unitPath;
  const units = await db().units.where('path').startsWith(scope).filter((u) => !u.deleted && u.channel !== 'national').toArray();
  // tree order: each unit followed by its subunits
  const children = new Map<string | null, Unit[]>();
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const ids = new Set(units.map((u) => u.id));
  const out: Unit[] = [];
  const visit = (list: Unit[]): void => {
    for (const u of [...list].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))) {
      out.push(u);
      visit(children.get(u.id) ?? []);
    }
  };
  visit(units.filter((u) => u.parentId === null || !ids.has(u.parentId)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Row → profile

const ACTIVE = (c: Collective): boolean => !c.deleted && c.status !== 'superseded' && c.status !== 'disqualified';

/**
 * Phone numbers as the profile stores them: one number each, extensions as "-123", full-width
 * brackets folded (the roster accepts "(021)12345678转123" and several numbers separated by "/").
 */
export function splitPhones(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[/,，;；、]|或/)
    .map((p) =>
      p
        .replace(/\s+/g, '')
        .replace(/(?:转|分机|ext\.?|x)(\d{1,6})$/i, '-$1')
        .trim(),
    )
    .filter((p) => p !== '');
}

const honourKey = (h: { level: string; kind: string; year: number; title: string }): string => `${h.level}|${h.kind}|${h.year}|${normaliseName(h.title)}`;

interface Merged {
  profile: CollectiveProfile;
  formerNames: string[];
  /** field labels that differ from before */
  changes: string[];
}

/** Apply a row's non-empty cells to a profile (an empty cell keeps what is stored). */
function mergeRow(before: CollectiveProfile, formerBefore: readonly string[], row: RosterRow): Merged {
  const v = row.values;
  const p: CollectiveProfile = structuredClone(before);
  let formerNames = [...formerBefore];
  const changes: string[] = [];
  const set = <K extends keyof CollectiveProfile>(label: string, key: K, value: CollectiveProfile[K]): void => {
    if (JSON.stringify(p[key]) !== JSON.stringify(value)) {
      p[key] = value;
      changes.push(label);
    }
  };
  if (v.parentOrganisation !== '') set(fieldLabel('parentOrganisation'), 'parentOrganisation', v.parentOrganisation);
  if (row.parsed.type !== null) set(fieldLabel('type'), 'type', row.parsed.type);
  if (v.region !== '') set(fieldLabel('region'), 'region', v.region);
  if (row.parsed.memberCount !== null) set(fieldLabel('memberCount'), 'memberCount', row.parsed.memberCount);
  if (row.parsed.youthCount !== null) set(fieldLabel('youthCount'), 'youthCount', row.parsed.youthCount);
  if (v.email !== '') set(fieldLabel('email'), 'recoveryEmail', v.email);

  const leader = { ...p.leader };
  if (v.leader !== '') leader.name = v.leader;
  const phones = v.phone !== '' ? splitPhones(v.phone) : [];
  if (phones.length > 0) leader.phone = phones[0]!;
  if (leader.name !== p.leader.name) changes.push(fieldLabel('leader'));
  if (leader.phone !== p.leader.phone) changes.push(fieldLabel('phone'));
  p.leader = leader;
  // further numbers become contacts of the leader, added once
  const known = new Set([p.leader.phone, ...p.contacts.map((c) => c.phone)]);
  const extra = phones.slice(1).filter((n) => !known.has(n));
  if (extra.length > 0) {
    p.contacts = [...p.contacts, ...extra.map((phone) => ({ name: p.leader.name, phone, email: '' }))];
    if (!changes.includes(fieldLabel('phone'))) changes.push(fieldLabel('phone'));
  }

  if (row.parsed.honours.length > 0) {
    const have = new Set(p.honours.map(honourKey));
    const add = row.parsed.honours.filter((h) => !have.has(honourKey(h)));
    if (add.length > 0) {
      p.honours = [...p.honours, ...add];
      changes.push(fieldLabel('honours'));
    }
  }
  if (row.parsed.formerNames.length > 0) {
    const have = new Set(formerNames.map(normaliseName));
    const current = normaliseName(p.name);
    const add = row.parsed.formerNames.filter((n) => !have.has(normaliseName(n)) && normaliseName(n) !== current);
    if (add.length > 0) {
      formerNames = [...formerNames, ...add];
      changes.push(fieldLabel('formerNames'));
    }
  }
  return { profile: p, formerNames, changes };
}

// ---------------------------------------------------------------------------------------------
// The plan: what each row would do, from the stored data (pure over its inputs)

interface PlannedCreate {
  rowNumber: number;
  row: RosterRow;
  unit: Unit;
  profile: CollectiveProfile;
  formerNames: string[];
}

interface PlannedUpdate {
  rowNumber: number;
  target: Collective;
  profile: CollectiveProfile;
  formerNames: string[];
  /** new name when matched by code under another name (a rename) */
  rename: string | null;
  changes: string[];
}

interface Planned {
  preview: RosterPreview;
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  /** stable description of the plan, compared before and inside the transaction */
  signature: string;
}

function issue(column: string, field: RosterField | null, message: string): RosterRowIssue {
  return { column, field: field ? fieldLabel(field) : '', message };
}

function buildPlan(actor: Actor, parsed: RosterParseResult, target: Unit, units: readonly Unit[], all: readonly Collective[]): Planned {
  const column = (field: RosterField): string => parsed.mapping.find((m) => m.field === field)?.column ?? '';
  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitName = (id: string): string => unitById.get(id)?.name ?? '';
  // subunits of the target, by normalised name: a row's 所属单位 may name one
  const subunitsByName = new Map<string, Unit[]>();
  for (const u of units) {
    if (!u.path.startsWith(target.path) || u.channel === 'national') continue;
    const k = normaliseName(u.name);
    subunitsByName.set(k, [...(subunitsByName.get(k) ?? []), u]);
  }

  const active = all.filter(ACTIVE);
  const inactive = all.filter((c) => !c.deleted && !ACTIVE(c));
  const refs: ExistingCollectiveRef[] = active.map((c) => ({ id: c.id, code: c.code, name: c.profile.name }));
  const byId = new Map(active.map((c) => [c.id, c]));
  const activeByKey = new Map<string, Collective[]>();
  const formerOwner = new Map<string, Collective>();
  for (const c of active) {
    activeByKey.set(c.nameKey, [...(activeByKey.get(c.nameKey) ?? []), c]);
    for (const f of c.formerNames) formerOwner.set(normaliseName(f), c);
  }
  const inactiveByName = new Map<string, Collective>();
  const inactiveByCode = new Map<string, Collective>();
  for (const c of inactive) {
    inactiveByName.set(normaliseName(c.profile.name), c);
    inactiveByCode.set(c.code, c);
  }
  const describe = (c: Collective): string => (inSubtree(actor, c.unitPath) ? `“${c.profile.name}”（编码 ${c.code}）` : '其他单位（归口）的集体');

  const foreignCodes = active.filter((c) => !inSubtree(actor, c.unitPath)).map((c) => c.code);
  const plan = rosterPlan(parsed.rows, refs);
  const errors = new Map<number, RosterRowIssue[]>();
  const addError = (rowNumber: number, e: RosterRowIssue): void => void errors.set(rowNumber, [...(errors.get(rowNumber) ?? []), e]);
  for (const row of parsed.rows) for (const e of row.errors) addError(row.rowNumber, { column: e.column, field: e.field ? fieldLabel(e.field) : '', message: e.message });
  const rowsByNumber = new Map(parsed.rows.map((r) => [r.rowNumber, r]));
  for (const c of plan.conflicts) {
    const row = rowsByNumber.get(c.rowNumber);
    const gone = row && row.parsed.code !== '' ? inactiveByCode.get(row.parsed.code) : undefined;
    if (gone) {
      const why = gone.status === 'superseded' ? '已由另一编码取代' : STATUS_LABEL[gone.status];
      addError(c.rowNumber, issue(column('code'), 'code', `用户名（编码）“${gone.code}”的集体${why}，不能再通过名单更新。`));
    } else if (foreignCodes.some((code) => c.message.includes(code))) {
      // rosterPlan names the collectives it matched; another unit's code is not ours to show
      addError(c.rowNumber, issue(column('name'), 'name', `第 ${c.rowNumber} 行对应的集体中有其他单位（归口）的集体，不在您的管理范围内，不能更新。`));
    } else addError(c.rowNumber, issue(c.message.includes('编码') ? column('code') : column('name'), null, c.message));
  }

  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  const previewRows = new Map<number, RosterPreviewRow>();
  const base = (row: RosterRow): RosterPreviewRow => ({
    rowNumber: row.rowNumber,
    name: row.values.name,
    kind: 'error',
    code: '',
    unitId: '',
    unitName: '',
    errors: [],
    warnings: row.warnings.map((w) => ({ column: w.column, field: w.field ? fieldLabel(w.field) : '', message: w.message })),
    changes: [],
  });

  for (const u of plan.update) {
    const c = byId.get(u.id)!;
    const pr = base(u.row);
    previewRows.set(u.rowNumber, pr);
    if (!inSubtree(actor, c.unitPath)) {
      addError(u.rowNumber, issue(column('name'), 'name', `第 ${u.rowNumber} 行对应的是其他单位（归口）的集体，不在您的管理范围内，不能更新。同一集体只能有一个编码；如属归口选错，请办理“归口转移”。`));
      continue;
    }
    pr.code = c.code;
    pr.unitId = c.unitId;
    pr.unitName = unitName(c.unitId);
    const rename = u.matchedBy === 'code' && u.nameChanged ? u.row.values.name : null;
    const merged = mergeRow(c.profile, c.formerNames, u.row);
    if (rename !== null) {
      const key = nameKey(rename);
      const clash = (activeByKey.get(key) ?? []).find((o) => o.id !== c.id);
      if (clash) {
        addError(u.rowNumber, issue(column('name'), 'name', `新名称“${rename}”与已有集体${describe(clash)}相同或相近，不能更名。`));
        continue;
      }
      merged.formerNames = applyRename(merged.formerNames, c.profile.name, rename);
      merged.profile.name = rename;
      merged.changes.unshift(`${fieldLabel('name')}（原名“${c.profile.name}”记入曾用名称）`);
    }
    const problems = draftProblems(merged.profile, EMPTY_PLAN);
    if (problems.length > 0) {
      for (const p of problems) addError(u.rowNumber, issue('', null, `与已存档信息合并后：${p.message}`));
      continue;
    }
    pr.changes = merged.changes;
    pr.kind = merged.changes.length === 0 ? 'unchanged' : 'update';
    if (pr.kind === 'update') updates.push({ rowNumber: u.rowNumber, target: c, profile: merged.profile, formerNames: merged.formerNames, rename, changes: merged.changes });
  }

  const createdKeys = new Map<string, number>();
  for (const cr of plan.create) {
    const row = cr.row;
    const pr = base(row);
    previewRows.set(cr.rowNumber, pr);
    const name = row.values.name;
    const norm = normaliseName(name);
    const key = nameKey(name);
    const similar = activeByKey.get(key)?.[0];
    const formerOf = formerOwner.get(norm);
    const gone = inactiveByName.get(norm);
    if (similar) {
      addError(cr.rowNumber, issue(column('name'), 'name', `名称与已有集体${describe(similar)}相近，视为同一集体；同一集体只能有一个编码。如确为该集体，请填写其用户名（编码）以更新；如属归口选错，请办理“归口转移”。`));
      continue;
    }
    if (formerOf) {
      addError(cr.rowNumber, issue(column('name'), 'name', `“${name}”是集体${describe(formerOf)}的曾用名称；同一集体只能有一个编码，请使用现名称或填写其编码。`));
      continue;
    }
    if (gone) {
      const why = gone.status === 'superseded' ? '已确认与另一集体为同一集体并由其取代' : STATUS_LABEL[gone.status];
      addError(cr.rowNumber, issue(column('name'), 'name', `同名集体${describe(gone)}${why}，不能用名单重新派发编码。如需重新创建，请与全国组委会办公室商定。`));
      continue;
    }
    const earlier = createdKeys.get(key);
    if (earlier !== undefined) {
      addError(cr.rowNumber, issue(column('name'), 'name', `第 ${cr.rowNumber} 行与第 ${earlier} 行的名称相近（仅差“青年文明号”等后缀或标点），视为同一集体。`));
      continue;
    }
    let unit = target;
    const parentText = row.values.parentOrganisation;
    if (parentText !== '') {
      const hits = subunitsByName.get(normaliseName(parentText)) ?? [];
      if (hits.length > 1) {
        addError(cr.rowNumber, issue(column('parentOrganisation'), 'parentOrganisation', `所属单位“${parentText}”对应多个同名下级单位，无法确定归口，请改用导入页面选择单位后分别导入。`));
        continue;
      }
      if (hits.length === 1) unit = hits[0]!;
    }
    const merged = mergeRow(emptyProfile(name, ''), [], row);
    const problems = draftProblems(merged.profile, EMPTY_PLAN);
    if (problems.length > 0) {
      for (const p of problems) addError(cr.rowNumber, issue('', null, p.message));
      continue;
    }
    createdKeys.set(key, cr.rowNumber);
    pr.kind = 'create';
    pr.unitId = unit.id;
    pr.unitName = unit.name;
    creates.push({ rowNumber: cr.rowNumber, row, unit, profile: merged.profile, formerNames: merged.formerNames });
  }

  const rows: RosterPreviewRow[] = parsed.rows.map((r) => {
    const pr = previewRows.get(r.rowNumber) ?? base(r);
    const errs = errors.get(r.rowNumber) ?? [];
    if (errs.length > 0) return { ...pr, kind: 'error' as const, errors: errs };
    return pr;
  });
  // a row with an error is never written, even if it was planned before the error was found
  const bad = new Set(rows.filter((r) => r.kind === 'error').map((r) => r.rowNumber));
  const okCreates = creates.filter((c) => !bad.has(c.rowNumber));
  const okUpdates = updates.filter((u) => !bad.has(u.rowNumber));
  const counts: RosterCounts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of rows) counts[r.kind]++;
  const signature = [
    ...okCreates.map((c) => `c:${c.rowNumber}:${c.unit.id}`),
    ...okUpdates.map((u) => `u:${u.rowNumber}:${u.target.id}:${u.target.rev}`),
    ...rows.filter((r) => r.kind === 'unchanged').map((r) => `n:${r.rowNumber}`),
  ].join(',');
  return {
    preview: { sheetName: parsed.sheetName, targetUnitId: target.id, targetUnitName: target.name, rows, counts },
    creates: okCreates,
    updates: okUpdates,
    signature,
  };
}

async function loadWorld(): Promise<{ units: Unit[]; all: Collective[] }> {
  const d = db();
  const [units, all] = await Promise.all([d.units.filter((u) => !u.deleted).toArray(), d.collectives.filter((c) => !c.deleted).toArray()]);
  return { units, all };
}

function assertParsed(parsed: RosterParseResult): void {
  if (parsed.fatal !== undefined) throw new RosterImportError(parsed.fatal);
  if (parsed.rows.length === 0) throw new RosterImportError('表头下方没有数据行，没有可导入的集体。');
}

/** What importing `parsed` into `targetUnitId` would do, row by row. Writes nothing. */
export async function previewRosterImport(actor: Actor, parsed: RosterParseResult, targetUnitId: string): Promise<RosterPreview> {
  assertImporter(actor);
  const target = await targetUnit(actor, targetUnitId);
  assertParsed(parsed);
  const { units, all } = await loadWorld();
  return buildPlan(actor, parsed, target, units, all).preview;
}

function nextSeq(existingCodes: Iterable<string>, prefix: string): number {
  let max = 0;
  for (const c of existingCodes) {
    if (!c.startsWith(prefix)) continue;
    const n = Number(c.slice(prefix.length, prefix.length + 5));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max + 1;
}

/** Yield to the event loop so the progress bar repaints and a cancel click is seen. */
const breathe = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * Import the roster: every planned row in one transaction, or nothing. With errors in the file
 * this refuses unless `acceptValidOnly` is set (then the rows with errors are skipped and listed).
 */
export async function importRoster(actor: Actor, parsed: RosterParseResult, targetUnitId: string, term: string, options: RosterImportOptions = {}): Promise<RosterImportResult> {
  assertImporter(actor);
  const target = await targetUnit(actor, targetUnitId);
  assertParsed(parsed);
  if (!(await db().terms.where('code').equals(term).first())) throw new RosterImportError(`届次 ${term} 不存在`);
  const world = await loadWorld();
  const before = buildPlan(actor, parsed, target, world.units, world.all);
  const { counts } = before.preview;
  if (counts.error > 0 && !options.acceptValidOnly) {
    throw new RosterImportError(`名单中有 ${counts.error} 行存在错误。请修改后重新导入，或确认“只导入无误的行”（有错误的行不会导入）。`);
  }
  const skipped = before.preview.rows.filter((r) => r.kind === 'error').map((r) => r.rowNumber);
  if (before.creates.length === 0 && before.updates.length === 0) {
    options.onProgress?.({ phase: 'done', done: 0, total: 0 });
    return { created: [], updated: 0, unchanged: counts.unchanged, skipped };
  }

  // a full disk is refused before the (long) password phase, not discovered at the write
  const noSpace = await checkFreeSpace((2 * before.creates.length + before.updates.length) * BYTES_PER_RECORD);
  if (noSpace) throw new RosterImportError(noSpace);

  // one-time passwords: generated and hashed before the transaction (WebCrypto cannot run inside it)
  const total = before.creates.length;
  const secrets: { otp: string; hash: Account['password'] }[] = [];
  options.onProgress?.({ phase: 'passwords', done: 0, total });
  // 25 at a time in parallel: WebCrypto runs PBKDF2 off the main thread, on every core
  for (let i = 0; i < total; i += 25) {
    if (options.signal?.cancelled) throw new RosterImportCancelled();
    const otps = Array.from({ length: Math.min(25, total - i) }, () => generateOneTimePassword());
    const hashes = await Promise.all(otps.map((otp) => hashOneTime(otp)));
    otps.forEach((otp, k) => secrets.push({ otp, hash: hashes[k]! }));
    options.onProgress?.({ phase: 'passwords', done: secrets.length, total });
    await breathe();
  }
  if (options.signal?.cancelled) throw new RosterImportCancelled();
  await options.beforeWrite?.();
  options.onProgress?.({ phase: 'writing', done: 0, total: before.creates.length + before.updates.length });

  const d = db();
  const result = await writeTx(actor, [d.collectives, d.accounts, d.units, d.changes, d.reviewEvents], async (w) => {
    const [units, all] = await Promise.all([d.units.filter((u) => !u.deleted).toArray(), d.collectives.filter((c) => !c.deleted).toArray()]);
    const plan = buildPlan(actor, parsed, target, units, all);
    if (plan.signature !== before.signature) throw new RosterImportError('导入期间本机数据已发生变化（例如另一窗口修改了集体或导入了数据包）。未写入任何数据，请重新预览后再导入。');
    const created: IssuedRosterCode[] = [];
    const seqByPrefix = new Map<string, number>();
    let done = 0;
    // added in bulk after the loop (one request per table instead of two awaited ones per row)
    const newCollectives: Collective[] = [];
    const newAccounts: Account[] = [];
    for (const [i, cr] of plan.creates.entries()) {
      const prefix = `${cr.unit.code.replace(/-/g, '')}J`;
      let seq = seqByPrefix.get(prefix);
      if (seq === undefined) {
        const accountCodes = (await d.accounts.where('code').startsWith(prefix).keys()) as string[];
        const collectiveCodes = (await d.collectives.where('code').startsWith(prefix).keys()) as string[];
        seq = nextSeq([...accountCodes, ...collectiveCodes], prefix);
      }
      seqByPrefix.set(prefix, seq + 1);
      const code = collectiveCode(cr.unit.code, seq);
      const name = cr.profile.name;
      const collective = w.create<Collective>({
        code,
        unitId: cr.unit.id,
        unitPath: cr.unit.path,
        channel: cr.unit.channel,
        term,
        profile: cr.profile,
        plan: { ...EMPTY_PLAN },
        status: 'registered',
        formerNames: cr.formerNames,
        nameKey: nameKey(name),
        nameInitials: pinyinInitials(name),
        filedAt: null,
        approvedAt: null,
        supersededBy: null,
        transferredFrom: null,
        lastLogAt: null,
      });
      newCollectives.push(collective);
      const account = w.create<Account>({
        code,
        displayName: name,
        role: 'collective',
        unitId: cr.unit.id,
        unitPath: cr.unit.path,
        collectiveId: collective.id,
        password: secrets[i]!.hash,
        mustChangePassword: true,
        recoveryEmail: cr.profile.recoveryEmail,
        status: 'active',
        failedLogins: 0,
        lastFailedAt: null,
        lastLoginAt: null,
        issuedBy: actor.accountId,
        supersededBy: null,
      });
      newAccounts.push(account);
      w.audit({
        action: 'account.issue',
        entity: 'account',
        entityId: account.id,
        summary: `名单导入（第 ${cr.rowNumber} 行）：派发${ROLE_LABEL.collective}编码 ${code}：${name}（${cr.unit.name}），已生成一次性密码`,
      });
      created.push({ rowNumber: cr.rowNumber, code, name, unitName: cr.unit.name, oneTimePassword: secrets[i]!.otp });
      options.onProgress?.({ phase: 'writing', done: ++done, total: plan.creates.length + plan.updates.length });
    }
    await d.collectives.bulkAdd(newCollectives);
    await d.accounts.bulkAdd(newAccounts);
    for (const up of plan.updates) {
      const fresh = (await d.collectives.get(up.target.id))!;
      const changes: Partial<Collective> = { profile: up.profile, formerNames: up.formerNames };
      // the login's display name and recovery e-mail follow the profile (找回帐号 looks the e-mail up)
      const accountChanges: Partial<Account> = {};
      if (up.rename !== null) accountChanges.displayName = up.rename;
      if (fresh.profile.recoveryEmail !== up.profile.recoveryEmail) accountChanges.recoveryEmail = up.profile.recoveryEmail;
      if (Object.keys(accountChanges).length > 0) {
        const account = await d.accounts.where('collectiveId').equals(fresh.id).filter((a) => a.status === 'active').first();
        if (account) await d.accounts.put(w.touch(account, accountChanges));
      }
      if (up.rename !== null) {
        changes.nameKey = nameKey(up.rename);
        changes.nameInitials = pinyinInitials(up.rename);
        await d.changes.add(
          w.create<ChangeRequest>({
            collectiveId: fresh.id,
            unitPath: fresh.unitPath,
            kind: 'rename',
            state: 'applied',
            reason: `集体名单导入（第 ${up.rowNumber} 行）`,
            evidenceHashes: [],
            details: { oldName: fresh.profile.name, newName: up.rename },
            reportedBy: actor.accountId,
            decidedBy: actor.accountId,
            decidedAt: w.now,
            endsQualification: false,
          }),
        );
        await d.reviewEvents.add(
          w.create<ReviewEvent>({
            collectiveId: fresh.id,
            term: fresh.term,
            action: 'change',
            fromStatus: fresh.status,
            toStatus: fresh.status,
            actorId: actor.accountId,
            actorRole: actor.role === 'system' ? 'national' : actor.role,
            comment: `名称变更（名单导入）：“${fresh.profile.name}”更名为“${up.rename}”，原名称记入曾用名称`,
            at: w.now,
          }),
        );
      }
      await d.collectives.put(w.touch(fresh, changes));
      w.audit({
        action: 'collective.roster-update',
        entity: 'collective',
        entityId: fresh.id,
        summary: `名单导入（第 ${up.rowNumber} 行）更新 ${fresh.code}“${fresh.profile.name}”：${up.changes.join('、')}`,
      });
      options.onProgress?.({ phase: 'writing', done: ++done, total: plan.creates.length + plan.updates.length });
    }
    w.audit({
      action: 'roster.import',
      entity: 'unit',
      entityId: target.id,
      summary: `导入集体名单（工作表“${parsed.sheetName}”，导入到${target.name}）：新增 ${plan.creates.length} 个，更新 ${plan.updates.length} 个，无变化 ${plan.preview.counts.unchanged} 个，跳过有错误的 ${skipped.length} 行`,
    });
    return { created, updated: plan.updates.length, unchanged: plan.preview.counts.unchanged, skipped };
  });
  options.onProgress?.({ phase: 'done', done: result.created.length + result.updated, total: result.created.length + result.updated });
  return result;
}
