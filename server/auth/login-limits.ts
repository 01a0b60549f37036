// Sign-in attempt limits, for the API's login and the web sign-in alike (both
// go through services/users.ts login): failed attempts are counted per account (the email
// as typed, lower-cased) and per client address, in this process's memory
// (rate-limiter-flexible), in windows of LOGIN_BLOCK_SECONDS from the first
// failure counted. Once either count reaches its limit, sign-in is refused
// before any password is checked until that window ends; a successful sign-in
// clears the account's count. Several processes
// behind a balancer each keep their own counts (a shared store, e.g.
// RateLimiterMongo, would make them one).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';

export interface LoginLimits {
  /** Seconds until sign-in is allowed again for this account or address, or 0 when it is allowed now. */
  blockedFor(email: string, address: string): Promise<number>;
  recordFailure(email: string, address: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

const accountKey = (email: string) => email.trim().toLowerCase();

/** The address a request came from, as express sees it behind TRUST_PROXY. */
export const clientAddress = (req: { ip?: string | undefined; socket: { remoteAddress?: string | undefined } }) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export function loginLimits(config: Config): LoginLimits {
  const perAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: config.LOGIN_MAX_FAILURES_PER_ACCOUNT, duration: config.LOGIN_BLOCK_SECONDS });
  const perAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: config.LOGIN_MAX_FAILURES_PER_ADDRESS, duration: config.LOGIN_BLOCK_SECONDS });
  const secondsLeft = (r: RateLimiterRes | null, limit: number) => (r && r.consumedPoints >= limit ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 0);
  const consume = async (limiter: RateLimiterMemory, key: string) => {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err; // over the limit: counted all the same
    }
  };
  return {
    async blockedFor(email, address) {
      const [a, b] = await Promise.all([perAccount.get(accountKey(email)), perAddress.get(address)]);
      return Math.max(secondsLeft(a, config.LOGIN_MAX_FAILURES_PER_ACCOUNT), secondsLeft(b, config.LOGIN_MAX_FAILURES_PER_ADDRESS));
    },
    async recordFailure(email, address) {
      await Promise.all([consume(perAccount, accountKey(email)), consume(perAddress, address)]);
    },
    async recordSuccess(email) {
      await perAccount.delete(accountKey(email));
    },
  };
}
