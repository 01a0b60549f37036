// `npm run build:ferretdb`: build the pinned FerretDB into FERRETDB_CACHE_DIR
// now (otherwise it is built on first use) and check it answers `hello`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configOrExit } from '../server/main.ts';
import { ensureFerretDBBinary, freePort, startFerretDB } from './ferretdb.ts';

const config = configOrExit();
const binary = await ensureFerretDBBinary(config.FERRETDB_CACHE_DIR, console.log);
const dir = await mkdtemp(path.join(os.tmpdir(), 'ferretdb-check-'));
const handle = await startFerretDB({ binary, dataDir: dir, port: await freePort() });
console.log(`${binary} starts and answers hello at ${handle.uri}`);
await handle.stop();
await rm(dir, { recursive: true, force: true });
