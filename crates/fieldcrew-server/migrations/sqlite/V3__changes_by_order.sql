-- fieldcrew server schema, version 3: the change feed by order. A push
-- asks which crews a batch's orders were ever sent to (push_lookups), a
-- receipt or a crew's write whether its crew held the order; with only
-- (crew_code, seq) indexed each of these read the whole feed, which grows
-- with every assignment for as long as the server runs.
CREATE INDEX changes_by_order ON order_changes (order_id, crew_code);
