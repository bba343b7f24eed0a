-- Steering-committee votes in chat: seats fixed at the start, one ballot per seat, an audit of every change,
-- anonymous votes keeping only totals, and the decision register.
CREATE TABLE votes (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question text NOT NULL,
  recommendation text NOT NULL DEFAULT '',
  agenda_item_id integer,
  conversation_id text NOT NULL,
  started_by integer REFERENCES people(id) ON DELETE SET NULL,
  anonymous boolean NOT NULL DEFAULT false,
  show_during boolean NOT NULL DEFAULT true,
  closes_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  result text CHECK (result IN ('vedtaget', 'forkastet', 'ikke beslutningsdygtig')),
  version integer NOT NULL DEFAULT 1,
  started_at timestamptz NOT NULL,
  closed_at timestamptz
);

CREATE TABLE vote_seats (
  vote_id integer NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  member_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  deputy_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  PRIMARY KEY (vote_id, municipality_code)
);

-- choice and cast_by are NULL in anonymous votes: the seat has voted, nobody can tell how.
CREATE TABLE ballots (
  vote_id integer NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL,
  choice text CHECK (choice IN ('for', 'imod', 'undlader')),
  cast_by integer REFERENCES people(id) ON DELETE SET NULL,
  as_deputy boolean,
  cast_at timestamptz NOT NULL,
  PRIMARY KEY (vote_id, municipality_code)
);

CREATE TABLE anonymous_totals (
  vote_id integer NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
  choice text NOT NULL CHECK (choice IN ('for', 'imod', 'undlader')),
  count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (vote_id, choice)
);

CREATE TABLE ballot_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vote_id integer NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL,
  person_id integer REFERENCES people(id) ON DELETE SET NULL,
  as_deputy boolean NOT NULL,
  choice text NOT NULL,
  at timestamptz NOT NULL
);

CREATE TABLE decisions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vote_id integer NOT NULL UNIQUE REFERENCES votes(id),
  question text NOT NULL,
  recommendation text NOT NULL,
  result text NOT NULL,
  votes_for integer NOT NULL,
  votes_against integer NOT NULL,
  votes_abstain integer NOT NULL,
  seats integer NOT NULL,
  decided_at timestamptz NOT NULL
);
