-- Registry: municipalities, people, roles, the steering committee and meetings.
CREATE TABLE municipalities (
  code integer PRIMARY KEY,
  name text NOT NULL UNIQUE,
  region text NOT NULL CHECK (region IN ('Hovedstaden', 'Sjælland', 'Syddanmark', 'Midtjylland', 'Nordjylland'))
);

CREATE TABLE populations (
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}K[1-4]$'),
  population integer NOT NULL CHECK (population >= 0),
  is_demo boolean NOT NULL DEFAULT false,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, quarter)
);

CREATE TABLE memberships (
  municipality_code integer PRIMARY KEY REFERENCES municipalities(code),
  contact_center boolean NOT NULL DEFAULT true,
  chatbot boolean NOT NULL DEFAULT false
);

CREATE TABLE people (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  entra_object_id text UNIQUE,
  tenant_id text,
  mobile text,
  forgotten_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person_roles (
  person_id integer NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  role text NOT NULL CHECK (role IN ('repraesentant', 'primaer_kontakt', 'sekundaer_kontakt', 'kvalitetskoordinator', 'leder', 'agent')),
  PRIMARY KEY (person_id, municipality_code, role)
);
CREATE INDEX person_roles_by_municipality ON person_roles (municipality_code, role);

CREATE TABLE secretariat_members (
  person_id integer PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE
);

CREATE TABLE committee_terms (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  chair_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  active boolean NOT NULL DEFAULT false,
  CHECK (ends_on > starts_on)
);
CREATE UNIQUE INDEX committee_terms_one_active ON committee_terms (active) WHERE active;

CREATE TABLE committee_seats (
  term_id integer NOT NULL REFERENCES committee_terms(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  member_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  deputy_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  PRIMARY KEY (term_id, municipality_code)
);

CREATE TABLE meetings (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('styregruppe', 'repraesentantskab')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  place text NOT NULL,
  host_municipality_code integer REFERENCES municipalities(code),
  status text NOT NULL DEFAULT 'planlagt' CHECK (status IN ('planlagt', 'aflyst')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  UNIQUE (kind, starts_at)
);

-- Conversations the bot is in, with the reference needed to write to them later.
CREATE TABLE conversations (
  id text PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('personal', 'groupChat', 'channel')),
  tenant_id text,
  service_url text NOT NULL,
  reference jsonb NOT NULL,
  person_id integer REFERENCES people(id) ON DELETE SET NULL,
  aad_object_id text,
  dead_at timestamptz,
  dead_reason text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_by_person ON conversations (person_id) WHERE type = 'personal';

-- Chats with a job: the secretariat's channel, the committee's chat, the duty channel, region rooms.
CREATE TABLE named_conversations (
  purpose text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE
);

-- Teams AI turn state (botbuilder Storage), shared by every instance.
CREATE TABLE bot_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  etag integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Local mode only: which demo person the playground user acts as.
CREATE TABLE local_impersonation (
  aad_object_id text PRIMARY KEY,
  person_id integer NOT NULL REFERENCES people(id) ON DELETE CASCADE
);
