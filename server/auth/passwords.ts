// Password hashing with bcrypt (pure-JS bcryptjs: no native build step), and
// what a new password must be.
import bcrypt from 'bcryptjs';
import commonPasswords from 'fxa-common-password-list';

const COST = 10;
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** Why a new password will not do, or null: too short, or one of the most common (fxa-common-password-list, lower-cased). */
export function weakPasswordReason(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (commonPasswords.test(password) || commonPasswords.test(password.toLowerCase())) return 'is one of the most commonly used passwords: choose one that is harder to guess';
  return null;
}
