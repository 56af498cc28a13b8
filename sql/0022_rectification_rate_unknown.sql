-- 整改率 with no hazard found is not 100 %: there is nothing to rate, and the snapshot
-- keeps that as NULL (the dashboard shows "—").
ALTER TABLE indicator_snapshots ALTER COLUMN rectification_rate DROP NOT NULL;
