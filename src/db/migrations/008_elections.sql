-- Steering-committee elections: the key used, each region's round in its own chat, candidates and votes.
CREATE TABLE elections (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  term_name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  method text NOT NULL CHECK (method IN ('largest-remainder', 'dhondt')),
  quarter text NOT NULL,
  key jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed')),
  created_at timestamptz NOT NULL
);

CREATE TABLE election_regions (
  election_id integer NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
  region text NOT NULL,
  seats integer NOT NULL,
  conversation_id text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  PRIMARY KEY (election_id, region)
);

CREATE TABLE election_candidates (
  election_id integer NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
  region text NOT NULL,
  person_id integer NOT NULL REFERENCES people(id),
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  PRIMARY KEY (election_id, person_id)
);

-- One vote per municipality per region round; changing it replaces it.
CREATE TABLE election_votes (
  election_id integer NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  candidate_person_id integer NOT NULL REFERENCES people(id),
  cast_by integer REFERENCES people(id) ON DELETE SET NULL,
  cast_at timestamptz NOT NULL,
  PRIMARY KEY (election_id, municipality_code)
);

-- Ties at a region's cut are settled by drawing lots; the secretariat records each winner, in order.
ALTER TABLE election_regions ADD COLUMN lot_winners integer[] NOT NULL DEFAULT '{}';
