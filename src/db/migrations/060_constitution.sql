-- The constitution after an election (issue 20 point 6): the term an election created, its Konstituering item, the
-- regions' ranked lists of deputies (1., 2. suppleant …) kept for seats that fall vacant, and the chair votes.
CREATE TABLE committee_constitutions (
  term_id integer PRIMARY KEY REFERENCES committee_terms(id) ON DELETE CASCADE,
  election_id integer NOT NULL UNIQUE REFERENCES elections(id) ON DELETE CASCADE,
  agenda_item_id integer REFERENCES agenda_items(id) ON DELETE SET NULL
);

CREATE TABLE committee_reserves (
  term_id integer NOT NULL REFERENCES committee_terms(id) ON DELETE CASCADE,
  region text NOT NULL,
  rank integer NOT NULL CHECK (rank > 0),
  person_id integer NOT NULL REFERENCES people(id),
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  PRIMARY KEY (term_id, region, rank)
);

-- "Valg af formand": a For/Imod/Undlader vote in the committee's chat on one seat member; adopted, the term's chair.
CREATE TABLE chair_votes (
  vote_id integer PRIMARY KEY REFERENCES votes(id) ON DELETE CASCADE,
  term_id integer NOT NULL REFERENCES committee_terms(id) ON DELETE CASCADE,
  person_id integer NOT NULL REFERENCES people(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'vedtaget', 'forkastet', 'ikke beslutningsdygtig')),
  started_by integer REFERENCES people(id) ON DELETE SET NULL,
  started_at timestamptz NOT NULL
);
-- One chair vote at a time per term, also when two secretaries press at the same moment.
CREATE UNIQUE INDEX chair_votes_one_open ON chair_votes (term_id) WHERE status = 'open';
