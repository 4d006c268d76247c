/**
 * This laptop's signing key and the list of devices it trusts (信任列表).
 *
 * Policy:
 * - Each installation has one Ed25519 key pair, made at setup (or first use). The private key
 *   never leaves the laptop: it is not exported, not put in packages and not put in backups.
 *   Where the platform has an OS keychain (Electron safeStorage) the key is stored sealed by it;
 *   where it has none (the web edition) it is stored in the device-local `meta` table of the
 *   browser profile. Caveat, shown on the exchange page: in the web edition anyone who can read
 *   this browser profile's files can copy the key, so the laptop's own login protection matters.
 * - A device is trusted only after an administrator confirmed its fingerprint out of band
 *   (phone, side by side), or when its public key came inside a setup package the administrator
 *   handed over in person together with a one-time password. Trust is per laptop: the list never
 *   travels in packages.
 * - A trusted device gets an *authority* (role, unit subtree or collective) from this laptop's
 *   own records — the account it was issued here, or its place above or below this unit — never
 *   from what its packages claim. Packages are then checked against it (shared/exchange/authority.ts).
 * - Replay protection: the highest sequence imported from each device (lastSeqReceived).
 */
import type { ExchangePeer, Role, Unit } from '../../../shared/model/entities';
import type { Manifest } from '../../../shared/exchange/format';
import { fingerprint, generateDeviceKeyPair, isValidPublicKey, publicKeyOf } from '../../../shared/exchange/keys';
import type { TrustedKey } from '../../../shared/exchange/trust';
import { RANK, relation, type Authority } from '../../../shared/exchange/authority';
import { ROLE_LABEL, isAdmin } from '../../../shared/rules/roles';
import { OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { platform } from '../../platform';
import { db } from '../db';
import { INSTALLATION_KEY, type Installation } from './setup';
import { currentClock, loadClock, writeTx, type Actor } from '../write';

export class TrustError extends Error {}

/** A trusted device: the fixed ExchangePeer fields plus its authority and merge watermarks. */
export interface Peer extends ExchangePeer {
  role: Role;
  unitPath: string;
  collectiveId: string | null;
  /** the account the device works for (its packages' sender.accountId) */
  accountId: string;
  /**
   * Every record that arrived here at or before this mark was in a package the peer has
   * confirmed importing (a receipt in one of its packages): the peer holds those versions.
   */
  ackedMark: string | null;
  how: 'fingerprint' | 'setupPackage';
  confirmedBy: string;
}

/** The installation record, extended for laptops set up from a setup package. */
export interface InstallationInfo extends Installation {
  role?: Role;
  accountId?: string;
  collectiveId?: string | null;
  /** the device of the administrator whose setup package this laptop was made from */
  setUpFromDevice?: string;
}

// ---------- the device key ----------

export interface SecretStore {
  protectSecret(plain: string): Promise<string | null>;
  unprotectSecret(sealed: string): Promise<string | null>;
}

let secrets: SecretStore = platform;
/** Tests replace the keychain. */
export function setSecretStoreForTests(s: SecretStore | null): void {
  secrets = s ?? platform;
}

const KEY_META = 'exchange.deviceKey';

interface StoredKey {
  publicKey: string;
  /** sealed by the OS keychain */
  sealed: string | null;
  /** only where no keychain exists (see the caveat above) */
  privateKey: string | null;
  protection: 'os' | 'none';
  createdAt: string;
}

export interface DeviceInfo {
  deviceId: string;
  publicKey: string;
  fingerprint: string;
  protection: 'os' | 'none';
}

let making: Promise<StoredKey> | null = null;

async function storedKey(): Promise<StoredKey> {
  const row = await db().meta.get(KEY_META);
  if (row) return row.value as StoredKey;
  // one key per laptop even if two screens ask at once
  making ??= (async () => {
    const pair = generateDeviceKeyPair();
    const sealed = await secrets.protectSecret(pair.privateKey).catch(() => null);
    const value: StoredKey = {
      publicKey: pair.publicKey,
      sealed,
      privateKey: sealed ? null : pair.privateKey,
      protection: sealed ? 'os' : 'none',
      createdAt: new Date().toISOString(),
    };
    const d = db();
    await d.transaction('rw', d.meta, async () => {
      if (!(await d.meta.get(KEY_META))) await d.meta.put({ key: KEY_META, value });
    });
    return (await d.meta.get(KEY_META))!.value as StoredKey;
  })().finally(() => {
    making = null;
  });
  return making;
}

/** This laptop's device id, public key and fingerprint; makes the key pair on first use. */
export async function deviceInfo(): Promise<DeviceInfo> {
  const clock = await myDeviceId();
  const k = await storedKey();
  return { deviceId: clock, publicKey: k.publicKey, fingerprint: fingerprint(k.publicKey), protection: k.protection };
}

/** This laptop's device id (also the device part of its revision stamps). */
export async function myDeviceId(): Promise<string> {
  try {
    return currentClock().deviceId;
  } catch {
    return (await loadClock()).deviceId;
  }
}

/** The private key, for signing a package right now. Never stored elsewhere or returned to the UI. */
export async function devicePrivateKey(): Promise<string> {
  const k = await storedKey();
  const plain = k.sealed ? await secrets.unprotectSecret(k.sealed) : k.privateKey;
  if (!plain) throw new TrustError('无法读取本机的签名私钥（系统钥匙串不可用）。请在本机重新登录系统账户后再试。');
  if (publicKeyOf(plain) !== k.publicKey) throw new TrustError('本机签名私钥已损坏，请联系技术支持。');
  return plain;
}

/** Make the key pair now (the setup wizard calls this so the fingerprint exists from day one). */
export async function ensureDeviceKey(): Promise<DeviceInfo> {
  return deviceInfo();
}

// ---------- this laptop's authority ----------

export async function getInstallationInfo(): Promise<InstallationInfo | null> {
  const row = await db().meta.get(INSTALLATION_KEY);
  return (row?.value as InstallationInfo | undefined) ?? null;
}

/** Who this laptop works for: what it may send and what it keeps. */
export async function deviceAuthority(): Promise<Authority & { unitId: string }> {
  const inst = await getInstallationInfo();
  if (!inst) throw new TrustError('本机尚未完成初始设置');
  const d = db();
  const unit = await d.units.get(inst.unitId);
  if (!unit) throw new TrustError('本机服务的单位不存在');
  const role: Role = inst.role ?? (unit.channel === 'national' ? 'national' : 'admin1');
  let accountId = inst.accountId;
  if (!accountId) {
    const first = await d.accounts.where('unitId').equals(unit.id).filter((a) => a.role === role && a.issuedBy === null).first();
    accountId = first?.id ?? '';
  }
  return { role, unitPath: unit.path, collectiveId: inst.collectiveId ?? null, accountId, unitId: unit.id };
}

/** The authority an actor exports with: its own account's scope. */
export function actorAuthority(actor: Actor): Authority {
  if (actor.role === 'system') throw new ScopeError(OUT_OF_SCOPE);
  return { role: actor.role, unitPath: actor.unitPath, collectiveId: actor.collectiveId, accountId: actor.accountId };
}

// ---------- peers ----------

export async function listPeers(): Promise<Peer[]> {
  const rows = (await db().peers.toArray()) as Peer[];
  return rows.filter((p) => !p.deleted).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}

export async function peerByDevice(deviceId: string): Promise<Peer | undefined> {
  const p = (await db().peers.where('deviceId').equals(deviceId).first()) as Peer | undefined;
  return p && !p.deleted ? p : undefined;
}

/** The trust list in the shape verifyTrust wants. */
export function trustedKeysOf(peers: readonly Peer[]): TrustedKey[] {
  return peers.map((p) => ({
    publicKey: p.publicKey,
    unitId: p.unitId,
    deviceId: p.deviceId,
    label: p.label,
    lastSequence: p.lastSeqReceived,
    revoked: !p.trusted,
  }));
}

export interface TrustProposal {
  deviceId: string;
  fingerprint: string;
  unit: Unit;
  authority: Authority;
  label: string;
  /** how this laptop knows the authority */
  basis: string;
}

/**
 * What trusting the sender of `manifest` would mean: its authority as this laptop sees it.
 * Throws TrustError when the sender cannot be placed (not above or below this laptop's unit,
 * an unknown or deactivated account, a unit that does not match).
 */
export async function proposeTrust(manifest: Manifest): Promise<TrustProposal> {
  const d = db();
  const me = await deviceAuthority();
  const { sender } = manifest;
  if (!isValidPublicKey(sender.publicKey)) throw new TrustError('交换包中的公钥无效');
  const unit = await d.units.get(sender.unitId);
  if (!unit || unit.deleted) throw new TrustError(`本机没有发送方所属单位（${sender.unitId}）的记录，不能建立信任`);
  const account = await d.accounts.get(sender.accountId);
  let authority: Authority;
  let basis: string;
  if (account && !account.deleted) {
    if (account.status !== 'active') throw new TrustError(`发送方账号 ${account.displayName}（${account.code}）已停用，不能建立信任`);
    if (account.unitId !== sender.unitId) throw new TrustError('交换包声称的单位与发送方账号的单位不符');
    authority = { role: account.role, unitPath: account.unitPath, collectiveId: account.collectiveId, accountId: account.id };
    basis = `本机记录的账号 ${account.displayName}（${account.code}，${ROLE_LABEL[account.role]}）`;
  } else if (me.unitPath.startsWith(unit.path) && unit.path !== me.unitPath) {
    // a unit above this laptop's: its administrator
    const role: Role = unit.channel === 'national' ? 'national' : 'admin1';
    authority = { role, unitPath: unit.path, collectiveId: null, accountId: sender.accountId };
    basis = `上级单位 ${unit.name}`;
  } else if (unit.path.startsWith(me.unitPath) && unit.path !== me.unitPath && RANK[me.role] <= RANK.admin1) {
    // a unit below: its level-1 administrator set up that laptop with the wizard
    authority = { role: 'admin1', unitPath: unit.path, collectiveId: null, accountId: sender.accountId };
    basis = `下级单位 ${unit.name}`;
  } else {
    throw new TrustError(`发送方（${unit.name}）既不是本机单位的上级，也不是本机签发的账号，不能建立信任`);
  }
  const rel = relation(authority, me);
  if (rel === 'peer') throw new TrustError(`发送方（${unit.name}，${ROLE_LABEL[authority.role]}）与本机（${ROLE_LABEL[me.role]}）不是上下级关系，不能建立信任`);
  const label = `${unit.name} · ${ROLE_LABEL[authority.role]}${account ? ` · ${account.displayName}` : ''}`;
  return { deviceId: sender.deviceId, fingerprint: sender.fingerprint, unit, authority, label, basis };
}

/**
 * Trust the sender of `manifest` after the administrator confirmed that `confirmedFingerprint`
 * (shown on this screen) is the one the sender reads out on theirs.
 */
export async function trustSender(actor: Actor, manifest: Manifest, confirmedFingerprint: string): Promise<Peer> {
  if (!isAdmin(actor.role) && actor.role !== 'collective') throw new ScopeError(OUT_OF_SCOPE);
  if (actor.role === 'collective' && (await getInstallationInfo())?.role !== 'collective') throw new ScopeError('集体账号只能在自己的电脑上建立信任');
  if (confirmedFingerprint !== manifest.sender.fingerprint || fingerprint(manifest.sender.publicKey) !== confirmedFingerprint) {
    throw new TrustError('确认的指纹与交换包的公钥不符');
  }
  const p = await proposeTrust(manifest);
  return savePeer(actor, p, manifest.sender.publicKey, 'fingerprint');
}

/** @internal also used by the setup-package import */
export async function savePeer(actor: Actor, p: TrustProposal, publicKey: string, how: Peer['how']): Promise<Peer> {
  const d = db();
  return writeTx(actor, [d.peers], async (w) => {
    const existing = (await d.peers.where('deviceId').equals(p.deviceId).first()) as Peer | undefined;
    const fields = {
      deviceId: p.deviceId,
      unitId: p.unit.id,
      label: p.label,
      publicKey,
      fingerprint: fingerprint(publicKey),
      trusted: true,
      role: p.authority.role,
      unitPath: p.authority.unitPath,
      collectiveId: p.authority.collectiveId,
      accountId: p.authority.accountId,
      how,
      confirmedBy: actor.accountId,
    };
    let peer: Peer;
    if (existing) {
      // the same device with a new key (reinstalled): old packages of the old key stay untrusted
      const rekeyed = existing.publicKey !== publicKey;
      peer = { ...w.touch(existing, { ...fields, ...(rekeyed ? { lastSeqReceived: 0, ackedMark: null } : {}) }), deleted: false };
    } else {
      peer = w.create<Peer>({ ...fields, lastSeqReceived: 0, lastSeqSent: 0, lastRevSent: '', ackedMark: null });
    }
    await d.peers.put(peer);
    w.audit({
      action: 'peer.trust',
      entity: 'peer',
      entityId: peer.id,
      summary: `信任设备 ${p.label}（设备 ${p.deviceId}，指纹 ${peer.fingerprint}，依据：${how === 'setupPackage' ? '安装包' : '核对指纹'}；${p.basis}）`,
    });
    return peer;
  });
}

/** Stop trusting a device: its packages are refused from now on. */
export async function revokePeer(actor: Actor, peerId: string): Promise<void> {
  if (actor.role !== 'national' && actor.role !== 'admin1') throw new ScopeError('只有一级管理员可以撤销信任');
  const d = db();
  await writeTx(actor, [d.peers], async (w) => {
    const p = (await d.peers.get(peerId)) as Peer | undefined;
    if (!p) throw new TrustError('设备不存在');
    await d.peers.put(w.touch(p, { trusted: false }));
    w.audit({ action: 'peer.revoke', entity: 'peer', entityId: p.id, summary: `撤销对设备 ${p.label}（指纹 ${p.fingerprint}）的信任` });
  });
}
