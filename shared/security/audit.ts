/**
 * Tamper-evident audit log.
 *
 * Policy: every audit entry is chained to the one before it. An entry's `hash` is the SHA-256
 * (hex) of a domain tag plus the canonical JSON of all its other fields, `prevHash` included;
 * the first entry (seq 1) points at GENESIS_HASH. Changing, removing or reordering any entry
 * breaks the chain at that point, and `verifyAudit` says where and how.
 * What it cannot see on its own: the whole chain recomputed from some point on, or entries cut
 * off at the end. Against those, keep the latest (seq, hash) somewhere else too (an exchange
 * package, an exported report) and compare.
 * Hashing is synchronous (@noble/hashes): sealing runs inside an IndexedDB transaction, and
 * awaiting WebCrypto there would let the transaction commit early.
 */
import { sha256Hex } from './sha256';
import type { AuditEntry } from '../model/entities';

export const GENESIS_HASH = '0'.repeat(64);
/** Versions the hashed payload, so a future change of fields cannot collide with this one. */
const DOMAIN_TAG = 'yca-audit-v1\n';

export type AuditFields = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;
export type UnsealedAuditEntry = Omit<AuditEntry, 'hash'>;

export { sha256Hex };

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace, so the
 * same value always gives the same text. Undefined properties are left out, as JSON.stringify
 * does; values JSON cannot represent faithfully (NaN, Infinity, bigint, functions, cycles)
 * throw rather than hash as something else.
 */
export function canonicalJson(value: unknown): string {
  const stack = new Set<object>();
  const walk = (v: unknown): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return JSON.stringify(v);
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number ${v}`);
        return JSON.stringify(v);
      case 'object': {
        const withToJson = v as { toJSON?: () => unknown };
        if (typeof withToJson.toJSON === 'function') return walk(withToJson.toJSON());
        if (stack.has(v)) throw new TypeError('canonicalJson: circular structure');
        stack.add(v);
        let out: string;
        if (Array.isArray(v)) {
          out = `[${v.map((item) => (item === undefined ? 'null' : walk(item))).join(',')}]`;
        } else {
          const rec = v as Record<string, unknown>;
          const keys = Object.keys(rec)
            .filter((k) => rec[k] !== undefined)
            .sort();
          out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk(rec[k])}`).join(',')}}`;
        }
        stack.delete(v);
        return out;
      }
      default:
        throw new TypeError(`canonicalJson: cannot represent ${typeof v}`);
    }
  };
  return walk(value);
}

/** The hash an entry must carry. Only the entry's own fields count; any extra property is ignored. */
export function computeAuditHash(entry: UnsealedAuditEntry): string {
  const { seq, at, actorId, actorRole, action, entity, entityId, summary, prevHash } = entry;
  const payload = canonicalJson({ seq, at, actorId, actorRole, action, entity, entityId, summary, prevHash });
  return sha256Hex(new TextEncoder().encode(DOMAIN_TAG + payload));
}

/** The next entry after `prev` (null: the log is empty). */
export function sealAuditEntry(prev: AuditEntry | null, fields: AuditFields): AuditEntry {
  const unsealed: UnsealedAuditEntry = {
    seq: prev ? prev.seq + 1 : 1,
    at: fields.at,
    actorId: fields.actorId,
    actorRole: fields.actorRole,
    action: fields.action,
    entity: fields.entity,
    entityId: fields.entityId,
    summary: fields.summary,
    prevHash: prev ? prev.hash : GENESIS_HASH,
  };
  return { ...unsealed, hash: computeAuditHash(unsealed) };
}

export type AuditBreak = 'edited' | 'removed' | 'reordered' | 'badGenesis';
export type AuditVerification =
  | { ok: true; count: number }
  | { ok: false; firstBrokenSeq: number; reason: AuditBreak; message: string };

function broken(firstBrokenSeq: number, reason: AuditBreak, message: string): AuditVerification {
  return { ok: false, firstBrokenSeq, reason, message };
}

/**
 * Checks a whole log, given in stored order (by seq). Reports the first break:
 * - edited: an entry's content no longer matches its hash, or (seq contiguous but `prevHash`
 *   differs) the entry before it was changed and re-hashed — reported at the later entry,
 *   the first one whose link fails;
 * - removed: a gap in seq — reported at the first entry after the gap;
 * - reordered: entries out of seq order — reported at the smallest seq that stands after a
 *   larger one;
 * - badGenesis: entry 1 does not start from GENESIS_HASH.
 */
export function verifyAudit(entries: readonly AuditEntry[]): AuditVerification {
  // smallest seq that appears after a larger one: where the order first goes wrong
  let reorderedAt: number | undefined;
  let maxSeen = -Infinity;
  for (const e of entries) {
    if (e.seq <= maxSeen && (reorderedAt === undefined || e.seq < reorderedAt)) reorderedAt = e.seq;
    maxSeen = Math.max(maxSeen, e.seq);
  }
  const reorderedMessage = (seq: number) => `审计日志的顺序被打乱：从第 ${seq} 条起记录不在原来的位置`;

  let prev: AuditEntry | null = null;
  for (const e of entries) {
    if (!Number.isSafeInteger(e.seq) || e.seq < 1 || computeAuditHash(e) !== e.hash) {
      return broken(e.seq, 'edited', `第 ${e.seq} 条审计记录的内容与其校验值不符，记录已被改动`);
    }
    if (prev === null) {
      if (e.seq === 1) {
        if (e.prevHash !== GENESIS_HASH) return broken(1, 'badGenesis', '第 1 条审计记录的起点不正确，审计日志的开头已被替换');
      } else if (reorderedAt !== undefined && reorderedAt < e.seq) {
        return broken(reorderedAt, 'reordered', reorderedMessage(reorderedAt));
      } else {
        return broken(e.seq, 'removed', `审计记录缺失：第 ${e.seq} 条之前的记录已被删除`);
      }
    } else {
      if (e.seq <= prev.seq) {
        const at = reorderedAt ?? e.seq;
        return broken(at, 'reordered', reorderedMessage(at));
      }
      if (e.seq > prev.seq + 1) {
        if (reorderedAt !== undefined && reorderedAt < e.seq) return broken(reorderedAt, 'reordered', reorderedMessage(reorderedAt));
        return broken(e.seq, 'removed', `审计记录缺失：第 ${prev.seq} 条与第 ${e.seq} 条之间的记录已被删除`);
      }
      if (e.prevHash !== prev.hash) {
        return broken(
          e.seq,
          'edited',
          `第 ${e.seq} 条审计记录与第 ${prev.seq} 条衔接不上：第 ${prev.seq} 条可能被改动后重新计算了校验值，或记录被删除后重新编号`,
        );
      }
    }
    prev = e;
  }
  return { ok: true, count: entries.length };
}
