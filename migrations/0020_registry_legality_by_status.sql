-- Legality follows the permit's status words as well as its dates, and the current permit is
-- found per object, so a query's cost depends on the hromada asked for (issue 9, "Rules and data").
--
-- 1. A permit whose status says it lost force ('expired': «втратив чинність за терміном дії») is not
--    in force whatever its valid_until says; an annulled or reissued one never was the current
--    permit (0006). A status the department typed wins over a date it forgot to change.
-- 2. registry_current_permit (0006) was a DISTINCT ON over every permit of every hromada: the
--    planner cannot push the join key into it, so each OGC items page of one city sorted and
--    de-duplicated all permits of all cities (64,000 at ×20). A LATERAL pick per object walks
--    permit_current_idx for that object only.

-- The 4-argument registry_legality (0003) stays for callers that judge dates alone; this one also
-- reads the status of the permit that decides (NULL when there is none).
CREATE FUNCTION registry_legality(dismantled_on date, has_permit boolean, permit_status text, valid_until date, as_of date)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN dismantled_on IS NOT NULL AND dismantled_on <= as_of THEN 'dismantled'
    WHEN NOT has_permit THEN 'no_permit'
    WHEN permit_status = 'expired' THEN 'expired'
    WHEN valid_until IS NULL THEN 'legal'
    WHEN valid_until < as_of THEN 'expired'
    WHEN valid_until < as_of + 30 THEN 'expiring'
    ELSE 'legal'
  END
$$;

-- The permit legality is judged by, per object: a permit or passport neither annulled nor
-- reissued; one whose status is still 'active' before one marked 'expired'; then the latest end
-- first (open-ended counts as latest). Same columns as 0006's view.
CREATE OR REPLACE VIEW registry_current_permit AS
SELECT cp.*
FROM registry_object o
CROSS JOIN LATERAL (
  SELECT p.* FROM permit p
  WHERE p.object_id = o.id AND p.kind IN ('permit','passport') AND p.status NOT IN ('annulled','reissued')
  ORDER BY p.status = 'active' DESC, p.valid_until DESC NULLS FIRST, p.issued_on DESC NULLS LAST, p.id DESC
  LIMIT 1
) cp;

-- Same columns as 0006 in the same order (pub_maf and pub_advertising select them), plus the
-- deciding permit's status at the end.
CREATE OR REPLACE VIEW pub_registry AS
SELECT o.municipality_id, o.id, t.category, o.type_code, t.name_uk AS type_uk, t.name_en AS type_en,
       o.address, o.external_id, o.width_m, o.height_m, o.sides, o.area_m2, o.lighting,
       o.installed_on, o.dismantled_on,
       w.id AS owner_id, w.name AS owner_name, w.kind AS owner_kind,
       -- ЄДРПОУ identifies a legal entity and is public; a sole proprietor's РНОКПП is not.
       CASE WHEN w.kind <> 'sole_proprietor' THEN w.edrpou END AS owner_edrpou,
       w.public_contact AS owner_contact,
       cp.number AS permit_number, cp.kind AS permit_kind, cp.issued_on AS permit_issued_on,
       cp.valid_from AS permit_valid_from, cp.valid_until AS permit_valid_until,
       cp.decision AS permit_decision,
       registry_legality(o.dismantled_on, cp.id IS NOT NULL, cp.status, cp.valid_until, current_date) AS legality,
       o.monthly_fee_uah,
       COALESCE((SELECT sum(amount_uah) FROM payment pm WHERE pm.object_id = o.id), 0)::numeric(14,2) AS revenue_total_uah,
       COALESCE((SELECT sum(amount_uah) FROM payment pm WHERE pm.object_id = o.id
                   AND pm.paid_on >= date_trunc('year', current_date)::date), 0)::numeric(14,2) AS revenue_this_year_uah,
       o.updated_at,
       o.geom,
       cp.status AS permit_status
FROM registry_object o
JOIN object_type t ON t.code = o.type_code
LEFT JOIN owner w ON w.id = o.owner_id
LEFT JOIN LATERAL (
  SELECT p.id, p.number, p.kind, p.issued_on, p.valid_from, p.valid_until, p.decision, p.status
  FROM permit p
  WHERE p.object_id = o.id AND p.kind IN ('permit','passport') AND p.status NOT IN ('annulled','reissued')
  ORDER BY p.status = 'active' DESC, p.valid_until DESC NULLS FIRST, p.issued_on DESC NULLS LAST, p.id DESC
  LIMIT 1
) cp ON true;

-- What area_m2 means depends on the category; the import headers and the open-data export say
-- the same (data-import/registry/columns.ts, server/registry/opendata.ts).
COMMENT ON COLUMN registry_object.area_m2 IS
  'МАФ: площа зайнятої земельної ділянки, м² (occupied land). Реклама: площа однієї сторони, м² (area of one side; total = area_m2 × sides).';
COMMENT ON COLUMN pub_registry.area_m2 IS
  'МАФ: площа зайнятої земельної ділянки, м² (occupied land). Реклама: площа однієї сторони, м² (area of one side).';
