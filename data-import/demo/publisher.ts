/**
 * Who publishes each demo hromada's registry (registry_publisher, 0007): the body that issues
 * the permits and the address parts the open-data set «Інформація про рекламні засоби» puts on
 * every row. Without it the demo's open-data export had an empty authorityName on every row.
 * Identification codes (ЄДРПОУ, КАТОТТГ) are left for the hromada's admin to enter: the demo does
 * not invent official codes. Slovyansk's authority name is the one its programme (seed 003, item
 * 30.5) names as the registry's keeper; Kryvyi Rih's follows the same pattern.
 */
import type { Queryable } from '../../server/db/database.js';

interface DemoPublisher {
  authority_name: string;
  region_uk: string;
  district_uk: string;
  hromada_uk: string;
  locality_uk: string;
}

const PUBLISHERS: Record<string, DemoPublisher> = {
  slovyansk: {
    authority_name: 'Управління архітектури та містобудування Слов’янської міської ради',
    region_uk: 'Донецька область', district_uk: 'Краматорський район', hromada_uk: 'Слов’янська', locality_uk: 'Слов’янськ',
  },
  'kryvyi-rih': {
    authority_name: 'Департамент регулювання містобудівної діяльності та земельних відносин виконкому Криворізької міської ради',
    region_uk: 'Дніпропетровська область', district_uk: 'Криворізький район', hromada_uk: 'Криворізька', locality_uk: 'Кривий Ріг',
  },
};

export async function insertPublisher(tx: Queryable, municipalityId: number, slug: string): Promise<void> {
  const p = PUBLISHERS[slug];
  if (!p) return;
  await tx.query(
    `INSERT INTO registry_publisher (municipality_id, authority_name, region_uk, district_uk, hromada_uk, locality_uk)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [municipalityId, p.authority_name, p.region_uk, p.district_uk, p.hromada_uk, p.locality_uk],
  );
}
