-- Agenda items for steering-committee meetings, the drafts that keep what people typed, and published agendas.
CREATE TABLE agenda_items (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id integer NOT NULL REFERENCES meetings(id),
  submitter_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  title text NOT NULL,
  markers text[] NOT NULL,
  presenter text NOT NULL,
  introduction text NOT NULL DEFAULT '',
  recommendation text NOT NULL DEFAULT '',
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  sub_items jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'indsendt' CHECK (status IN ('indsendt', 'godkendt', 'afvist', 'trukket')),
  late boolean NOT NULL DEFAULT false,
  reason text,
  position integer,
  version integer NOT NULL DEFAULT 1,
  submitted_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id, status);

CREATE TABLE agenda_drafts (
  person_id integer PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agenda_publications (
  meeting_id integer NOT NULL REFERENCES meetings(id),
  version integer NOT NULL,
  published_at timestamptz NOT NULL,
  published_by integer REFERENCES people(id) ON DELETE SET NULL,
  items jsonb NOT NULL,
  markdown text NOT NULL,
  PRIMARY KEY (meeting_id, version)
);
