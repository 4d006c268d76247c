/**
 * Device signing keys for exchange packages.
 *
 * Policy:
 * - Each installation holds one Ed25519 key pair (RFC 8032). The private key never leaves the
 *   device; the public key travels inside every package it signs.
 * - A key is trusted only after two administrators compare its fingerprint out of band (read
 *   aloud on the phone, or side by side): the first 80 bits of SHA-256 over the raw 32-byte
 *   public key, as 5 groups of 4 upper-case hex digits ("3F2A-91C0-5B7E-0D44-A1C9"). 80 bits
 *   makes finding a second key with the same fingerprint far beyond any attacker's budget,
 *   while staying short enough to read aloud without error.
 * - Verification is strict RFC 8032 (no ZIP-215 leniency) and never throws: a malformed key
 *   or signature is simply "not valid".
 * - Keys and signatures are standard padded base64 (shared/security/base64.ts), decoded strictly.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64ToBytes, bytesToBase64 } from '../security/base64';
import { randomBytes } from '../security/random';

export const PUBLIC_KEY_BYTES = 32;
export const PRIVATE_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
/** 80 bits = 20 hex digits */
const FINGERPRINT_HEX_DIGITS = 20;

export interface DeviceKeyPair {
  /** base64 of the 32-byte Ed25519 public key */
  publicKey: string;
  /** base64 of the 32-byte Ed25519 secret seed: keep it on this device only */
  privateKey: string;
}

export function generateDeviceKeyPair(): DeviceKeyPair {
  const secret = randomBytes(PRIVATE_KEY_BYTES);
  const pub = ed25519.getPublicKey(secret);
  return { publicKey: bytesToBase64(pub), privateKey: bytesToBase64(secret) };
}

function decodeKey(b64: string, length: number): Uint8Array | null {
  if (typeof b64 !== 'string') return null;
  const bytes = base64ToBytes(b64);
  return bytes && bytes.length === length ? bytes : null;
}

/** The public key for a private key (both base64). Throws on a malformed private key. */
export function publicKeyOf(privateKeyB64: string): string {
  const secret = decodeKey(privateKeyB64, PRIVATE_KEY_BYTES);
  if (!secret) throw new Error('设备私钥格式无效');
  return bytesToBase64(ed25519.getPublicKey(secret));
}

/** True when `b64` is canonical base64 of 32 bytes that decode to a valid Ed25519 point. */
export function isValidPublicKey(publicKeyB64: string): boolean {
  const pub = decodeKey(publicKeyB64, PUBLIC_KEY_BYTES);
  if (!pub) return false;
  try {
    ed25519.Point.fromBytes(pub, false);
    return true;
  } catch {
    return false;
  }
}

/** Fingerprint for reading aloud, e.g. "3F2A-91C0-5B7E-0D44-A1C9". Throws on a malformed key. */
export function fingerprint(publicKeyB64: string): string {
  const pub = decodeKey(publicKeyB64, PUBLIC_KEY_BYTES);
  if (!pub) throw new Error('公钥格式无效');
  const digest = sha256(pub);
  let hex = '';
  for (let i = 0; i < FINGERPRINT_HEX_DIGITS / 2; i++) hex += digest[i]!.toString(16).padStart(2, '0');
  return hex.toUpperCase().match(/.{4}/g)!.join('-');
}

/** Detached Ed25519 signature (base64) of `message`. Throws on a malformed private key. */
export function sign(message: Uint8Array, privateKeyB64: string): string {
  const secret = decodeKey(privateKeyB64, PRIVATE_KEY_BYTES);
  if (!secret) throw new Error('设备私钥格式无效');
  return bytesToBase64(ed25519.sign(message, secret));
}

/** Never throws: anything malformed is simply not a valid signature. */
export function verify(message: Uint8Array, signatureB64: string, publicKeyB64: string): boolean {
  const sig = decodeKey(signatureB64, SIGNATURE_BYTES);
  const pub = decodeKey(publicKeyB64, PUBLIC_KEY_BYTES);
  if (!sig || !pub) return false;
  try {
    return ed25519.verify(sig, message, pub, { zip215: false });
  } catch {
    return false;
  }
}
