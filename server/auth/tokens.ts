// Signed login tokens (JWT, HS256) carrying the user id and the account's
// token version; the user is re-read on every request so a changed role, a
// deactivated account or a raised version (server/services/users.ts) takes
// effect at once.
import { SignJWT, jwtVerify, errors } from 'jose';
import { DomainError } from '../errors.ts';

const ISSUER = 'talent-pool';

export interface TokenClaims {
  userId: string;
  /** The account's token version when signed (0 for tokens from before versions were kept). */
  version: number;
}

export async function signToken({ userId, version }: TokenClaims, secret: string, ttlSeconds: number, now = new Date()) {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({ ver: version })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The claims of a valid token; UNAUTHENTICATED with a reason otherwise. */
export async function verifyToken(token: string, secret: string): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    if (!payload.sub) throw new Error('no subject');
    const ver = payload.ver ?? 0;
    if (!Number.isInteger(ver)) throw new Error('bad version');
    return { userId: payload.sub, version: ver as number };
  } catch (err) {
    const reason = err instanceof errors.JWTExpired ? 'Your session has expired; log in again' : 'The token is not valid';
    throw new DomainError('UNAUTHENTICATED', reason);
  }
}
