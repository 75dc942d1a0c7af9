-- fieldcrew server schema, version 4: nothing to do on SQLite. On
-- PostgreSQL this version adds a hash index on events(id), so that the
-- push's look-up of stored events does not predicate-lock the B-tree page
-- every new (time-ordered) event id is inserted into. The SQLite file has
-- one writer at a time and no predicate locks; the version is kept here so
-- both backends report the same schema versions.
SELECT 1;
