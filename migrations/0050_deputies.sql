-- "Your deputy" (seed item 30.2): what a deputy's page shows beyond 0002 (biography, where they
-- receive), the council's plenary sessions with their agenda, each deputy's registration and
-- roll-call vote (the voting system «Віче» exports them), and the streets' former names, so an
-- address typed with a pre-2016 name is still found (decommunisation renamed thousands of streets:
-- Law of Ukraine No. 317-VIII of 9 April 2015).

ALTER TABLE deputy ADD COLUMN biography text;
ALTER TABLE deputy ADD COLUMN reception_place text;
CREATE INDEX deputy_election_idx ON deputy (election_id);

-- A plenary session of one convocation. "number" is the council's own ("12", "12-2" for a second
-- plenary day), unique within the convocation.
CREATE TABLE council_session (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  election_id     integer NOT NULL REFERENCES election(id),
  number          text NOT NULL CHECK (length(number) BETWEEN 1 AND 20),
  held_on         date NOT NULL,
  title           text NOT NULL,
  UNIQUE (election_id, number)
);
CREATE INDEX council_session_election_idx ON council_session (election_id, held_on);

CREATE TABLE agenda_item (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  session_id      integer NOT NULL REFERENCES council_session(id) ON DELETE CASCADE,
  number          integer NOT NULL CHECK (number > 0),
  title           text NOT NULL,
  UNIQUE (session_id, number)
);

-- Registration at the start of a session: attendance is counted from it.
CREATE TABLE session_registration (
  municipality_id integer NOT NULL REFERENCES municipality(id),
  session_id      integer NOT NULL REFERENCES council_session(id) ON DELETE CASCADE,
  deputy_id       integer NOT NULL REFERENCES deputy(id),
  registered      boolean NOT NULL,
  PRIMARY KEY (session_id, deputy_id)
);
CREATE INDEX session_registration_deputy_idx ON session_registration (deputy_id);

-- за / проти / утримався / не голосував / відсутній
CREATE TABLE deputy_vote (
  municipality_id integer NOT NULL REFERENCES municipality(id),
  agenda_item_id  integer NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
  deputy_id       integer NOT NULL REFERENCES deputy(id),
  choice          text NOT NULL CHECK (choice IN ('for','against','abstain','not_voting','absent')),
  PRIMARY KEY (agenda_item_id, deputy_id)
);
CREATE INDEX deputy_vote_deputy_idx ON deputy_vote (deputy_id);

-- A street's former name: the renaming decision and date. Search matches it and answers with the
-- street as it is called now.
CREATE TABLE street_alias (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  old_name        text NOT NULL,
  street_uk       text NOT NULL,
  renamed_on      date,
  decision        text,
  UNIQUE (municipality_id, old_name)
);

-- Public faces read these. Deputies: everything but the private phone.
CREATE VIEW pub_deputies AS
SELECT p.municipality_id, p.id, p.election_id, p.district_id, d.number AS district_number, p.full_name,
       p.faction, p.committees, p.reception_hours, p.reception_place, p.assistants, p.public_phone,
       p.public_email, p.photo_url, p.biography
FROM deputy p
LEFT JOIN electoral_district d ON d.id = p.district_id;

-- Districts of every election (pub_districts, the map layer, shows the current one only).
CREATE VIEW pub_election_districts AS
SELECT d.municipality_id, d.id, d.election_id, d.number, d.name_uk, d.description_uk, d.geom
FROM electoral_district d;

CREATE VIEW pub_elections AS
SELECT municipality_id, id, name_uk, name_en, held_on, seats_per_district, is_current FROM election;

-- Roll-call votes are public records of the council (Law No. 2657-XII "On Information", and the
-- council's own rules publish them): every column is public.
CREATE VIEW pub_deputy_votes AS
SELECT v.municipality_id, v.deputy_id, s.id AS session_id, s.number AS session_number, s.held_on,
       s.title AS session_title, i.id AS agenda_item_id, i.number AS item_number, i.title AS item_title, v.choice
FROM deputy_vote v
JOIN agenda_item i ON i.id = v.agenda_item_id
JOIN council_session s ON s.id = i.session_id;

CREATE VIEW pub_session_registrations AS
SELECT r.municipality_id, r.deputy_id, s.id AS session_id, s.number AS session_number, s.held_on, r.registered
FROM session_registration r
JOIN council_session s ON s.id = r.session_id;

CREATE VIEW pub_street_aliases AS
SELECT municipality_id, id, old_name, street_uk, renamed_on, decision FROM street_alias;
