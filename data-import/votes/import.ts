/**
 * The voting system's export into the council's record: read (read.ts), every deputy matched to
 * the convocation in office on the session's date, then — not one problem in the whole file — the
 * sessions written through the votes' write core. An unknown deputy or a malformed row refuses the
 * whole file with every line named: a half-imported session would give deputies false attendance.
 *
 * A deputy is matched by full name («Коваль Олена Петрівна»; case, spacing and apostrophe style
 * aside) or by surname and initials («Коваль О. П.») when only one deputy of the convocation has them.
 */
import { writeAndMark } from '../../server/catalog/write.js';
import type { Database, Queryable } from '../../server/db/database.js';
import { electionFor } from '../../server/districts/core/elections.js';
import { writeSessions, type SessionVotes } from '../../server/districts/core/votes.js';
import type { RowProblem } from '../kit/report.js';
import { byLine } from '../kit/report.js';
import { readVoteFile, type Source } from './read.js';

export interface VoteImportReport {
  file: string;
  format: 'csv' | 'json';
  rows: number;
  sessions: { created: number; replaced: number };
  votes: number;
  dryRun: boolean;
  written: boolean;
  problems: RowProblem[];
}

const fullKey = (name: string) => name.normalize('NFC').toLowerCase().replace(/[’ʼ`']/g, "'").replace(/\s+/g, ' ').trim();
/** "Коваль Олена Петрівна" and "Коваль О. П." both → "коваль о п". */
const initialsKey = (name: string) => {
  const words = fullKey(name).replace(/\./g, ' ').split(' ').filter(Boolean);
  return words.length >= 2 ? [words[0], ...words.slice(1).map((w) => w[0])].join(' ') : null;
};

class DeputyMatcher {
  private readonly byFull = new Map<string, number>();
  private readonly byInitials = new Map<string, number[]>();
  constructor(deputies: { id: number; full_name: string }[]) {
    for (const d of deputies) {
      this.byFull.set(fullKey(d.full_name), d.id);
      const k = initialsKey(d.full_name);
      if (k) this.byInitials.set(k, [...(this.byInitials.get(k) ?? []), d.id]);
    }
  }
  /** The deputy's id; 'ambiguous' when initials fit several. */
  match(name: string): number | 'ambiguous' | null {
    const full = this.byFull.get(fullKey(name));
    if (full !== undefined) return full;
    const k = initialsKey(name);
    const candidates = k ? this.byInitials.get(k) ?? [] : [];
    return candidates.length === 1 ? candidates[0] : candidates.length > 1 ? 'ambiguous' : null;
  }
}

async function matcherFor(db: Queryable, municipalityId: number, electionId: number): Promise<DeputyMatcher> {
  const { rows } = await db.query<{ id: number; full_name: string }>(
    'SELECT id, full_name FROM pub_deputies WHERE municipality_id = $1 AND election_id = $2', [municipalityId, electionId]);
  return new DeputyMatcher(rows);
}

export async function importVotes(db: Database, options: { municipalitySlug: string; input: Uint8Array; fileName: string; dryRun?: boolean; userId?: number | null }): Promise<VoteImportReport> {
  const file = readVoteFile(options.input);
  const report: VoteImportReport = {
    file: options.fileName, format: file.format, rows: file.rows, sessions: { created: 0, replaced: 0 }, votes: 0,
    dryRun: options.dryRun ?? false, written: false, problems: file.problems,
  };
  const { rows: m } = await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [options.municipalitySlug]);
  if (!m.length) throw new Error(`Немає громади «${options.municipalitySlug}» / no hromada "${options.municipalitySlug}"`);
  const municipalityId = m[0].id;

  const problem = (from: Source, value: string, code: string, uk: string, en: string) =>
    report.problems.push({ line: from.line, field: from.field, value, code, uk, en });
  const matchers = new Map<number, DeputyMatcher>();
  const planned: SessionVotes[] = [];
  for (const s of file.sessions) {
    const election = await electionFor(db, municipalityId, { date: s.heldOn });
    if (!election) {
      problem(s.from, s.heldOn, 'no_convocation', `на ${s.heldOn} у громаді немає обраної ради`, `the hromada had no elected council on ${s.heldOn}`);
      continue;
    }
    if (!matchers.has(election.id)) matchers.set(election.id, await matcherFor(db, municipalityId, election.id));
    const matcher = matchers.get(election.id)!;
    const idOf = (name: string, from: Source): number | null => {
      const id = matcher.match(name);
      if (id === null) problem(from, name, 'unknown_deputy', `немає такого депутата в раді, обраній ${election.heldOn}`, `no such deputy in the council elected on ${election.heldOn}`);
      else if (id === 'ambiguous') problem(from, name, 'ambiguous_deputy', 'ці прізвище й ініціали мають кілька депутатів: напишіть ім’я повністю', 'several deputies have this surname and initials: write the full name');
      return typeof id === 'number' ? id : null;
    };
    const items = [...s.items.entries()].sort(([a], [b]) => a - b).map(([number, item]) => {
      const seen = new Map<number, Source>();
      const votes = item.votes.flatMap((v) => {
        const deputyId = idOf(v.deputy, v.from);
        if (deputyId === null) return [];
        if (seen.has(deputyId)) {
          problem(v.from, v.deputy, 'duplicate_vote', `голос цього депутата з питання ${number} вже є (${seen.get(deputyId)!.line ?? seen.get(deputyId)!.field})`, `this deputy's vote on item ${number} is already there (${seen.get(deputyId)!.line ?? seen.get(deputyId)!.field})`);
          return [];
        }
        seen.set(deputyId, v.from);
        return [{ deputyId, choice: v.choice }];
      });
      return { number, title: item.title, votes };
    });
    let registrations = s.registrations.flatMap((r) => {
      const deputyId = idOf(r.deputy, r.from);
      return deputyId === null ? [] : [{ deputyId, registered: r.registered }];
    });
    if (s.registrations.length === 0) {
      // no registration rows: registered when they voted on anything
      const voted = new Map<number, boolean>();
      for (const item of items) for (const v of item.votes) voted.set(v.deputyId, (voted.get(v.deputyId) ?? false) || v.choice !== 'absent');
      registrations = [...voted].map(([deputyId, registered]) => ({ deputyId, registered }));
    }
    planned.push({ electionId: election.id, number: s.number, heldOn: s.heldOn, title: s.title, items, registrations });
  }
  report.problems.sort(byLine);
  if (report.problems.length > 0 || planned.length === 0) {
    if (planned.length === 0 && report.problems.length === 0) {
      report.problems.push({ line: null, field: null, value: null, code: 'empty_file', uk: 'у файлі немає жодного голосування', en: 'the file holds no votes' });
    }
    return report;
  }
  class DryRun extends Error {}
  try {
    await writeAndMark({ db }, { municipalityId, userId: options.userId ?? null }, async (tx) => {
      const written = await writeSessions(tx, { municipalityId, userId: options.userId ?? null }, planned, options.fileName);
      report.sessions = { created: written.created, replaced: written.replaced };
      report.votes = written.votes;
      if (report.dryRun) throw new DryRun();
    });
    report.written = true;
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return report;
}
