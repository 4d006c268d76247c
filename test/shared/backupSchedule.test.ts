import { describe, expect, it } from 'vitest';
import {
  AUTO_BACKUP_RETRY_MS,
  autoBackupDue,
  beijingDay,
  DEFAULT_AUTO_BACKUP_SETTINGS,
  normaliseAutoBackupSettings,
} from '../../shared/backup/schedule';

// Beijing is UTC+8: 2026-03-10 23:30 Beijing = 15:30Z; Beijing midnight = 16:00Z the day before
const at = (iso: string) => new Date(iso);

describe('autoBackupDue', () => {
  it('is never due when automatic backup is off', () => {
    expect(autoBackupDue({ mode: 'off', lastSuccessAt: null, lastFailureAt: null, now: at('2026-03-10T02:00:00Z') })).toEqual({ due: false, reason: 'off', nextAt: null });
  });

  it('is due at once when there has never been an automatic backup', () => {
    const now = at('2026-03-10T02:00:00Z');
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: null, lastFailureAt: null, now })).toEqual({ due: true, reason: 'due', nextAt: now.toISOString() });
    expect(autoBackupDue({ mode: 'weekly', lastSuccessAt: null, lastFailureAt: null, now }).due).toBe(true);
  });

  it('daily: not again the same Beijing day, due from the next Beijing midnight', () => {
    const last = '2026-03-10T01:00:00Z'; // 09:00 Beijing, 10 March
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: last, lastFailureAt: null, now: at('2026-03-10T15:59:59Z') })).toEqual({
      due: false,
      reason: 'waiting',
      nextAt: '2026-03-10T16:00:00.000Z', // 00:00 Beijing, 11 March
    });
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: last, lastFailureAt: null, now: at('2026-03-10T16:00:00Z') }).due).toBe(true);
  });

  it('daily means "the first run of a later day", not 24 hours: 23:30 then 08:00 next morning is due', () => {
    const last = '2026-03-10T15:30:00Z'; // 23:30 Beijing, 10 March
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: last, lastFailureAt: null, now: at('2026-03-11T00:00:00Z') }).due).toBe(true); // 08:00 on the 11th
  });

  it('weekly: due on the calendar day seven days later', () => {
    const last = '2026-03-10T01:00:00Z';
    expect(autoBackupDue({ mode: 'weekly', lastSuccessAt: last, lastFailureAt: null, now: at('2026-03-16T15:00:00Z') })).toMatchObject({
      due: false,
      nextAt: '2026-03-16T16:00:00.000Z',
    });
    expect(autoBackupDue({ mode: 'weekly', lastSuccessAt: last, lastFailureAt: null, now: at('2026-03-16T16:00:00Z') }).due).toBe(true);
  });

  it('waits an hour after a failure before trying again', () => {
    const failed = '2026-03-10T02:00:00Z';
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: null, lastFailureAt: failed, now: at('2026-03-10T02:59:00Z') })).toEqual({
      due: false,
      reason: 'retry',
      nextAt: new Date(Date.parse(failed) + AUTO_BACKUP_RETRY_MS).toISOString(),
    });
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: null, lastFailureAt: failed, now: at('2026-03-10T03:00:00Z') }).due).toBe(true);
    // a failure older than the last success does not hold anything off
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: '2026-03-09T02:00:00Z', lastFailureAt: '2026-03-08T02:00:00Z', now: at('2026-03-10T02:00:00Z') }).due).toBe(true);
    // a failure on the next day, within the hour: retry
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: '2026-03-09T02:00:00Z', lastFailureAt: '2026-03-10T01:30:00Z', now: at('2026-03-10T02:00:00Z') }).reason).toBe('retry');
  });

  it('does not let a time stamped by a wrong (future) PC clock hold backups off', () => {
    const now = at('2026-03-10T02:00:00Z');
    expect(autoBackupDue({ mode: 'weekly', lastSuccessAt: '2027-01-01T00:00:00Z', lastFailureAt: null, now }).due).toBe(true);
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: null, lastFailureAt: '2027-01-01T00:00:00Z', now }).due).toBe(true);
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: 'not a date', lastFailureAt: null, now }).due).toBe(true);
    // a few minutes ahead is ordinary clock drift: still counts
    expect(autoBackupDue({ mode: 'daily', lastSuccessAt: '2026-03-10T02:10:00Z', lastFailureAt: null, now }).due).toBe(false);
  });

  it('counts Beijing calendar days', () => {
    expect(beijingDay(Date.parse('2026-03-10T15:59:59Z'))).toBe(beijingDay(Date.parse('2026-03-10T00:00:00Z')));
    expect(beijingDay(Date.parse('2026-03-10T16:00:00Z'))).toBe(beijingDay(Date.parse('2026-03-10T00:00:00Z')) + 1);
  });
});

describe('normaliseAutoBackupSettings', () => {
  it('falls back to off / keep 10 / encrypted for anything unrecognised', () => {
    expect(DEFAULT_AUTO_BACKUP_SETTINGS).toEqual({ mode: 'off', keep: 10, encrypted: true });
    expect(normaliseAutoBackupSettings(undefined)).toEqual(DEFAULT_AUTO_BACKUP_SETTINGS);
    expect(normaliseAutoBackupSettings({ mode: 'hourly', keep: -3, encrypted: 'yes' })).toEqual(DEFAULT_AUTO_BACKUP_SETTINGS);
    expect(normaliseAutoBackupSettings({ mode: 'weekly', keep: 0, encrypted: false })).toEqual({ mode: 'weekly', keep: 0, encrypted: false });
    expect(normaliseAutoBackupSettings({ mode: 'daily', keep: 101 }).keep).toBe(10);
  });
});
