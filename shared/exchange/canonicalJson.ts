/**
 * Canonical JSON for signed documents (the package manifest and signature file).
 *
 * Policy: what is signed is one exact byte string, so a document has exactly one accepted
 * encoding: object keys sorted by UTF-16 code units, no whitespace, strings and numbers as
 * `JSON.stringify` writes them, UTF-8. For the values we sign (strings, safe integers,
 * booleans, null, arrays, plain objects) this coincides with RFC 8785 (JCS). A reader re-encodes
 * what it parsed and refuses the file unless the bytes are identical, so whitespace, duplicate
 * keys, `1.0` for `1` or escaped-vs-literal characters cannot make two files mean one manifest.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError('canonical JSON takes plain objects only');
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode ${typeof value}`);
  }
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Parse UTF-8 JSON bytes and accept them only if they are already canonical.
 * Returns undefined for invalid UTF-8, invalid JSON or a non-canonical encoding.
 */
export function parseCanonicalJson(bytes: Uint8Array): unknown {
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // a BOM would have been stripped by decode(); canonical bytes never start with one
  if (bytes[0] === 0xef) return undefined;
  let again: Uint8Array;
  try {
    again = canonicalJsonBytes(parsed);
  } catch {
    return undefined;
  }
  return bytesEqual(again, bytes) ? parsed : undefined;
}
