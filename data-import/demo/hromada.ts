/**
 * Seeds one demo hromada, concept by concept, in the caller's transaction: its boundary, address
 * points, elections with districts and deputies, owners, facilities, registry objects with their
 * permits and payments, and residents' comments.
 *
 * Each concept draws from its own random stream forked from (seed, slug, concept), so the data of
 * one part does not change when another part's generator changes, and a hromada seeded alone is
 * the same as when seeded with the other.
 */
import type { Queryable } from '../../server/db/database.js';
import { insertAddresses, planAddresses } from './addresses.js';
import { reserveIds } from './batch.js';
import { insertBaseMap, planBuildings } from './buildings.js';
import type { IsoDate } from './calendar.js';
import { boundaryRing, type CityProfile } from './cities.js';
import { COMMENTS_PER_CITY, insertComments, planComments } from './comments.js';
import { insertDeputies, planDeputies } from './deputies.js';
import { describeDistricts, districtSeeds, insertDistricts, insertElection } from './districts.js';
import { FACILITIES_PER_CITY, insertFacilities, planFacilities } from './facilities.js';
import { insertOwners, planOwners } from './owners.js';
import { insertPayments, planPayments } from './payments.js';
import { insertPermits } from './permits.js';
import { insertPublisher } from './publisher.js';
import { LocalPlane } from './plane.js';
import { Random } from './random.js';
import { ADVERTISING_PER_CITY, insertRegistryObjects, MAF_PER_CITY, planRegistry } from './registry.js';
import { streetNetwork } from './streets.js';
import { insertRenamings, planRenamings } from './renamings.js';
import { insertSessions, planSessions } from './votes.js';

export interface SeedContext {
  seed: number;
  scale: number;
  /** The database's current_date and now(): what legality and ages are measured from. */
  today: IsoDate;
  now: Date;
  say: (message: string) => void;
}

export interface HromadaReport {
  slug: string;
  addresses: number;
  districts: number;
  deputies: number;
  maf: number;
  advertising: number;
  facilities: number;
  comments: number;
  streets: number;
  buildings: number;
}

async function insertMunicipality(tx: Queryable, city: CityProfile, boundaryWkt: string): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO municipality (slug, name_uk, name_en, boundary, view_center, view_zoom, local_srid)
     VALUES ($1, $2, $3, ST_Multi(ST_GeomFromText($4, 4326)), ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8)
     RETURNING id`,
    [city.slug, city.nameUk, city.nameEn, boundaryWkt, city.center[0], city.center[1], city.zoom, city.localSrid],
  );
  return rows[0].id;
}

export async function seedHromada(tx: Queryable, city: CityProfile, ctx: SeedContext): Promise<HromadaReport> {
  const random = new Random(ctx.seed).fork(city.slug);
  const count = (perCity: number) => Math.max(1, Math.round(perCity * ctx.scale));
  const say = (message: string) => ctx.say(`${city.cityUk}: ${message}`);

  const boundary = boundaryRing(city, random.fork('boundary'));
  const municipalityId = await insertMunicipality(tx, city, new LocalPlane(city.center).polygonWkt(boundary.points));

  const network = streetNetwork(city, boundary, random.fork('streets'), ctx.scale);
  const addresses = planAddresses(city, boundary, network, random.fork('addresses'), ctx.scale);
  await insertAddresses(tx, municipalityId, addresses);
  say(`адреси ${addresses.houses.length} на ${addresses.streets.length} вулицях`);
  const baseMap = await insertBaseMap(tx, municipalityId, city, addresses, planBuildings(city, boundary, addresses, random.fork('buildings'), ctx.scale));
  say(`основа карти: вулиці ${baseMap.streets}, будівлі ${baseMap.buildings}`);
  await insertRenamings(tx, municipalityId, planRenamings(random.fork('renamings'), addresses));

  let currentDistricts = 0;
  let currentDeputies = 0;
  for (const [i, election] of city.elections.entries()) {
    const electionRandom = random.fork(`election ${election.heldOn}`);
    const electionId = await insertElection(tx, municipalityId, election, i === 0);
    const seeds = districtSeeds(addresses, election.districts, electionRandom.fork('districts'));
    const districtIds = await insertDistricts(tx, municipalityId, electionId, city, addresses, seeds);
    await describeDistricts(tx, electionId);
    const deputies = planDeputies(electionRandom.fork('deputies'), city, election, addresses, seeds, districtIds);
    const deputyIds = await insertDeputies(tx, municipalityId, electionId, deputies);
    if (i === 0) {
      // the current convocation's sessions and roll-call votes, up to today
      const voters = deputies.map((d, k) => ({ id: deputyIds[k], faction: d.faction }));
      const convocation = election.heldOn.startsWith('2015') ? 'VII' : 'VIII';
      const sessions = planSessions(electionRandom.fork('sessions'), 'міської ради', convocation, election.heldOn, ctx.today, voters);
      const votes = await insertSessions(tx, municipalityId, electionId, voters, sessions);
      say(`сесії ${sessions.length}, голосування ${votes}`);
      currentDistricts = seeds.length;
      currentDeputies = deputies.length;
    }
  }
  say(`округи ${currentDistricts}, депутати ${currentDeputies} (вибори ${city.elections[0].heldOn.slice(0, 4)})`);

  const owners = await insertOwners(tx, municipalityId, planOwners(city, random.fork('owners'), ctx.scale));
  const facilityIds = await reserveIds(tx, 'facility', count(FACILITIES_PER_CITY));
  const facilities = planFacilities(random.fork('facilities'), city, addresses, facilityIds, ctx.today);
  await insertFacilities(tx, municipalityId, facilities);
  say(`об’єкти доступності ${facilities.length}`);

  const objectIds = await reserveIds(tx, 'registry_object', count(MAF_PER_CITY) + count(ADVERTISING_PER_CITY));
  const ids = { maf: objectIds.slice(0, count(MAF_PER_CITY)), advertising: objectIds.slice(count(MAF_PER_CITY)) };
  const registry = planRegistry(random.fork('registry'), city, boundary, addresses, owners, ids, ctx.today);
  await insertRegistryObjects(tx, municipalityId, registry.objects);
  await insertPermits(tx, municipalityId, registry.permits);
  const payments = planPayments(random.fork('payments'), registry.objects, registry.permits, ctx.today);
  await insertPayments(tx, municipalityId, payments);
  await insertPublisher(tx, municipalityId, city.slug);
  say(`власники ${owners.length}, МАФ ${ids.maf.length}, реклама ${ids.advertising.length}, ` +
    `дозволи ${registry.permits.length}, платежі ${payments.length}`);

  const comments = planComments(random.fork('comments'), city, boundary, addresses, registry.objects, facilities,
    count(COMMENTS_PER_CITY), ctx.today, ctx.now);
  await insertComments(tx, municipalityId, comments);
  say(`коментарі ${comments.length}`);

  return {
    slug: city.slug,
    addresses: addresses.houses.length,
    districts: currentDistricts,
    deputies: currentDeputies,
    maf: ids.maf.length,
    advertising: ids.advertising.length,
    facilities: facilities.length,
    comments: comments.length,
    streets: baseMap.streets,
    buildings: baseMap.buildings,
  };
}
