/**
 * The few platform globals shared/ may use: WebCrypto and text encoding exist identically in
 * browsers, Electron's renderer and Node ≥ 20. Declared here (not via lib "DOM" or @types/node)
 * so the compiler still refuses every other DOM or Node API in shared/.
 */
interface SharedCryptoKey {
  readonly type: string;
}
interface SharedSubtleCrypto {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: string | { name: string },
    extractable: boolean,
    usages: string[],
  ): Promise<SharedCryptoKey>;
  deriveBits(
    algorithm: { name: 'PBKDF2'; hash: string; salt: Uint8Array; iterations: number },
    baseKey: SharedCryptoKey,
    length: number,
  ): Promise<ArrayBuffer>;
}
declare const crypto: {
  readonly subtle: SharedSubtleCrypto;
  getRandomValues<T extends Uint8Array | Uint16Array | Uint32Array>(array: T): T;
  randomUUID(): string;
};
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
