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

/** true when a stored hash is weaker than what we would write today */
export const weakerThanCurrent = (stored: PasswordHash): boolean => stored.iterations < (options?.iterations ?? PBKDF2_ITERATIONS);
