-- No-show alerts that reach a person (issue 24): channels per escalation step, the leader on duty from the roster,
-- alerts by channel, and the late agent's nudge.

-- Per municipality: which channel each step uses ('teams', 'sms', 'teams_then_sms'); NULL keeps the DDH-wide setting.
ALTER TABLE noshow_policies ADD COLUMN primary_channel text CHECK (primary_channel IN ('teams', 'sms', 'teams_then_sms'));
ALTER TABLE noshow_policies ADD COLUMN secondary_channel text CHECK (secondary_channel IN ('teams', 'sms', 'teams_then_sms'));
ALTER TABLE noshow_policies ADD COLUMN secretariat_channel text CHECK (secretariat_channel IN ('teams', 'sms', 'teams_then_sms'));
ALTER TABLE noshow_policies ADD COLUMN sms_after_minutes integer CHECK (sms_after_minutes >= 0);

-- "Lederposten" in Plangy: the manager on duty for the shift, by e-mail, matched to a registry person at import.
ALTER TABLE shifts ADD COLUMN leader_email text;
ALTER TABLE shifts ADD COLUMN leader_person_id integer REFERENCES people(id) ON DELETE SET NULL;

-- An alert is a Teams card or an SMS; the SMS itself is in sms_messages under the same key.
ALTER TABLE noshow_alerts ADD COLUMN channel text NOT NULL DEFAULT 'teams' CHECK (channel IN ('teams', 'sms'));
ALTER TABLE noshow_alerts ADD COLUMN created_at timestamptz;
-- Who the recipient is to the incident ("primær kontaktperson", "leder på vagt"), for the history's sentences.
ALTER TABLE noshow_alerts ADD COLUMN role_label text;
CREATE INDEX noshow_alerts_by_person ON noshow_alerts (person_id, incident_id);
