// Test fixtures: users in each role, created through the real services, and
// logged in through the real login mutation.
import { createUser, type NewUser } from '../../server/services/users.ts';
import { createPool } from '../../server/services/pools.ts';
import type { TestServer } from './test-server.ts';

export const PASSWORD = 'correct horse battery';

let n = 0;

export async function loginAs(server: TestServer, email: string, password = PASSWORD): Promise<string> {
  const r = await server.gql<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
  if (!r.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(r.errors)}`);
  return r.data.login.token;
}

/** Create a user in a role (with its scope) and return a token for them. */
export async function userToken(server: TestServer, role: NewUser['role'], scope: Partial<NewUser> = {}): Promise<{ token: string; userId: string; email: string }> {
  n += 1;
  const email = `${role.toLowerCase()}-${n}@example.test`;
  const user = await createUser({ email, name: `${role} ${n}`, password: PASSWORD, role, ...scope });
  return { token: await loginAs(server, email), userId: String(user._id), email };
}

/** Two pools used across suites: a combined authority footprint and a region. */
export async function seedPools() {
  const northEast = await createPool({
    id: 'north-east-ca',
    name: 'North East Combined Authority digital pool',
    footprint: ['E06000047', 'E06000057', 'E08000021', 'E08000022', 'E08000023', 'E08000024', 'E08000037'],
  });
  const teesValley = await createPool({
    id: 'tees-valley',
    name: 'Tees Valley digital pool',
    footprint: ['E06000001', 'E06000002', 'E06000003', 'E06000004', 'E06000005'],
  });
  return { northEast, teesValley };
}
