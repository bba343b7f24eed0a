-- Monthly KPI figures per municipality and agent, the verdicts against the agreement's thresholds,
-- and the training gate for agents below them.
CREATE TABLE kpi_imports (
  period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  file_name text NOT NULL,
  row_count integer NOT NULL,
  imported_at timestamptz NOT NULL
);

CREATE TABLE kpi_rows (
  period text NOT NULL REFERENCES kpi_imports(period) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  agent_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  agent_key text NOT NULL DEFAULT '',
  calls_handled integer NOT NULL CHECK (calls_handled >= 0),
  calls_resolved integer NOT NULL CHECK (calls_resolved >= 0),
  satisfaction_answers integer NOT NULL CHECK (satisfaction_answers >= 0),
  satisfaction_mean numeric(4, 2),
  PRIMARY KEY (period, municipality_code, agent_key)
);

CREATE TABLE kpi_verdicts (
  period text NOT NULL REFERENCES kpi_imports(period) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  resolution_rate numeric(5, 2),
  satisfaction numeric(4, 2),
  verdict text NOT NULL CHECK (verdict IN ('ok', 'advarsel', 'for_faa_data')),
  follow_up text CHECK (follow_up IN ('forbedret', 'ikke_forbedret')),
  PRIMARY KEY (period, municipality_code)
);

CREATE TABLE kpi_training (
  person_id integer NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  period text NOT NULL,
  completed_at timestamptz,
  completed_by integer REFERENCES people(id) ON DELETE SET NULL,
  PRIMARY KEY (person_id, period)
);
