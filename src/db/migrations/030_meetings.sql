-- A meeting's life beyond the registry's calendar row (issue 20): its calendar identity kept across moves (the .ics
-- UID and SEQUENCE), the online link and the Graph event, who was invited, attendance (afbud, deputies called in),
-- the minutes and the follow-up points. A moved meeting is a new meetings row (as the registry file models it) whose
-- meeting_calendar row carries the same uid with a higher sequence; the old row points to it.
CREATE TABLE meeting_calendar (
  meeting_id integer PRIMARY KEY REFERENCES meetings(id),
  uid text NOT NULL,
  sequence integer NOT NULL DEFAULT 0,
  online_url text,
  moved_to_meeting_id integer REFERENCES meetings(id),
  graph_event_id text,
  graph_join_url text,
  quorum_warned boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_calendar_by_uid ON meeting_calendar (uid);

CREATE TABLE meeting_invitees (
  meeting_id integer NOT NULL REFERENCES meetings(id),
  person_id integer NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  capacity text NOT NULL CHECK (capacity IN ('medlem', 'suppleant', 'sekretariat', 'repraesentant')),
  municipality_code integer REFERENCES municipalities(code),
  invited_at timestamptz NOT NULL,
  PRIMARY KEY (meeting_id, person_id)
);

-- One row per seat that changed from "expected": the member's afbud or online attendance, and the deputy called in.
CREATE TABLE meeting_attendance (
  meeting_id integer NOT NULL REFERENCES meetings(id),
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  member_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  member_status text NOT NULL CHECK (member_status IN ('deltager', 'online', 'afbud')),
  deputy_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  deputy_status text CHECK (deputy_status IN ('indkaldt', 'afbud')),
  changed_by integer REFERENCES people(id) ON DELETE SET NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (meeting_id, municipality_code)
);

CREATE TABLE meeting_minutes (
  meeting_id integer PRIMARY KEY REFERENCES meetings(id),
  status text NOT NULL DEFAULT 'kladde' CHECK (status IN ('kladde', 'sendt', 'godkendt')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  sent_by integer REFERENCES people(id) ON DELETE SET NULL,
  approved_at timestamptz,
  approved_by integer REFERENCES people(id) ON DELETE SET NULL
);

CREATE TABLE minutes_items (
  meeting_id integer NOT NULL REFERENCES meeting_minutes(meeting_id) ON DELETE CASCADE,
  number text NOT NULL,
  position integer NOT NULL,
  agenda_item_id integer,
  title text NOT NULL,
  markers text[] NOT NULL DEFAULT '{}',
  decision text NOT NULL DEFAULT '',
  decision_source text NOT NULL DEFAULT 'referent' CHECK (decision_source IN ('referent', 'afstemning')),
  PRIMARY KEY (meeting_id, number)
);

CREATE TABLE follow_ups (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id integer NOT NULL REFERENCES meetings(id),
  item_number text,
  text text NOT NULL,
  owner_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'aaben' CHECK (status IN ('aaben', 'lukket')),
  version integer NOT NULL DEFAULT 1,
  created_by integer REFERENCES people(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  closed_by integer REFERENCES people(id) ON DELETE SET NULL,
  closed_at timestamptz
);
CREATE INDEX follow_ups_open ON follow_ups (due_on) WHERE status = 'aaben';
