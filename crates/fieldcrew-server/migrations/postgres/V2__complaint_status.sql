-- fieldcrew server schema, version 2: a complaint's status as a column
-- beside its JSON body, written with it, so the open ones are narrowed by
-- the database on both backends (JSON paths are not common SQL). Rows from
-- before take the status their body holds.
ALTER TABLE complaints ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
UPDATE complaints SET status = COALESCE(body::jsonb ->> 'status', 'open');
CREATE INDEX complaints_open ON complaints (received_at, rowid) WHERE status = 'open';
