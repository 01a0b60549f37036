import { expect } from 'chai';
import { cp, mkdtemp, rm, writeFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createLogger } from '../../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../../server/db.ts';
import { importReferenceData, DEFAULT_REFERENCE_DIR } from '../../server/services/reference-import.ts';
import { ReferenceDataError } from '../../server/reference/reference-data-error.ts';
import { Council } from '../../models/council.ts';
import { RoleLevel } from '../../models/role-level.ts';
import { testDatabase, uniqueDbName } from '../support/test-database.ts';

async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const name of ['councils', 'skills', 'role_families', 'roles', 'role_levels', 'bank_holidays']) {
    out[name] = await mongoose.connection.db!.collection(name).find().sort({ _id: 1 }).toArray();
  }
  return out;
}

describe('reference data import', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(async () => {
    const { uri, postgresUrl } = await testDatabase();
    await connectDatabase({ uri, dbName: uniqueDbName('ref-import'), serverSelectionTimeoutMS: 2000, logger: createLogger('silent'), postgresUrl });
    dir = await mkdtemp(path.join(os.tmpdir(), 'refdata-'));
    await cp(DEFAULT_REFERENCE_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await disconnectDatabase();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads every current English council, the DDaT framework and the bank holidays', async () => {
    const summary = await importReferenceData(dir);
    expect(summary.councils.inserted).to.equal(332);
    expect(summary.skills.inserted).to.equal(188);
    expect(summary.roleFamilies.inserted).to.equal(7);
    expect(summary.roles.inserted).to.equal(48);
    expect(summary.roleLevels.inserted).to.equal(201);
    expect(summary.bankHolidays.inserted).to.equal(40);
    const byType = await Council.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$type', n: { $sum: 1 } } }]);
    expect(Object.fromEntries(byType.map((t) => [t._id, t.n]))).to.deep.equal({
      NON_METROPOLITAN_DISTRICT: 164,
      UNITARY_AUTHORITY: 63,
      METROPOLITAN_DISTRICT: 36,
      LONDON_BOROUGH: 32,
      CITY_CORPORATION: 1,
      COUNTY: 21,
      COMBINED_AUTHORITY: 14,
      STRATEGIC_REGIONAL_AUTHORITY: 1,
    });
    // 1,825 rows less 16 duplicates and 28 "NOT IN USE" rows = 1,781 expectations.
    const levels = await RoleLevel.find().lean();
    expect(levels.reduce((n, l) => n + l.expectedSkills.length, 0)).to.equal(1781);
  });

  it('changes nothing when run twice', async () => {
    await importReferenceData(dir);
    const before = await snapshot();
    const again = await importReferenceData(dir);
    for (const counts of Object.values(again)) expect(counts).to.include({ inserted: 0, updated: 0, removed: 0 });
    expect(await snapshot()).to.deep.equal(before);
  });

  it('writes nothing when a file is missing', async () => {
    await unlink(path.join(dir, 'bank-holidays.json'));
    const err = await importReferenceData(dir).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ReferenceDataError);
    expect((err as Error).message).to.match(/bank-holidays\.json: not found/);
    expect(await Council.countDocuments()).to.equal(0);
  });

  it('writes nothing when a file is malformed, and names the file and row', async () => {
    await writeFile(
      path.join(dir, 'ddat-roles.csv'),
      'Role Family,Role,Role Description,Role Level,Role Level Description,Skill Name,Skill Description,Skill Level,Skill Level Description,Role Type\n' +
        'Data,Data analyst,d,Data analyst,d,Data analysis and synthesis,d,Guru,d,\n',
    );
    const err = await importReferenceData(dir).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ReferenceDataError);
    expect((err as Error).message).to.equal('ddat-roles.csv row 2: unknown Skill Level "Guru"');
    expect(await Council.countDocuments()).to.equal(0);
    expect(await RoleLevel.countDocuments()).to.equal(0);
  });
});
