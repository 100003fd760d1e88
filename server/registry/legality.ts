/**
 * Legality in words. The state itself is derived in SQL by registry_legality() (0003) as of the
 * database's today — legal, expiring (the permit ends within 30 days), expired, no_permit,
 * dismantled — and read from pub_registry; here it becomes the sentence a resident reads on the
 * object's panel, naming the permit and the day that decides it.
 */
import { collectionById, propertyOf, type Text } from '../catalog/collections.js';
import type { Legality } from './schemas.js';

/** The legend's labels (the catalog is the one place they are written). */
export function legalityLabel(legality: Legality): Text {
  const values = propertyOf(collectionById('maf')!, 'legality')?.values ?? [];
  return values.find((v) => v.value === legality)?.label ?? { uk: legality, en: legality };
}

/** Whole days from one calendar day to another (ISO dates; no time zone can shift them). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 2026-11-23 → 23.11.2026, as Ukrainian documents write dates; the English text uses it too (one date format on the card). */
export const ukDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

const KIND_UK: Record<string, string> = { permit: 'Дозвіл', passport: 'Паспорт прив’язки', contract: 'Договір' };
const KIND_EN: Record<string, string> = { permit: 'Permit', passport: 'Placement passport', contract: 'Contract' };

export interface LegalityFacts {
  legality: Legality;
  permit_kind: string | null;
  permit_number: string | null;
  permit_valid_until: string | null;
  /** The deciding permit's status word (0020): 'expired' decides whatever the dates say. */
  permit_status?: string | null;
  dismantled_on: string | null;
}

function daysUk(n: number): string {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return `${n} днів`;
  if (units === 1) return `${n} день`;
  if (units >= 2 && units <= 4) return `${n} дні`;
  return `${n} днів`;
}

/** Why the object has the legality it has, as of `today` (the database's current_date). */
export function legalityReason(f: LegalityFacts, today: string): Text {
  const docUk = `${KIND_UK[f.permit_kind ?? 'permit'] ?? 'Дозвіл'} № ${f.permit_number ?? '—'}`;
  const docEn = `${KIND_EN[f.permit_kind ?? 'permit'] ?? 'Permit'} No. ${f.permit_number ?? '—'}`;
  switch (f.legality) {
    case 'dismantled':
      return {
        uk: `Демонтовано ${ukDate(f.dismantled_on!)}; запис і його історія зберігаються.`,
        en: `Dismantled on ${ukDate(f.dismantled_on!)}; the record and its history are kept.`,
      };
    case 'no_permit':
      return {
        uk: 'Немає чинного дозволу чи паспорта прив’язки: жоден не видано, або всі анульовано чи перевидано.',
        en: 'No permit or placement passport in force: none was issued, or all were annulled or reissued.',
      };
    case 'expired':
      if (f.permit_status === 'expired' && (f.permit_valid_until === null || f.permit_valid_until >= today)) {
        return {
          uk: `${docUk} втратив чинність: так записано у реєстрі, хоч строк у ньому ${f.permit_valid_until ? `до ${ukDate(f.permit_valid_until)}` : 'не обмежено'}.`,
          en: `${docEn} is no longer in force: the registry records it so, though its term ${f.permit_valid_until ? `runs to ${ukDate(f.permit_valid_until)}` : 'is open-ended'}.`,
        };
      }
      return {
        uk: `${docUk} діяв до ${ukDate(f.permit_valid_until!)} включно і втратив чинність за терміном дії.`,
        en: `${docEn} was valid through ${ukDate(f.permit_valid_until!)} and has expired.`,
      };
    case 'expiring': {
      const left = daysBetween(today, f.permit_valid_until!);
      return left === 0
        ? { uk: `${docUk} чинний до кінця сьогоднішнього дня (${ukDate(f.permit_valid_until!)}).`, en: `${docEn} is valid through today (${ukDate(f.permit_valid_until!)}).` }
        : {
            uk: `${docUk} чинний до ${ukDate(f.permit_valid_until!)} — спливає через ${daysUk(left)}.`,
            en: `${docEn} is valid through ${ukDate(f.permit_valid_until!)} — it expires in ${left} day${left === 1 ? '' : 's'}.`,
          };
    }
    case 'legal':
      return f.permit_valid_until
        ? { uk: `${docUk} чинний до ${ukDate(f.permit_valid_until)}.`, en: `${docEn} is valid through ${ukDate(f.permit_valid_until)}.` }
        : { uk: `${docUk} чинний безстроково.`, en: `${docEn} is valid without an end date.` };
  }
}

/**
 * The open-data status of one permit ("Інформація про рекламні засоби"): the stored status, except
 * that a permit still marked active whose last day has passed has lost force by its term — the
 * same rule as registry_legality(), so the export never calls an expired permit «Чинний».
 */
export function openDataStatus(status: string, validUntil: string | null, today: string): string {
  if (status === 'active' && validUntil !== null && validUntil < today) return 'Втратив чинність за терміном дії';
  return { active: 'Чинний', expired: 'Втратив чинність за терміном дії', annulled: 'Анульований', reissued: 'Перевиданий' }[status] ?? status;
}
