-- search_key(text): the key a search compares, so that «ТОВ "Смак-Трейд"» finds "тов смак трейд"
-- and "вул. Шевченка, буд. 12" finds "вулиця Шевченка 12". The steps and their reasons are in
-- server/rules/search-key.ts, its twin for the application; test/platform/search-key.test.ts
-- checks that the two agree. Letters are lower-cased by an explicit alphabet: the embedded
-- database runs in the C locale, where lower() leaves Cyrillic as it is.
-- IMMUTABLE, so an expression index can hold the key:
--   CREATE INDEX … USING gin (search_key(name) gin_trgm_ops);
CREATE FUNCTION search_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT coalesce(string_agg(w, ' ' ORDER BY n) FILTER (WHERE w <> ''), '')
  FROM (
    SELECT n, CASE tok
        WHEN 'вул' THEN 'вулиця'
        WHEN 'пр' THEN 'проспект'
        WHEN 'просп' THEN 'проспект'
        WHEN 'бульв' THEN 'бульвар'
        WHEN 'пл' THEN 'площа'
        WHEN 'пров' THEN 'провулок'
        WHEN 'наб' THEN 'набережна'
        WHEN 'ш' THEN 'шосе'
        WHEN 'майд' THEN 'майдан'
        WHEN 'буд' THEN ''
        WHEN 'будинок' THEN ''
        ELSE tok END AS w
    FROM regexp_split_to_table(
      translate(
        regexp_replace(regexp_replace(regexp_replace(
          translate(
            translate(t,
              'ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ',
              'abcdefghijklmnopqrstuvwxyzабвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя'),
            '''’ʼ`′‘', ''),
          '(^|[^a-z0-9а-яіїєґё])б-р\.?(?=[^a-z0-9а-яіїєґё]|$)', '\1бульвар ', 'g'),
          '(^|[^a-z0-9а-яіїєґё])пр-т\.?(?=[^a-z0-9а-яіїєґё]|$)', '\1проспект ', 'g'),
          '(^|[^a-z0-9а-яіїєґё])пров-к\.?(?=[^a-z0-9а-яіїєґё]|$)', '\1провулок ', 'g'),
        '!"#$%&()*+,-./:;<=>?@[\]^_{|}~«»“”„‐‑–—№',
        '                                        '),
      '\s+') WITH ORDINALITY AS words(tok, n)
  ) AS mapped
$fn$;
