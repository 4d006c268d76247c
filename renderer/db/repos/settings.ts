/**
 * Settings, including the defaults the notice leaves open. Each default is shown to the user
 * where it applies and can be changed by an authorised account (the national office for
 * national-level defaults). docs/decisions.md explains each value.
 */
import { db } from '../db';

export const DEFAULT_SETTINGS = {
  /** minutes without input before the screen locks */
  idleLockMinutes: 15,
  /** supervision: a collective without a creation log for this many days stands out */
  staleLogDays: 60,
  /** structure thresholds (open in the notice): share of approved collectives */
  thresholdFormerNational: 0.05,
  thresholdNonPublic: 0.1,
  thresholdSocialOrg: 0.05,
  /** whether level-3/2 preliminary review (初审) is required before final review */
  preliminaryReviewRequired: false,
} as const;

export type SettingKey = keyof typeof DEFAULT_SETTINGS;

export async function getSetting<K extends SettingKey>(key: K): Promise<(typeof DEFAULT_SETTINGS)[K]> {
  const row = await db().settings.where('key').equals(key).first();
  return (row?.value as (typeof DEFAULT_SETTINGS)[K] | undefined) ?? DEFAULT_SETTINGS[key];
}
