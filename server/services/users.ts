// Use-cases for users: create accounts, log in, resolve a token to a viewer.
import mongoose from 'mongoose';
import { USER_ROLES, type UserRole } from '../../models/user.ts';
import { findUser, findUserByEmail, insertUser, type UserDoc } from '../store/users.ts';
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { signToken, verifyToken } from '../auth/tokens.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { LoginLimits } from '../auth/login-limits.ts';
import { badInput, conflict, DomainError, notFound } from '../errors.ts';
import { getCouncil } from './councils.ts';
import { getPool } from './pools.ts';
import { practitionerExists } from './practitioners.ts';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: UserRole;
  councilId?: string | null;
  poolId?: string | null;
  practitionerId?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function toViewer(u: UserDoc): Viewer {
  return {
    userId: String(u._id),
    role: u.role as UserRole,
    name: u.name,
    councilId: u.councilId ?? null,
    poolId: u.poolId ?? null,
    practitionerId: u.practitionerId ? String(u.practitionerId) : null,
  };
}

/** Validate everything (scope included) before writing; the unique email index settles races. */
export async function createUser(input: NewUser, path: string[] = ['input']): Promise<UserDoc> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw badInput([...path, 'email'], 'is not an email address');
  if (!input.name.trim()) throw badInput([...path, 'name'], 'must not be empty');
  if (input.password.length < MIN_PASSWORD_LENGTH) throw badInput([...path, 'password'], `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (!USER_ROLES.includes(input.role)) throw badInput([...path, 'role'], 'is not a role');
  const scope = { councilId: null as string | null, poolId: null as string | null, practitionerId: null as mongoose.Types.ObjectId | null };
  if (input.role === 'COUNCIL_REQUESTER') {
    if (!input.councilId) throw badInput([...path, 'councilId'], 'is required for a council requester');
    scope.councilId = (await getCouncil(input.councilId, [...path, 'councilId']))._id;
  }
  if (input.role === 'PROGRAMME_LEAD') {
    if (!input.poolId) throw badInput([...path, 'poolId'], 'is required for a programme lead');
    scope.poolId = (await getPool(input.poolId, [...path, 'poolId']))._id;
  }
  if (input.role === 'PRACTITIONER') {
    if (!input.practitionerId) throw badInput([...path, 'practitionerId'], 'is required for a practitioner');
    if (!mongoose.isValidObjectId(input.practitionerId)) throw badInput([...path, 'practitionerId'], 'is not an id');
    if (!(await practitionerExists(input.practitionerId))) throw notFound('Practitioner', input.practitionerId, [...path, 'practitionerId']);
    scope.practitionerId = new mongoose.Types.ObjectId(input.practitionerId);
  }
  const doc = await insertUser({ email, name: input.name.trim(), passwordHash: await hashPassword(input.password), role: input.role, ...scope });
  if (!doc) throw conflict('A user with that email already exists', undefined, [...path, 'email']);
  return doc;
}

/**
 * Sign in. Failed attempts count against the account and the address
 * (server/auth/login-limits.ts); past either limit, no password is checked
 * until the window ends.
 */
export async function login(email: string, password: string, secret: string, ttlSeconds: number, attempt: { address: string; limits: LoginLimits }) {
  const wait = await attempt.limits.blockedFor(email, attempt.address);
  if (wait > 0) {
    throw new DomainError('RATE_LIMITED', `Too many sign-in attempts; try again in ${Math.ceil(wait / 60)} minute(s)`, undefined, { retryable: true, retryAfterSeconds: wait });
  }
  const user = await findUserByEmail(email.trim().toLowerCase());
  // Same answer for an unknown email and a wrong password: do not reveal which accounts exist.
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    await attempt.limits.recordFailure(email, attempt.address);
    throw new DomainError('UNAUTHENTICATED', 'Email or password is wrong');
  }
  await attempt.limits.recordSuccess(email);
  const { token, expiresAt } = await signToken(String(user._id), secret, ttlSeconds);
  return { token, expiresAt, user };
}

/** The viewer behind an Authorization header value, or null when there is none. */
export async function viewerFromAuthorization(header: string | undefined, secret: string): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
  const userId = await verifyToken(match[1]!, secret);
  const user = await findUser(userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', 'The account behind this token no longer exists');
  return toViewer(user);
}

export async function getUser(id: string): Promise<UserDoc> {
  const user = await findUser(id);
  if (!user) throw notFound('User', id, ['id']);
  return user;
}

export { usersByIds, allUsers } from '../store/users.ts';
