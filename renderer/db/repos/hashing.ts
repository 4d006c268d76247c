/**
 * Password hashing parameters used by the repos. Production always uses the default
 * (PBKDF2-SHA256, 600,000 iterations); unit tests lower the cost through the test hook only.
 */
import type { PasswordHash } from '../../../shared/model/entities';
import { hashPassword, PBKDF2_ITERATIONS, type HashPasswordOptions } from '../../../shared/security/password';

let options: HashPasswordOptions | undefined;

export function setHashOptionsForTests(o: HashPasswordOptions | undefined): void {
  options = o;
}

export const hash = (password: string): Promise<PasswordHash> => hashPassword(password, options);

/**
 * One-time passwords are 60-bit random secrets that must be replaced at first login: the
 * iteration count that protects a human-chosen password adds nothing against guessing 2^60
 * values, and at 600,000 iterations a 20,000-row roster import would spend an hour hashing. They
 * use 1,000 iterations; the password set at first login gets the full cost.
 */
export const ONE_TIME_ITERATIONS = 1_000;
export const hashOneTime = (otp: string): Promise<PasswordHash> =>
  hashPassword(otp, { iterations: Math.min(ONE_TIME_ITERATIONS, options?.iterations ?? ONE_TIME_ITERATIONS) });

/** true when a stored hash is weaker than what we would write today */
export const weakerThanCurrent = (stored: PasswordHash): boolean => stored.iterations < (options?.iterations ?? PBKDF2_ITERATIONS);
