// Indexes that let FerretDB's PostgreSQL backend answer equality filters from
// an index. FerretDB v1.24.2 turns `{field: value}` (and `_id` lookups) into
// `_jsonb->'field' @> 'value'`, but the indexes it creates are btrees on
// `_jsonb->'field'`, which PostgreSQL cannot use for `@>`: every query is a
// sequential scan. A GIN index on the same expression serves `@>`, so for each
// field a model declares an index on, one is added to the collection's table
// (found in FerretDB's own metadata table). MongoDB serves the same queries
// from the models' declared indexes, so nothing changes there.
//
// Only the embedded database (or a FerretDB on PostgreSQL whose database is
// given in FERRETDB_POSTGRESQL_URL) gets these; they are invisible to FerretDB
// and dropped with their tables.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Model } from 'mongoose';

/** Top-level fields of every declared index, and _id: what equality filters use. */
export function equalityFields(model: Model<any>): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const fields = new Set<string>(['_id']);
  for (const [keys] of model.schema.indexes()) {
    for (const field of Object.keys(keys)) if (!field.includes('.')) fields.add(field);
  }
  return [...fields];
}

// PostgreSQL identifiers are at most 63 bytes.
const indexName = (table: string, field: string) => `${table.slice(0, 40)}_eq_${createHash('sha1').update(`${table}.${field}`).digest('hex').slice(0, 12)}`;

const ALREADY_THERE = new Set(['42P07', '23505']); // duplicate_table; unique_violation on pg_class when two processes race
const UNDEFINED_TABLE = '42P01';

export async function addEqualityIndexes(postgresUrl: string, dbName: string, models: readonly Model<any>[]): Promise<number> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const schema = client.escapeIdentifier(dbName);
    let rows: { collection: string; table: string }[];
    try {
      ({ rows } = await client.query<{ collection: string; table: string }>(`SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS table FROM ${schema}._ferretdb_database_metadata`));
    } catch (err) {
      // No collection created in this database yet: nothing to index.
      if ((err as { code?: string }).code === UNDEFINED_TABLE) return 0;
      throw err;
    }
    const tables = new Map(rows.map((r) => [r.collection, r.table]));
    let created = 0;
    for (const model of models) {
      const table = tables.get(model.collection.collectionName);
      if (!table) continue;
      for (const field of equalityFields(model)) {
        const sql = `CREATE INDEX IF NOT EXISTS ${client.escapeIdentifier(indexName(table, field))} ON ${schema}.${client.escapeIdentifier(table)} USING gin ((_jsonb -> ${client.escapeLiteral(field)}))`;
        try {
          await client.query(sql);
          created++;
        } catch (err) {
          if (!ALREADY_THERE.has((err as { code?: string }).code ?? '')) throw err;
        }
      }
    }
    return created;
  } finally {
    await client.end();
  }
}
