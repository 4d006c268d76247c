// Public surface of shared/security: password storage and policy, one-time passwords,
// login throttling, account codes, and the audit hash chain.
export { hashPassword, verifyPassword, needsRehash, PBKDF2_ITERATIONS, SALT_BYTES, HASH_BYTES } from './password';
export type { HashPasswordOptions } from './password';
export { checkNewPassword, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, NOTICE_DEFAULT_PASSWORDS } from './passwordPolicy';
export type { PasswordContext } from './passwordPolicy';
export { generateOneTimePassword, generateRecoveryCodes, normaliseOneTimeInput, ONE_TIME_ALPHABET } from './oneTimePassword';
export {
  loginDelayMs,
  nextAllowedAt,
  checkLoginAllowed,
  recordFailedLogin,
  clearFailedLogins,
  FREE_FAILED_LOGINS,
  FIRST_DELAY_MS,
  MAX_DELAY_MS,
} from './throttle';
export type { LoginGate } from './throttle';
export {
  collectiveCode,
  adminCode,
  nationalOfficeCode,
  parseCode,
  isWellFormedCode,
  normaliseCodeInput,
  checkCharacter,
  deviceId,
  CODE_ALPHABET,
  NATIONAL_UNIT_CODE,
} from './codes';
export type { ParsedCode } from './codes';
export { canonicalJson, computeAuditHash, sealAuditEntry, verifyAudit, sha256Hex, GENESIS_HASH } from './audit';
export type { AuditFields, UnsealedAuditEntry, AuditBreak, AuditVerification } from './audit';
export { randomString, randomBytes } from './random';
export { bytesToBase64, base64ToBytes } from './base64';
