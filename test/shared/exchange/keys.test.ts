import { describe, expect, it } from 'vitest';
import { fingerprint, generateDeviceKeyPair, isValidPublicKey, publicKeyOf, sign, verify } from '../../../shared/exchange/keys';
import { base64ToBytes, bytesToBase64 } from '../../../shared/security/base64';

const msg = new TextEncoder().encode('青年文明号 交换包清单');

describe('device keys', () => {
  it('generates distinct base64 Ed25519 key pairs whose public key matches the private key', () => {
    const a = generateDeviceKeyPair();
    const b = generateDeviceKeyPair();
    expect(base64ToBytes(a.publicKey)).toHaveLength(32);
    expect(base64ToBytes(a.privateKey)).toHaveLength(32);
    expect(a.privateKey).not.toBe(b.privateKey);
    expect(publicKeyOf(a.privateKey)).toBe(a.publicKey);
    expect(isValidPublicKey(a.publicKey)).toBe(true);
  });

  it('signs and verifies; another key, another message or a flipped signature bit fails', () => {
    const a = generateDeviceKeyPair();
    const b = generateDeviceKeyPair();
    const sig = sign(msg, a.privateKey);
    expect(verify(msg, sig, a.publicKey)).toBe(true);
    expect(verify(msg, sig, b.publicKey)).toBe(false);
    expect(verify(new TextEncoder().encode('青年文明号 交换包清单!'), sig, a.publicKey)).toBe(false);
    const bytes = base64ToBytes(sig)!;
    bytes[10]! ^= 0x01;
    expect(verify(msg, bytesToBase64(bytes), a.publicKey)).toBe(false);
  });

  it('treats malformed keys and signatures as invalid instead of throwing', () => {
    const a = generateDeviceKeyPair();
    const sig = sign(msg, a.privateKey);
    expect(verify(msg, 'not base64!', a.publicKey)).toBe(false);
    expect(verify(msg, sig, 'AAAA')).toBe(false);
    expect(verify(msg, sig.slice(0, -4), a.publicKey)).toBe(false);
    expect(isValidPublicKey('AAAA')).toBe(false);
    expect(() => sign(msg, 'short')).toThrow('设备私钥格式无效');
    expect(() => fingerprint('short')).toThrow('公钥格式无效');
  });

  it('fingerprints are the first 80 bits of SHA-256 in five groups of four hex digits', () => {
    // SHA-256 of 32 zero bytes = 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
    const zeroKey = bytesToBase64(new Uint8Array(32));
    expect(fingerprint(zeroKey)).toBe('6668-7AAD-F862-BD77-6C8F');
    const a = generateDeviceKeyPair();
    expect(fingerprint(a.publicKey)).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(fingerprint(a.publicKey)).toBe(fingerprint(a.publicKey));
    expect(fingerprint(a.publicKey)).not.toBe(fingerprint(generateDeviceKeyPair().publicKey));
  });
});
