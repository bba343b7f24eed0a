-- KPI warnings (issue 6): the monthly statistics per municipality and agent, each municipality's verdict
-- against the cooperation agreement's thresholds, the warnings sent and answered, and the training list.

-- One row per imported month; importing a month again replaces its rows and verdicts (ON DELETE CASCADE).
CREATE TABLE kpi_imports (
  period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  file_name text NOT NULL,
  row_count integer NOT NULL,
  imported_at timestamptz NOT NULL,
  imported_by integer REFERENCES people(id) ON DELETE SET NULL
);

-- agent_key is '' for a municipality's total row and the agent's person id otherwise.
-- Per-agent rows are personal data: the retention job deletes them after RETENTION_MONTHS.
CREATE TABLE kpi_rows (
  period text NOT NULL REFERENCES kpi_imports(period) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  agent_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  agent_key text NOT NULL DEFAULT '',
  calls_handled integer NOT NULL CHECK (calls_handled >= 0),
  calls_resolved integer NOT NULL CHECK (calls_resolved >= 0 AND calls_resolved <= calls_handled),
  satisfaction_answers integer NOT NULL CHECK (satisfaction_answers >= 0),
  satisfaction_mean numeric(5, 3) CHECK (satisfaction_mean BETWEEN 1 AND 9),
  PRIMARY KEY (period, municipality_code, agent_key)
);
CREATE INDEX kpi_rows_by_agent ON kpi_rows (agent_person_id) WHERE agent_person_id IS NOT NULL;

-- A municipality's month: its totals (its total row, or its agents' rows added up) and the verdicts.
CREATE TABLE kpi_verdicts (
  period text NOT NULL REFERENCES kpi_imports(period) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  calls_handled integer NOT NULL DEFAULT 0,
  calls_resolved integer NOT NULL DEFAULT 0,
  satisfaction_answers integer NOT NULL DEFAULT 0,
  satisfaction_milli_sum bigint NOT NULL DEFAULT 0,
  resolution_rate numeric(5, 2),
  satisfaction numeric(4, 2),
  resolution_verdict text NOT NULL DEFAULT 'for_faa_data' CHECK (resolution_verdict IN ('ok', 'under', 'for_faa_data')),
  satisfaction_verdict text NOT NULL DEFAULT 'for_faa_data' CHECK (satisfaction_verdict IN ('ok', 'under', 'for_faa_data')),
  verdict text NOT NULL CHECK (verdict IN ('ok', 'advarsel', 'for_faa_data')),
  follow_up text CHECK (follow_up IN ('forbedret', 'ikke_forbedret', 'ikke_vurderet')),
  PRIMARY KEY (period, municipality_code)
);

-- What was sent to a municipality for a month, and how it answered. Kept when the month is imported again
-- (an acknowledgement or plan is not lost); a warning the new figures no longer support is withdrawn.
CREATE TABLE kpi_warnings (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  kind text NOT NULL CHECK (kind IN ('advarsel', 'opfoelgning')),
  withdrawn boolean NOT NULL DEFAULT false,
  escalated boolean NOT NULL DEFAULT false,
  agenda_item_id integer,
  acknowledged_by integer REFERENCES people(id) ON DELETE SET NULL,
  acknowledged_at timestamptz,
  plan text,
  plan_by integer REFERENCES people(id) ON DELETE SET NULL,
  plan_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (period, municipality_code)
);

-- The training list: an agent below target in a warned month may not take shifts until the training is registered.
CREATE TABLE kpi_training (
  person_id integer NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  period text NOT NULL,
  flagged_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  completed_by integer REFERENCES people(id) ON DELETE SET NULL,
  PRIMARY KEY (person_id, period)
);
CREATE INDEX kpi_training_open ON kpi_training (municipality_code, person_id) WHERE completed_at IS NULL;
