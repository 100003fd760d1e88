/**
 * A deputy's account is tied to their record by name or by district, never by a bare id: one
 * match is taken, several are refused with the candidates named, none is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser } from '../../server/auth/users.js';
import type { Database } from '../../server/db/database.js';
import { DeputyChoiceError, resolveDeputy } from '../../server/districts/core/accounts.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

describe.each(backends())('tying a deputy account on %s', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('finds the one deputy of a single-member district by its number, and by their name', async () => {
    const { rows } = await db.query<{ id: number; full_name: string }>(
      `SELECT p.id, p.full_name FROM deputy p JOIN electoral_district d ON d.id = p.district_id JOIN election e ON e.id = d.election_id AND e.is_current
       JOIN municipality m ON m.id = p.municipality_id WHERE m.slug = 'slovyansk' AND d.number = 5`);
    expect(rows).toHaveLength(1);
    expect(await resolveDeputy(db, 'slovyansk', { district: 5 })).toEqual({ id: rows[0].id, fullName: rows[0].full_name, districtNumber: 5 });
    expect((await resolveDeputy(db, 'slovyansk', { name: rows[0].full_name.toUpperCase() })).id).toBe(rows[0].id);
    const id = await createUser(db, { municipalitySlug: 'slovyansk', login: 'deputy5', displayName: rows[0].full_name, password: 'a long passphrase 5', roles: ['deputy'], deputyId: rows[0].id });
    expect(id).toBeGreaterThan(0);
  });

  it('refuses a multi-member district without a name, naming its deputies, and an unknown name', async () => {
    const { rows } = await db.query<{ full_name: string }>(
      `SELECT p.full_name FROM deputy p JOIN electoral_district d ON d.id = p.district_id JOIN election e ON e.id = d.election_id AND e.is_current
       JOIN municipality m ON m.id = p.municipality_id WHERE m.slug = 'kryvyi-rih' AND d.number = 3 ORDER BY p.full_name`);
    expect(rows.length).toBeGreaterThan(1);
    const refusal = resolveDeputy(db, 'kryvyi-rih', { district: 3 });
    await expect(refusal).rejects.toThrow(DeputyChoiceError);
    await expect(refusal).rejects.toThrow(rows[0].full_name);
    expect((await resolveDeputy(db, 'kryvyi-rih', { district: 3, name: rows[1].full_name })).fullName).toBe(rows[1].full_name);
    await expect(resolveDeputy(db, 'slovyansk', { name: 'Неіснуючий' })).rejects.toThrow(/Немає депутата «Неіснуючий»/);
    await expect(resolveDeputy(db, 'slovyansk', { district: 999 })).rejects.toThrow(/округ № 999/);
  });
});
