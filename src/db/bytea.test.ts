// bytea round trips on both drivers: PGlite's converters are replaced by Node's hex codec (ADR 0028).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from './client.ts';
import { openTestDatabase, type TestDatabase } from './testing.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

it('stores and reads back bytea exactly: every byte value, empty, large, and a view into a bigger buffer', async () => {
  const db = database.db;
  await db.execute(sql`create temporary table blobs (id int primary key, b bytea)`);
  const every = Uint8Array.from({ length: 256 }, (_, i) => i);
  const large = randomBytes(700_000);
  const backing = randomBytes(64);
  const view = new Uint8Array(backing.buffer, backing.byteOffset + 8, 16); // only these 16 bytes
  const values = [every, new Uint8Array(0), large, view];
  for (const [i, value] of values.entries()) await db.execute(sql`insert into blobs values (${i}, ${value})`);

  const rows = await queryRows<{ id: number; b: Uint8Array; hex: string; n: number }>(
    db,
    sql`select id, b, encode(b, 'hex') as hex, octet_length(b) as n from blobs order by id`,
  );
  for (const [i, value] of values.entries()) {
    const hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
    // What the server holds is the bytes themselves (not their text) …
    expect(rows[i].hex).toBe(hex);
    expect(Number(rows[i].n)).toBe(value.byteLength);
    // … and what comes back is a Uint8Array of exactly them.
    expect(rows[i].b).toBeInstanceOf(Uint8Array);
    expect(rows[i].b.byteLength).toBe(value.byteLength);
    expect(Buffer.from(rows[i].b).equals(Buffer.from(value.buffer, value.byteOffset, value.byteLength))).toBe(
      true,
    );
  }
});
