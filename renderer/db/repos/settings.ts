/**
 * Settings, including the defaults the notice leaves open. Each default is shown to the user
 * where it applies and can be changed by an authorised account (the national office for
 * national-level defaults). docs/decisions.md explains each value.
 */
import type { Setting } from '../../../shared/model/entities';
import { ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import { writeTx, type Actor } from '../write';

export const DEFAULT_SETTINGS = {
  /** minutes without input before the screen locks */
  idleLockMinutes: 15,
  /** supervision: a collective without a creation log for this many days stands out */
  staleLogDays: 60,
  /** structure thresholds (open in the notice): share of approved collectives */
  // annex 3 item 7 asks only whether former national collectives are included (是否注重纳入): no share
  thresholdFormerNational: null,
  thresholdNonPublic: 0.1,
  thresholdSocialOrg: 0.05,
  /** whether level-3/2 preliminary review (初审) is required before final review */
  preliminaryReviewRequired: false,
  /** eligibility: calendar years before the filing-deadline year in which a provincial honour is "the latest" */
  provincialHonourWindowYears: 2,
} as const;

export type SettingKey = keyof typeof DEFAULT_SETTINGS;

/** The value types of the settings (DEFAULT_SETTINGS holds literals; a threshold may be cleared to null = none). */
export interface SettingValues {
  idleLockMinutes: number;
  staleLogDays: number;
  thresholdFormerNational: number | null;
  thresholdNonPublic: number | null;
  thresholdSocialOrg: number | null;
  preliminaryReviewRequired: boolean;
  provincialHonourWindowYears: number;
}

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValues[K]> {
  const row = await db().settings.where('key').equals(key).first();
  return row && !row.deleted ? (row.value as SettingValues[K]) : DEFAULT_SETTINGS[key];
}

export class SettingError extends Error {}

/** Settings of the laptop's own work (idle lock, 初审 required, supervision window), not national defaults. */
export const UNIT_LEVEL_KEYS: readonly SettingKey[] = ['idleLockMinutes', 'preliminaryReviewRequired', 'staleLogDays'];

const THRESHOLD_KEYS: readonly SettingKey[] = ['thresholdFormerNational', 'thresholdNonPublic', 'thresholdSocialOrg'];

/** Chinese message when `value` is not allowed for `key`; null when it is. */
export function settingProblem<K extends SettingKey>(key: K, value: SettingValues[K]): string | null {
  if (THRESHOLD_KEYS.includes(key)) {
    if (value === null) return null;
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1
      ? null
      : '参考比例应在 0%—100% 之间，或留空表示不设比例';
  }
  if (key === 'idleLockMinutes') {
    return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 240 ? null : '自动锁屏时间应为 0—240 的整数（分钟）';
  }
  if (key === 'staleLogDays') {
    return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 3650 ? null : '天数应为 1—3650 的整数';
  }
  if (key === 'preliminaryReviewRequired') return typeof value === 'boolean' ? null : '请选择是或否';
  if (key === 'provincialHonourWindowYears') {
    return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 10 ? null : '省级荣誉认定年限应为 0—10 的整数（年）';
  }
  return '未知的设置项';
}

/**
 * Change settings. Policy: these are national-level defaults (open points of the notice), so only
 * the national office changes them; each change is audited with the old and new value. All values
 * are checked first and written in one transaction, or none.
 */
export async function setSettings(actor: Actor, changes: Partial<SettingValues>): Promise<void> {
  const keys = Object.keys(changes) as SettingKey[];
  // the laptop's own working settings are the unit's level-1 administrator's to change
  const unitLevel = keys.every((k) => UNIT_LEVEL_KEYS.includes(k));
  if (actor.role !== 'national' && actor.role !== 'system' && !(unitLevel && actor.role === 'admin1')) {
    throw new ScopeError(unitLevel ? '只有一级管理员可以修改本机设置' : '只有全国组委会办公室可以修改这些设置');
  }
  const entries = Object.entries(changes) as [SettingKey, SettingValues[SettingKey]][];
  const problems = entries.map(([k, v]) => settingProblem(k, v)).filter((p): p is string => p !== null);
  if (problems.length) throw new SettingError(problems.join('；'));
  const d = db();
  await writeTx(actor, [d.settings], async (w) => {
    for (const [key, value] of entries) {
      const row = await d.settings.where('key').equals(key).first();
      const old = row && !row.deleted ? row.value : DEFAULT_SETTINGS[key];
      if (row) await d.settings.put(w.touch({ ...row, deleted: false }, { value }));
      else await d.settings.add(w.create<Setting>({ id: `setting-${key}`, key, value }));
      w.audit({ action: 'setting.change', entity: 'setting', entityId: `setting-${key}`, summary: `修改设置 ${key}：${String(old)} → ${String(value)}` });
    }
  });
}
