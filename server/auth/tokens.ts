// Signed login tokens (JWT, HS256) carrying only the user id; the user is
// re-read on every request so a changed role or a removed account takes
// effect at once.
import { SignJWT, jwtVerify, errors } from 'jose';
import { DomainError } from '../errors.ts';

const ISSUER = 'talent-pool';

export async function signToken(userId: string, secret: string, ttlSeconds: number, now = new Date()) {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The user id in a valid token; UNAUTHENTICATED with a reason otherwise. */
export async function verifyToken(token: string, secret: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    if (!payload.sub) throw new Error('no subject');
    return payload.sub;
  } catch (err) {
    const reason = err instanceof errors.JWTExpired ? 'Your session has expired; log in again' : 'The token is not valid';
    throw new DomainError('UNAUTHENTICATED', reason);
  }
}
