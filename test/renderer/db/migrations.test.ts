/**
 * Migration harness: seed a database at version N−1 with fake-indexeddb, open it at N, check
 * the data. v1 has no predecessor, so today the harness proves the mechanism: a database created
 * with an older schema list is opened by the current one with its rows intact, and every
 * released version's stores are a superset-compatible declaration Dexie accepts.
 */
import { describe, expect, it } from 'vitest';
import { YcaDb } from '../../../renderer/db/db';
import { CURRENT_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from '../../../renderer/db/schema';

let n = 0;
const uniqueName = () => `migr-${Date.now()}-${n++}`;

/** Open a database declared up to `version`, let `seed` write into it, close it. */
export async function seedAtVersion(name: string, version: number, seed: (db: YcaDb) => Promise<void>, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS) {
  const older = new YcaDb(name, versions.filter((v) => v.version <= version));
  await older.open();
  await seed(older);
  older.close();
}

describe('schema versions', () => {
  it('are numbered 1..N without gaps and each records its release date', () => {
    SCHEMA_VERSIONS.forEach((v, i) => {
      expect(v.version).toBe(i + 1);
      expect(v.released).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
    expect(CURRENT_VERSION).toBe(SCHEMA_VERSIONS.length);
  });

  it('opens a database seeded at the previous version with its rows intact', async () => {
    const name = uniqueName();
    // with only v1 released, the "previous" database is an empty-stores v0 declared inline
    const v0: SchemaVersion[] = [{ version: 1, released: '2026-11-26', stores: SCHEMA_VERSIONS[0]!.stores }];
    await seedAtVersion(name, CURRENT_VERSION - 1 || 1, async (db) => {
      await db.meta.put({ key: 'deviceId', value: 'abcd1234' });
    }, v0);
    const current = new YcaDb(name);
    await current.open();
    expect(current.verno).toBe(CURRENT_VERSION);
    expect((await current.meta.get('deviceId'))?.value).toBe('abcd1234');
    current.close();
  });

  it('runs an upgrade function of a later version over rows written by the earlier one', async () => {
    const name = uniqueName();
    const v1 = SCHEMA_VERSIONS[0]!;
    await seedAtVersion(name, 1, async (db) => {
      await db.settings.put({ id: 's1', key: 'k', value: 1, createdAt: '', updatedAt: '', rev: '' });
    });
    // a hypothetical v2 that doubles a setting, to prove the harness drives upgrades
    const v2: SchemaVersion = {
      version: 2,
      released: '2099-01-01',
      stores: {},
      upgrade: async (tx) => {
        await tx.table('settings').toCollection().modify((s: { value: number }) => {
          s.value = s.value * 2;
        });
      },
    };
    const upgraded = new YcaDb(name, [v1, v2]);
    await upgraded.open();
    expect((await upgraded.settings.get('s1'))?.value).toBe(2);
    upgraded.close();
  });
});
