// Use-cases for users: create accounts, log in, resolve a token to a viewer,
// and the account's own life: a new password, signing out everywhere,
// deactivation by an admin. Each of those raises the account's token
// version, which every token carries, so the tokens signed before stop
// working at once (the API's and the web session's alike).
import mongoose from 'mongoose';
import { USER_ROLES, type UserRole } from '../../models/user.ts';
import { findUser, findUserByEmail, findUserShared, insertUser, updateAccount, type UserDoc } from '../store/users.ts';
import { hashPassword, verifyPassword, weakPasswordReason } from '../auth/passwords.ts';
import { signToken, verifyToken, type TokenClaims } from '../auth/tokens.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { LoginLimits } from '../auth/login-limits.ts';
import { badInput, conflict, DomainError, notFound } from '../errors.ts';
import { recordAudit } from './audit.ts';
import { now } from '../clock.ts';
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
  checkNewPassword(input.password, [...path, 'password']);
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
  // Said only to someone who knows the password.
  if (user.deactivatedAt) throw deactivated();
  return { ...(await tokenFor(user, secret, ttlSeconds)), user };
}

/** details.reason lets a page say why, where "Email or password is wrong" would mislead. */
const deactivated = () => new DomainError('UNAUTHENTICATED', 'This account has been deactivated; ask an admin of the service to reactivate it', undefined, { reason: 'ACCOUNT_DEACTIVATED' });

/** A token for the account as it is now (its current token version). */
export const tokenFor = (user: Pick<UserDoc, '_id' | 'tokenVersion'>, secret: string, ttlSeconds: number) =>
  signToken({ userId: String(user._id), version: user.tokenVersion ?? 0 }, secret, ttlSeconds);

/** The account behind a token's claims, if it still accepts that token: it exists, is not deactivated, and has not raised its version since. */
export async function userForClaims(claims: TokenClaims): Promise<UserDoc> {
  const user = await findUserShared(claims.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', 'The account behind this token no longer exists');
  if (user.deactivatedAt) throw deactivated();
  if ((user.tokenVersion ?? 0) !== claims.version) throw new DomainError('UNAUTHENTICATED', 'This token has been revoked (a new password, or signed out everywhere); log in again');
  return user;
}

/** The one rule for a new password, wherever it is set. */
function checkNewPassword(password: string, field: string[]): void {
  const weak = weakPasswordReason(password);
  if (weak) throw badInput(field, weak);
}

/** The signed-in user's new password: the current one must be given; every other token and session ends, and a new token is returned. */
export async function changePassword(viewer: Viewer, currentPassword: string, newPassword: string, secret: string, ttlSeconds: number) {
  const user = await getUser(viewer.userId);
  if (!(await verifyPassword(currentPassword, user.passwordHash))) throw badInput(['currentPassword'], 'is not your current password');
  checkNewPassword(newPassword, ['newPassword']);
  if (newPassword === currentPassword) throw badInput(['newPassword'], 'must differ from the current password');
  const after = await updateAccount(viewer.userId, { passwordHash: await hashPassword(newPassword) });
  if (!after) throw notFound('User', viewer.userId, ['id']);
  await recordAudit({ actor: viewer, action: 'user.change-password', entityType: 'User', entityId: viewer.userId });
  return { ...(await tokenFor(after, secret, ttlSeconds)), user: after };
}

/**
 * An admin sets a new password for someone who lost theirs (to pass on to
 * them out of band): every token and web session of that account ends at
 * once, as with their own change.
 */
export async function resetUserPassword(viewer: Viewer, id: string, newPassword: string): Promise<UserDoc> {
  if (!mongoose.isValidObjectId(id)) throw badInput(['id'], 'is not an id');
  checkNewPassword(newPassword, ['newPassword']);
  await getUser(id);
  const after = await updateAccount(id, { passwordHash: await hashPassword(newPassword) });
  if (!after) throw notFound('User', id, ['id']);
  await recordAudit({ actor: viewer, action: 'user.reset-password', entityType: 'User', entityId: id });
  return after;
}

/** End every token and web session of the signed-in user (this one included). */
export async function signOutEverywhere(viewer: Viewer): Promise<boolean> {
  if (!(await updateAccount(viewer.userId, {}))) throw notFound('User', viewer.userId, ['id']);
  await recordAudit({ actor: viewer, action: 'user.sign-out-everywhere', entityType: 'User', entityId: viewer.userId });
  return true;
}

/** An admin stops (or, with active, restarts) an account: a deactivated one cannot sign in and its tokens are refused. */
export async function setUserActive(viewer: Viewer, id: string, active: boolean): Promise<UserDoc> {
  if (!mongoose.isValidObjectId(id)) throw badInput(['id'], 'is not an id');
  if (!active && id === viewer.userId) throw conflict('You cannot deactivate your own account', undefined, ['id']);
  const before = await getUser(id);
  if (Boolean(before.deactivatedAt) === !active) return before;
  const after = await updateAccount(id, { deactivatedAt: active ? null : now() });
  if (!after) throw notFound('User', id, ['id']);
  await recordAudit({ actor: viewer, action: active ? 'user.reactivate' : 'user.deactivate', entityType: 'User', entityId: id, before: { active: !active }, after: { active } });
  return after;
}

/** The viewer behind an Authorization header value, or null when there is none. */
export async function viewerFromAuthorization(header: string | undefined, secret: string): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
  return toViewer(await userForClaims(await verifyToken(match[1]!, secret)));
}

export async function getUser(id: string): Promise<UserDoc> {
  const user = await findUser(id);
  if (!user) throw notFound('User', id, ['id']);
  return user;
}

export { usersByIds, allUsers } from '../store/users.ts';
