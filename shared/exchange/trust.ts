/**
 * Whether to accept a verified package from its sender.
 *
 * Policy: readPackage proves that a package is intact and was signed by the key written in its
 * manifest — anyone can make such a package with a key of their own. Importing additionally
 * requires, on the receiving laptop:
 * - the sender's public key is in the trusted list, registered for the unit the manifest names
 *   as sender (and for that device, when the entry pins one), and not revoked. A key gets on the
 *   list only after administrators compare its fingerprint out of band (keys.ts);
 * - the package is addressed to this unit (and this device, when it names one);
 * - its sequence number is higher than the last one imported from that key, so an old package
 *   cannot be replayed to roll data back. Re-importing the same package is also refused here;
 *   were it forced, merge planning would find nothing to change (merge.ts).
 */
import type { Manifest } from './format';

export interface TrustedKey {
  /** base64 Ed25519 public key, exactly as in manifests */
  publicKey: string;
  /** the unit this key may speak for */
  unitId: string;
  /** when set, the manifest's sender device must be this one */
  deviceId?: string | null;
  /** how an administrator knows the key, e.g. "上海团市委 办公室电脑" */
  label?: string;
  /** the highest sequence already imported from this key here; 0 when none */
  lastSequence: number;
  revoked?: boolean;
}

export interface TrustSelf {
  unitId: string;
  deviceId: string;
}

export type TrustRefusalCode = 'untrusted' | 'replayed' | 'wrongRecipient';

export type TrustResult = { ok: true; key: TrustedKey } | { ok: false; code: TrustRefusalCode; message: string };

export function verifyTrust(manifest: Manifest, trustedKeys: readonly TrustedKey[], self?: TrustSelf): TrustResult {
  const { sender, recipient } = manifest;
  const fp = sender.fingerprint;
  const sameKey = trustedKeys.filter((k) => k.publicKey === sender.publicKey);
  if (sameKey.length === 0) {
    return {
      ok: false,
      code: 'untrusted',
      message: `发送方的密钥不在本机的信任列表中（指纹 ${fp}）。请通过电话或当面与发送方核对这串指纹，确认一致后再将其加入信任列表。`,
    };
  }
  if (sameKey.some((k) => k.revoked)) {
    return { ok: false, code: 'untrusted', message: `发送方的密钥（指纹 ${fp}）已被撤销信任，不能导入其交换包。` };
  }
  const key = sameKey.find((k) => k.unitId === sender.unitId);
  if (!key) {
    return {
      ok: false,
      code: 'untrusted',
      message: `此密钥（指纹 ${fp}）登记的是其他单位，但交换包声称来自单位 ${sender.unitId}，不能导入。`,
    };
  }
  if (key.deviceId && key.deviceId !== sender.deviceId) {
    return {
      ok: false,
      code: 'untrusted',
      message: `此密钥（指纹 ${fp}）登记的是设备 ${key.deviceId}，但交换包声称来自设备 ${sender.deviceId}，不能导入。`,
    };
  }
  if (self) {
    if (recipient.unitId !== self.unitId || (recipient.deviceId !== null && recipient.deviceId !== self.deviceId)) {
      const to = recipient.deviceId === null ? `单位 ${recipient.unitId}` : `单位 ${recipient.unitId} 的设备 ${recipient.deviceId}`;
      return { ok: false, code: 'wrongRecipient', message: `此交换包是发给${to}的，不是发给本机的。` };
    }
  }
  if (manifest.sequence <= key.lastSequence) {
    return {
      ok: false,
      code: 'replayed',
      message: `此交换包的序号 ${manifest.sequence} 不大于已从该发送方导入的序号 ${key.lastSequence}：它已导入过，或是一个较旧的交换包。为防止数据被回退，已拒绝导入。`,
    };
  }
  return { ok: true, key };
}
