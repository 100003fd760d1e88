import type { ColumnMap } from './columns.js';
import type { Notice, RowProblem } from '../kit/report.js';
import type { CheckedRow, OwnerValues, Place } from './rows.js';
import { StagedRows } from './staging.js';

/**
 * The good rows of one file, and what only the file as a whole can tell: the same object twice
 * (by external id, or by permit number where a row has no external id), and one owner spread over
 * many rows. An owner's details are taken from the first row that names it; later rows fill what
 * it left empty, and a different name for the same ЄДРПОУ is pointed out (the first one is kept).
 */

export class ImportBatch {
  readonly rows = new StagedRows();
  readonly owners = new Map<string, OwnerValues & { line: number }>();
  /** Each row's place as the file gives it, by line: the swapped-axes check reads it. */
  readonly places = new Map<number, Place>();
  /** Bad rows whose place could still be read: checked against the boundary too, never written. */
  readonly badRowPlaces = { lines: [] as number[], wkts: [] as string[] };
  private readonly externalIds = new Map<string, number>();
  private readonly permitNumbers = new Map<string, number>();

  constructor(private readonly columns: ColumnMap) {}

  /** Adds a checked row, unless it repeats an earlier one; returns what it found. */
  add(row: CheckedRow): { problems: RowProblem[]; notices: Notice[] } {
    const problems: RowProblem[] = [];
    const notices: Notice[] = [];
    const { external_id: externalId } = row.object;
    if (externalId !== null) {
      const first = this.externalIds.get(externalId);
      if (first !== undefined) problems.push(this.duplicate(row.line, 'external_id', externalId, first));
    } else if (row.permit) {
      // Without an external id the permit number is what recognises the object.
      const first = this.permitNumbers.get(row.permit.number);
      if (first !== undefined) problems.push(this.duplicate(row.line, 'permit_number', row.permit.number, first));
    }
    if (problems.length > 0) {
      this.addPlaceOfBadRow(row.line, row.place);
      return { problems, notices };
    }

    if (externalId !== null) this.externalIds.set(externalId, row.line);
    else if (row.permit) this.permitNumbers.set(row.permit.number, row.line);
    if (row.owner) this.mergeOwner(row.owner, row.line, notices);
    this.rows.push(row);
    this.places.set(row.line, row.place);
    return { problems, notices };
  }

  /** Keeps the place of a row that is bad for other reasons, so the boundary check sees it too. */
  addPlaceOfBadRow(line: number, place: Place): void {
    this.badRowPlaces.lines.push(line);
    this.badRowPlaces.wkts.push(place.wkt);
    this.places.set(line, place);
  }

  /** Rows the boundary check looks at: the good ones and the bad ones with a readable place. */
  get placesChecked(): number {
    return this.rows.length + this.badRowPlaces.lines.length;
  }

  private duplicate(line: number, field: 'external_id' | 'permit_number', value: string, first: number): RowProblem {
    return {
      line, field: this.columns.label[field]!, value, code: 'duplicate',
      uk: `той самий об’єкт уже є в рядку ${first}`, en: `the same object is already in line ${first}`,
    };
  }

  private mergeOwner(owner: OwnerValues, line: number, notices: Notice[]): void {
    const known = this.owners.get(owner.key);
    if (!known) {
      this.owners.set(owner.key, { ...owner, line });
      return;
    }
    if (owner.key.startsWith('E:') && owner.name !== known.name) {
      notices.push({
        line,
        uk: `ЄДРПОУ ${owner.edrpou} у рядку ${known.line} має назву «${known.name}», тут «${owner.name}»; залишено першу`,
        en: `ЄДРПОУ ${owner.edrpou} is named "${known.name}" in line ${known.line} and "${owner.name}" here; the first is kept`,
      });
    }
    if (!known.kindGiven && owner.kindGiven) Object.assign(known, { kind: owner.kind, kindGiven: true });
    known.rnokpp ??= owner.rnokpp;
    known.phone ??= owner.phone;
    known.email ??= owner.email;
    known.public_contact ??= owner.public_contact;
  }
}
