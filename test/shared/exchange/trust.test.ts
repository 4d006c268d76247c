import { describe, expect, it } from 'vitest';
import { readPackage, type Manifest } from '../../../shared/exchange/format';
import { fingerprint, generateDeviceKeyPair } from '../../../shared/exchange/keys';
import { verifyTrust, type TrustedKey } from '../../../shared/exchange/trust';
import { samplePackage, senderKeys } from './helpers';

async function manifest(): Promise<Manifest> {
  const r = await readPackage(await samplePackage());
  if (!r.ok) throw new Error(r.message);
  return r.manifest; // from unit-R09 / devSH01 to unit-N00, sequence 3
}

const trusted = (patch: Partial<TrustedKey> = {}): TrustedKey => ({
  publicKey: senderKeys().publicKey,
  unitId: 'unit-R09',
  label: '上海团市委 办公室电脑',
  lastSequence: 2,
  ...patch,
});

describe('verifyTrust', () => {
  it('accepts a known key for its unit with a sequence above the last one imported', async () => {
    const m = await manifest();
    expect(verifyTrust(m, [trusted()], { unitId: 'unit-N00', deviceId: 'devBJ01' })).toEqual({ ok: true, key: trusted() });
  });

  it('refuses an unknown key, showing its fingerprint so administrators can compare it', async () => {
    const m = await manifest();
    const r = verifyTrust(m, [trusted({ publicKey: generateDeviceKeyPair().publicKey })]);
    expect(r).toMatchObject({ ok: false, code: 'untrusted' });
    expect(!r.ok && r.message).toContain(fingerprint(senderKeys().publicKey));
    expect(!r.ok && r.message).toContain('核对');
    expect(verifyTrust(m, [])).toMatchObject({ ok: false, code: 'untrusted' });
  });

  it('refuses a trusted key speaking for another unit or from another device than registered', async () => {
    const m = await manifest();
    expect(verifyTrust(m, [trusted({ unitId: 'unit-R01' })])).toMatchObject({ ok: false, code: 'untrusted' });
    expect(verifyTrust(m, [trusted({ deviceId: 'devOTHER' })])).toMatchObject({ ok: false, code: 'untrusted' });
    expect(verifyTrust(m, [trusted({ deviceId: 'devSH01' })]).ok).toBe(true);
  });

  it('refuses a revoked key', async () => {
    const r = verifyTrust(await manifest(), [trusted({ revoked: true })]);
    expect(r).toMatchObject({ ok: false, code: 'untrusted' });
    expect(!r.ok && r.message).toContain('撤销');
  });

  it('refuses a replayed or re-imported package (sequence ≤ last seen)', async () => {
    const m = await manifest();
    for (const last of [3, 7]) {
      const r = verifyTrust(m, [trusted({ lastSequence: last })]);
      expect(r).toMatchObject({ ok: false, code: 'replayed' });
      expect(!r.ok && r.message).toContain(`序号 ${m.sequence}`);
    }
  });

  it('refuses a package addressed to another unit or device', async () => {
    const m = await manifest();
    expect(verifyTrust(m, [trusted()], { unitId: 'unit-R01', deviceId: 'devX001' })).toMatchObject({ ok: false, code: 'wrongRecipient' });
    const toDevice = { ...m, recipient: { unitId: 'unit-N00', deviceId: 'devBJ01' } };
    expect(verifyTrust(toDevice, [trusted()], { unitId: 'unit-N00', deviceId: 'devBJ02' })).toMatchObject({ ok: false, code: 'wrongRecipient' });
    expect(verifyTrust(toDevice, [trusted()], { unitId: 'unit-N00', deviceId: 'devBJ01' }).ok).toBe(true);
  });
});
