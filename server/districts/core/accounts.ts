/**
 * Which deputy an account is for, as a person would say it: by name («Коваль», «Коваль Олена»)
 * or by district number (`--district 5`), in the current convocation — never a database id that
 * nothing shows. An answer that fits several deputies (a common surname, a multi-member district)
 * is refused with the candidates named, so the admin can add the first name.
 */
import type { Queryable } from '../../db/database.js';
import { findDeputies } from './districts.js';
import { electionFor } from './elections.js';

export class DeputyChoiceError extends Error {}

export async function resolveDeputy(db: Queryable, municipalitySlug: string, by: { name?: string; district?: number }): Promise<{ id: number; fullName: string; districtNumber: number | null }> {
  const { rows: m } = await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [municipalitySlug]);
  if (!m.length) throw new DeputyChoiceError(`Немає громади «${municipalitySlug}» / no hromada "${municipalitySlug}"`);
  const election = await electionFor(db, m[0].id);
  if (!election) throw new DeputyChoiceError(`У громаді немає чинних виборів / ${municipalitySlug} has no current election`);
  const candidates = await findDeputies(db, m[0].id, election.id, by.name ?? '', by.district);
  const asked = [by.name ? `«${by.name}»` : null, by.district !== undefined ? `округ № ${by.district} / district ${by.district}` : null].filter(Boolean).join(', ');
  if (candidates.length === 0) throw new DeputyChoiceError(`Немає депутата ${asked} у раді, обраній ${election.heldOn} / no deputy ${asked} in the council elected on ${election.heldOn}`);
  if (candidates.length > 1) {
    const list = candidates.slice(0, 10).map((d) => `  ${d.fullName}${d.districtNumber ? ` (округ № ${d.districtNumber})` : ''}`).join('\n');
    throw new DeputyChoiceError(`Кілька депутатів відповідають ${asked}; уточніть ім’я (--deputy "Прізвище Ім’я") / several deputies match ${asked}; give the full name:\n${list}`);
  }
  return { id: candidates[0].id, fullName: candidates[0].fullName, districtNumber: candidates[0].districtNumber };
}
