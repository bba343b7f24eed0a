-- KPI_AVERAGING (issue 20 point 7): how each month's resolution figure was averaged, so that the cards show the rate
-- that decided the verdict (the agents' mean cannot be recomputed from the stored totals) and say which method it was.
ALTER TABLE kpi_verdicts ADD COLUMN averaging text NOT NULL DEFAULT 'calls' CHECK (averaging IN ('calls', 'agents'));
