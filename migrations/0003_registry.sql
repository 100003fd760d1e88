-- The registry of small architectural forms (МАФ) and advertising structures (seed item 30.5).

CREATE TABLE object_type (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,40}$'),
  category   text NOT NULL CHECK (category IN ('maf','advertising')),
  name_uk    text NOT NULL,
  name_en    text NOT NULL,
  sort_order integer NOT NULL DEFAULT 100
);
INSERT INTO object_type (code, category, name_uk, name_en, sort_order) VALUES
  ('kiosk',          'maf', 'Кіоск',                    'Kiosk', 10),
  ('pavilion',       'maf', 'Павільйон',                'Pavilion', 20),
  ('summer_terrace', 'maf', 'Літній майданчик',         'Summer terrace', 30),
  ('awning',         'maf', 'Навіс',                    'Awning', 40),
  ('vending_machine','maf', 'Торговельний автомат',     'Vending machine', 50),
  ('stop_pavilion',  'maf', 'Зупинковий павільйон',     'Stop pavilion', 60),
  ('billboard',      'advertising', 'Білборд 3×6 м',    'Billboard 3×6 m', 10),
  ('citylight',      'advertising', 'Сітілайт 1,2×1,8 м', 'Citylight 1.2×1.8 m', 20),
  ('backlight',      'advertising', 'Беклайт',          'Backlight', 30),
  ('prismatron',     'advertising', 'Призматрон',       'Prismatron', 40),
  ('led_screen',     'advertising', 'LED-екран',        'LED screen', 50),
  ('banner',         'advertising', 'Перетяжка',        'Banner across a street', 60),
  ('roof_installation','advertising', 'Дахова установка', 'Roof installation', 70),
  ('pillar',         'advertising', 'Тумба',            'Pillar', 80);

CREATE TABLE owner (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  kind            text NOT NULL CHECK (kind IN ('legal_entity','sole_proprietor','municipal_enterprise')),
  name            text NOT NULL,                 -- public name
  edrpou          text CHECK (edrpou ~ '^[0-9]{8}$'),  -- ЄДРПОУ of a legal entity: public
  public_contact  text,                          -- only if the owner chose to publish it
  -- Personal data (a sole proprietor's РНОКПП, private contacts): editors only, never public.
  rnokpp          text CHECK (rnokpp ~ '^[0-9]{10}$'),
  private_phone   text,
  private_email   text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX owner_municipality_idx ON owner (municipality_id);
CREATE INDEX owner_name_trgm ON owner USING gin (name gin_trgm_ops);

CREATE TABLE registry_object (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  type_code       text NOT NULL REFERENCES object_type(code),
  -- A point, or the footprint polygon where the department drew one.
  geom            geometry(Geometry, 4326) NOT NULL
                  CHECK (GeometryType(geom) IN ('POINT','POLYGON','MULTIPOLYGON')),
  address         text,
  width_m         numeric(6,2) CHECK (width_m > 0),
  height_m        numeric(6,2) CHECK (height_m > 0),
  sides           smallint CHECK (sides BETWEEN 1 AND 4),
  area_m2         numeric(8,2) CHECK (area_m2 > 0),      -- per side, for advertising
  lighting        boolean,
  installed_on    date,
  dismantled_on   date,
  external_id     text,            -- the department's own record number
  owner_id        integer REFERENCES owner(id),
  monthly_fee_uah numeric(12,2) CHECK (monthly_fee_uah >= 0),  -- tariff, where one is set
  description     text,
  row_version     integer NOT NULL DEFAULT 1,        -- optimistic concurrency for editors
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, external_id)
);
CREATE INDEX registry_object_geom_gix ON registry_object USING gist (geom);
CREATE INDEX registry_object_owner_idx ON registry_object (owner_id);

-- Permit (дозвіл), placement passport (паспорт прив'язки) or contract.
CREATE TABLE permit (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  object_id       integer NOT NULL REFERENCES registry_object(id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('permit','passport','contract')),
  number          text NOT NULL,
  issued_on       date,
  valid_from      date,
  valid_until     date,
  decision        text,            -- the executive committee's decision that issued it
  -- The open-data vocabulary of "Інформація про рекламні засоби":
  -- чинний / втратив чинність за терміном дії / анульований / перевиданий.
  status          text NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active','expired','annulled','reissued')),
  contract_number text,
  contract_date   date,
  CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from)
);
CREATE INDEX permit_object_idx ON permit (object_id);
CREATE INDEX permit_number_trgm ON permit USING gin (number gin_trgm_ops);

CREATE TABLE payment (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  object_id       integer NOT NULL REFERENCES registry_object(id) ON DELETE CASCADE,
  amount_uah      numeric(12,2) NOT NULL CHECK (amount_uah > 0),
  period_from     date,
  period_to       date,
  paid_on         date NOT NULL,
  document        text
);
CREATE INDEX payment_object_idx ON payment (object_id, paid_on);

-- Legality is derived, never typed in, as of a given day: a billboard whose permit ends
-- tonight is expired tomorrow without anyone touching it. 'expiring' = within 30 days.
-- has_permit: a permit or passport in force (not annulled, not replaced); valid_until NULL on
-- such a permit means it is open-ended.
CREATE FUNCTION registry_legality(dismantled_on date, has_permit boolean, valid_until date, as_of date)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN dismantled_on IS NOT NULL AND dismantled_on <= as_of THEN 'dismantled'
    WHEN NOT has_permit THEN 'no_permit'
    WHEN valid_until IS NULL THEN 'legal'
    WHEN valid_until < as_of THEN 'expired'
    WHEN valid_until < as_of + 30 THEN 'expiring'
    ELSE 'legal'
  END
$$;

SELECT track_collections('registry_object', ARRAY['maf','advertising']);
SELECT track_collections('permit', ARRAY['maf','advertising']);
SELECT track_collections('payment', ARRAY['maf','advertising']);
SELECT track_collections('owner', ARRAY['maf','advertising']);
