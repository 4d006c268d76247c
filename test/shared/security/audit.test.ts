import { describe, it, expect } from 'vitest';
import type { AuditEntry } from '../../../shared/model/entities';
import { canonicalJson, computeAuditHash, GENESIS_HASH, sealAuditEntry, sha256Hex, verifyAudit } from '../../../shared/security/audit';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev: AuditEntry | null = null;
  for (let i = 1; i <= n; i++) {
    prev = sealAuditEntry(prev, {
      at: new Date(Date.UTC(2017, 4, 4, 8, 0, i)).toISOString(),
      actorId: i % 3 === 0 ? 'acc-admin' : 'acc-collective',
      actorRole: i % 3 === 0 ? 'admin1' : 'collective',
      action: i % 2 ? 'collective.update' : 'filing.submit',
      entity: 'collective',
      entityId: `col-${i % 7}`,
      summary: `第 ${i} 次修改：集体档案“虹桥站客运车间”`,
    });
    out.push(prev);
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson('引号"\n')).toBe(JSON.stringify('引号"\n'));
  });

  it('throws on what JSON cannot represent faithfully', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });
});

describe('sha256Hex', () => {
  it('matches the standard test vector', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('audit chain', () => {
  it('seals entries in sequence from the genesis hash', () => {
    const [first, second] = chain(2) as [AuditEntry, AuditEntry];
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeAuditHash(first)).toBe(first.hash);
  });

  it('verifies an intact 50-entry chain, and an empty one', () => {
    expect(verifyAudit(chain(50))).toEqual({ ok: true, count: 50 });
    expect(verifyAudit([])).toEqual({ ok: true, count: 0 });
  });

  it('finds an edited row', () => {
    const log = chain(50);
    log[16] = { ...log[16]!, summary: '第 17 次修改：（已篡改）' };
    expect(verifyAudit(log)).toMatchObject({ ok: false, firstBrokenSeq: 17, reason: 'edited' });
    const msg = verifyAudit(log);
    expect(!msg.ok && msg.message).toContain('第 17 条');
  });

  it('finds a removed row at the entry after the gap', () => {
    const log = chain(50);
    log.splice(9, 1); // entry 10
    expect(verifyAudit(log)).toMatchObject({ ok: false, firstBrokenSeq: 11, reason: 'removed' });
    const headless = chain(5).slice(1);
    expect(verifyAudit(headless)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'removed' });
  });

  it('finds swapped rows', () => {
    const log = chain(50);
    [log[19], log[29]] = [log[29]!, log[19]!];
    expect(verifyAudit(log)).toMatchObject({ ok: false, firstBrokenSeq: 20, reason: 'reordered' });
    const adjacent = chain(50);
    [adjacent[19], adjacent[20]] = [adjacent[20]!, adjacent[19]!];
    expect(verifyAudit(adjacent)).toMatchObject({ ok: false, firstBrokenSeq: 20, reason: 'reordered' });
  });

  it('still breaks at the next entry when an edited row gets its hash recomputed', () => {
    const log = chain(50);
    const forged = { ...log[16]!, summary: '伪造的摘要' };
    log[16] = { ...forged, hash: computeAuditHash(forged) };
    expect(verifyAudit(log)).toMatchObject({ ok: false, firstBrokenSeq: 18, reason: 'edited' });
  });

  it('finds a replaced beginning', () => {
    const log = chain(3);
    const fake = { ...log[0]!, prevHash: 'f'.repeat(64) };
    log[0] = { ...fake, hash: computeAuditHash(fake) };
    expect(verifyAudit(log)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'badGenesis' });
  });

  it('ignores properties outside the entry when hashing (e.g. added by storage)', () => {
    const [e] = chain(1) as [AuditEntry];
    expect(verifyAudit([{ ...e, extra: 1 } as AuditEntry])).toEqual({ ok: true, count: 1 });
  });
});
