-- fieldcrew server schema, version 2: a complaint's status as a column
-- beside its JSON body, written with it, so the open ones are narrowed by
-- the database on both backends (JSON paths are not common SQL). Rows from
-- before take the status their body holds.
ALTER TABLE complaints ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
UPDATE complaints SET status = COALESCE(json_extract(body, '$.status'), 'open');
-- V1's index of the open ones read the body; this one reads the column.
DROP INDEX IF EXISTS complaints_open;
CREATE INDEX complaints_open ON complaints (received_at) WHERE status = 'open';
