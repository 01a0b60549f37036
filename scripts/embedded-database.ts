// The database a script or `npm start` uses: MONGODB_URI when set, otherwise
// the embedded FerretDB (built on first use) on FERRETDB_PORT with DATA_DIR.
import path from 'node:path';
import type { Config } from '../server/config.ts';
import type { Logger } from '../server/logger.ts';
import { ensureFerretDBBinary, startFerretDB } from './ferretdb.ts';

export interface DatabaseHandle {
  uri: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI, embedded: false, stop: async () => {} };
  const log = logger.child({ component: 'ferretdb' });
  const binary = await ensureFerretDBBinary(config.FERRETDB_CACHE_DIR, (m) => log.info(m));
  const handle = await startFerretDB({ binary, dataDir: path.resolve(config.DATA_DIR), port: config.FERRETDB_PORT });
  log.info({ uri: handle.uri, dataDir: handle.dataDir }, 'embedded FerretDB started');
  return {
    uri: handle.uri,
    embedded: true,
    async stop() {
      await handle.stop();
      log.info('embedded FerretDB stopped');
    },
  };
}
