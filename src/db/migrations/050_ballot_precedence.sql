-- Ballot precedence (issue 21): the member's own ballot always stands, a deputy's counts only while the member has
-- not voted. In an anonymous vote a deputy's choice is held apart (secret_choice) until the member votes (it is then
-- dropped) or the vote closes (it is then added to the totals and dropped), so the member is never locked out and no
-- choice is kept per seat once the vote is closed.
ALTER TABLE ballots ADD COLUMN secret_choice text CHECK (secret_choice IN ('for', 'imod', 'undlader'));

-- The audit keeps every attempt: counted, unchanged (the same ballot again) or refused, with the reason; no choice in
-- anonymous votes.
ALTER TABLE ballot_audit ALTER COLUMN choice DROP NOT NULL;
ALTER TABLE ballot_audit ADD COLUMN outcome text NOT NULL DEFAULT 'counted' CHECK (outcome IN ('counted', 'unchanged', 'refused'));
ALTER TABLE ballot_audit ADD COLUMN reason text;

-- The chair when the vote started, for a tie rule that gives the chair's own ballot the casting vote.
ALTER TABLE votes ADD COLUMN chair_person_id integer REFERENCES people(id) ON DELETE SET NULL;

-- One open election at a time, also when two of the secretariat press "Start valget" at the same moment.
CREATE UNIQUE INDEX elections_one_open ON elections (status) WHERE status = 'open';

-- One open vote per agenda item, also when the chair and the secretariat press "Start afstemning" at the same moment.
CREATE UNIQUE INDEX votes_one_open_per_item ON votes (agenda_item_id) WHERE status = 'open' AND agenda_item_id IS NOT NULL;
