// Password hashing with bcrypt (pure-JS bcryptjs: no native build step).
import bcrypt from 'bcryptjs';

const COST = 10;
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
