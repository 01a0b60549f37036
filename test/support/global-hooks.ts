// Root hooks for the whole run. Tests must not depend on the machine's time
// zone: pin it to UTC so any accidental use of local time shows up the same
// everywhere (the code itself reasons in Europe/London explicitly).
import { stopTestDatabase } from './test-database.ts';

process.env.TZ = 'UTC';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(20_000);
    await stopTestDatabase();
  },
};
