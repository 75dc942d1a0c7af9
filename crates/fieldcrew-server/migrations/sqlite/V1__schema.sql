-- fieldcrew server schema, version 1: the tables as the server created them
-- (CREATE … IF NOT EXISTS) before migrations were versioned, so a file from
-- then is taken over as it is. Never edit an applied migration: add V2.

-- orders, events, media, tokens
CREATE TABLE IF NOT EXISTS crews (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, pin_hash TEXT NOT NULL, members TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dispatchers (
    username TEXT PRIMARY KEY, display_name TEXT NOT NULL, password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, principal TEXT NOT NULL, device_id TEXT,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS tokens_by_device ON tokens (device_id);
CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY, body TEXT NOT NULL, crew_code TEXT, state TEXT NOT NULL,
    cancelled_at TEXT, reported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, crew_code TEXT NOT NULL, order_id TEXT NOT NULL,
    removed TEXT
);
CREATE INDEX IF NOT EXISTS changes_by_crew ON order_changes (crew_code, seq);
CREATE TABLE IF NOT EXISTS received_items (
    device_id TEXT NOT NULL, device_seq INTEGER NOT NULL, outcome TEXT NOT NULL,
    received_at TEXT NOT NULL, PRIMARY KEY (device_id, device_seq)
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, order_id TEXT NOT NULL, device_id TEXT NOT NULL, device_seq INTEGER NOT NULL,
    body TEXT NOT NULL, corrected_time TEXT NOT NULL, time_corrected INTEGER NOT NULL,
    flags TEXT NOT NULL, received_at TEXT NOT NULL, UNIQUE (device_id, device_seq)
);
CREATE INDEX IF NOT EXISTS events_by_order ON events (order_id);
CREATE TABLE IF NOT EXISTS media (
    id TEXT PRIMARY KEY, order_id TEXT, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mime TEXT NOT NULL,
    kind TEXT NOT NULL, offset INTEGER NOT NULL DEFAULT 0, present INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS media_by_order ON media (order_id);

-- upload_owners
CREATE TABLE IF NOT EXISTS upload_owners (media_id TEXT PRIMARY KEY, device_id TEXT NOT NULL);

-- uncounted_events
CREATE TABLE IF NOT EXISTS uncounted_events (event_id TEXT PRIMARY KEY);

-- slot_conflicts
CREATE TABLE IF NOT EXISTS slot_identities (
    device_id TEXT NOT NULL, device_seq INTEGER NOT NULL, identity TEXT NOT NULL,
    PRIMARY KEY (device_id, device_seq)
);
CREATE TABLE IF NOT EXISTS slot_conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, device_seq INTEGER NOT NULL,
    held_identity TEXT NOT NULL, sent_identity TEXT NOT NULL, raw_item TEXT NOT NULL,
    crew_code TEXT NOT NULL, token_hash TEXT NOT NULL, received_at TEXT NOT NULL,
    UNIQUE (device_id, device_seq, sent_identity)
);

-- device_pairings
CREATE TABLE IF NOT EXISTS device_pairings (
    token_hash TEXT PRIMARY KEY, device_id TEXT NOT NULL, crew_code TEXT NOT NULL,
    parent_token_hash TEXT, via TEXT NOT NULL, paired_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS device_pairings_by_device ON device_pairings (device_id, paired_at);

-- callbacks
CREATE TABLE IF NOT EXISTS callbacks (
    id TEXT PRIMARY KEY, order_id TEXT NOT NULL, outcome TEXT NOT NULL, note TEXT NOT NULL,
    recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS callbacks_by_order ON callbacks (order_id, recorded_at);

-- receipts
CREATE TABLE IF NOT EXISTS order_receipts (
    order_id TEXT NOT NULL, device_id TEXT NOT NULL, stage TEXT NOT NULL,
    at TEXT NOT NULL, received_at TEXT NOT NULL,
    PRIMARY KEY (order_id, device_id, stage)
);

-- report_orders
CREATE INDEX IF NOT EXISTS orders_by_reported_at ON orders (reported_at);

-- order_record
CREATE TABLE IF NOT EXISTS order_intake (
    order_id TEXT PRIMARY KEY, taken_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assignments (
    order_id TEXT NOT NULL, crew_code TEXT NOT NULL, assigned_at TEXT NOT NULL, assigned_by TEXT
);
CREATE INDEX IF NOT EXISTS assignments_by_order ON assignments (order_id, assigned_at);
CREATE TABLE IF NOT EXISTS follow_ups (
    id TEXT PRIMARY KEY, order_id TEXT NOT NULL, caller_name TEXT NOT NULL, caller_phone TEXT NOT NULL,
    content TEXT NOT NULL, received_at TEXT NOT NULL, taken_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS follow_ups_by_order ON follow_ups (order_id, received_at);

-- complaints
CREATE TABLE IF NOT EXISTS complaints (
    id TEXT PRIMARY KEY, received_at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS complaints_by_time ON complaints (received_at);
CREATE INDEX IF NOT EXISTS complaints_open ON complaints (received_at)
    WHERE json_extract(body, '$.status') = 'open';

-- planned_outages
CREATE TABLE IF NOT EXISTS planned_outages (
    id TEXT PRIMARY KEY, starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS planned_outages_by_end ON planned_outages (ends_at);
CREATE TABLE IF NOT EXISTS outage_answers (
    id TEXT PRIMARY KEY, outage_id TEXT NOT NULL, answered_at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outage_answers_by_outage ON outage_answers (outage_id, answered_at);

-- crew_areas
CREATE TABLE IF NOT EXISTS crew_areas (
    crew_code TEXT PRIMARY KEY, places TEXT NOT NULL
);

-- safety_notices
CREATE TABLE IF NOT EXISTS safety_notices (
    order_id TEXT NOT NULL, notified_at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS safety_notices_by_order ON safety_notices (order_id, notified_at);

-- daily_checks
CREATE TABLE IF NOT EXISTS daily_checks (
    id TEXT PRIMARY KEY, crew_code TEXT NOT NULL, day TEXT NOT NULL,
    checked_ms INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS daily_checks_by_crew_day ON daily_checks (crew_code, day, checked_ms);
CREATE INDEX IF NOT EXISTS daily_checks_by_day ON daily_checks (day);

-- handovers
CREATE TABLE IF NOT EXISTS handovers (
    id TEXT PRIMARY KEY, crew_code TEXT NOT NULL, written_at TEXT NOT NULL, received_at TEXT NOT NULL,
    device_id TEXT NOT NULL, body TEXT NOT NULL,
    carried TEXT NOT NULL,   -- JSON ids of the problems open from earlier handovers on arrival
    ack_by TEXT, ack_at TEXT, ack_device TEXT, ack_received_at TEXT, ack_body TEXT
);
CREATE INDEX IF NOT EXISTS handovers_by_crew ON handovers (crew_code, written_at);
CREATE INDEX IF NOT EXISTS handovers_by_time ON handovers (written_at);
CREATE TABLE IF NOT EXISTS handover_problems (
    id TEXT PRIMARY KEY, handover_id TEXT NOT NULL, crew_code TEXT NOT NULL,
    raised_by TEXT NOT NULL, raised_at TEXT NOT NULL, body TEXT NOT NULL,
    closed_by TEXT, closed_at TEXT, close_note TEXT, closed_in TEXT
);
CREATE INDEX IF NOT EXISTS handover_problems_open ON handover_problems (crew_code) WHERE closed_at IS NULL;
