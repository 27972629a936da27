-- The history store, version 1: monitorings with their values, targets, findings and measures,
-- and an append-only event log. Rows of a monitoring's parts are keyed by monitoring.key * 2^32 +
-- their position, so reading one monitoring is a range scan of the table itself (no extra index to
-- maintain while recording 250,000 values); the view monitoring_values shows them with the id. Nothing here is ever updated or deleted: the triggers at the end
-- reject it, so a mistaken tool cannot change a signed number behind methodnet's back either.
CREATE TABLE monitoring (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    series TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    supersedes TEXT UNIQUE,
    reason TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT,
    note TEXT,
    methodnet_version TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    profile_name TEXT NOT NULL,
    profile_sha256 TEXT NOT NULL,
    profile_text TEXT NOT NULL,
    territory TEXT,
    periods TEXT NOT NULL,
    breakdown TEXT,
    data_date TEXT,
    data_label TEXT,
    data_fingerprint TEXT NOT NULL,
    tables TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    content_sha256 TEXT NOT NULL,
    values_ipc BLOB,  -- the values again as one compressed Arrow IPC block: compare and trend read it
                        -- instead of 250,000 rows; verify checks it against the rows' hashes
    UNIQUE (series, version),
    CHECK (version = 1 OR (supersedes IS NOT NULL AND reason IS NOT NULL AND length(trim(reason)) > 0))
);
CREATE INDEX monitoring_profile ON monitoring (profile_id, territory);

CREATE TABLE monitoring_value (
    row_key INTEGER PRIMARY KEY,  -- monitoring.key * 2^32 + position: one range per monitoring
    indicator TEXT NOT NULL, name TEXT, kind TEXT, period TEXT NOT NULL,
    group_by TEXT, "group" TEXT, group_name TEXT,
    numerator REAL, denominator REAL, value REAL, unit TEXT,
    target REAL, comparator TEXT, status TEXT, gap REAL,
    source TEXT, note TEXT, definition_sha256 TEXT,
    target_max REAL, target_own REAL, status_own TEXT, level TEXT,
    row_sha256 TEXT NOT NULL
);

-- An indicator's constants (name, kind, unit, comparator, source, definition hash), once per
-- monitoring instead of on every value row; the value rows leave them empty (methodnet.history.factor).
CREATE TABLE monitoring_indicator (
    row_key INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL, name TEXT, kind TEXT, unit TEXT, comparator TEXT, source TEXT,
    definition_sha256 TEXT
);

CREATE TABLE monitoring_target (
    row_key INTEGER PRIMARY KEY,  -- monitoring.key * 2^32 + position: one range per monitoring
    indicator TEXT NOT NULL, "key" TEXT NOT NULL, target REAL, comparator TEXT,
    target_max REAL, own INTEGER,
    row_sha256 TEXT NOT NULL
);

CREATE TABLE monitoring_finding (
    row_key INTEGER PRIMARY KEY,  -- monitoring.key * 2^32 + position: one range per monitoring
    rule TEXT, severity TEXT, subject_kind TEXT, subject TEXT, message TEXT, source TEXT, action TEXT,
    organization TEXT, "group" TEXT, period TEXT, count INTEGER, as_of TEXT,
    row_sha256 TEXT NOT NULL
);

CREATE TABLE monitoring_measure (
    row_key INTEGER PRIMARY KEY,  -- monitoring.key * 2^32 + position: one range per monitoring
    measure TEXT NOT NULL, responsible TEXT, deadline TEXT, indicators TEXT NOT NULL, done_on TEXT,
    row_sha256 TEXT NOT NULL
);

CREATE TABLE monitoring_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    monitoring_id TEXT NOT NULL REFERENCES monitoring (id),
    kind TEXT NOT NULL CHECK (kind IN ('recorded', 'corrected', 'approved', 'exported', 'imported', 'verified')),
    at TEXT NOT NULL,
    actor TEXT,
    comment TEXT,
    territory TEXT
);
CREATE INDEX monitoring_event_of ON monitoring_event (monitoring_id);
-- A version is approved once: the second approval of the same version is refused by the database.
CREATE UNIQUE INDEX monitoring_approved_once ON monitoring_event (monitoring_id) WHERE kind = 'approved';

CREATE TRIGGER monitoring_no_update BEFORE UPDATE ON monitoring
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_no_delete BEFORE DELETE ON monitoring
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_value_no_update BEFORE UPDATE ON monitoring_value
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_value_no_delete BEFORE DELETE ON monitoring_value
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_indicator_no_update BEFORE UPDATE ON monitoring_indicator
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_indicator_no_delete BEFORE DELETE ON monitoring_indicator
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_target_no_update BEFORE UPDATE ON monitoring_target
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_target_no_delete BEFORE DELETE ON monitoring_target
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_finding_no_update BEFORE UPDATE ON monitoring_finding
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_finding_no_delete BEFORE DELETE ON monitoring_finding
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_measure_no_update BEFORE UPDATE ON monitoring_measure
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_measure_no_delete BEFORE DELETE ON monitoring_measure
BEGIN SELECT RAISE(ABORT, 'methodnet: a stored monitoring is immutable'); END;
CREATE TRIGGER monitoring_event_no_update BEFORE UPDATE ON monitoring_event
BEGIN SELECT RAISE(ABORT, 'methodnet: the event log is append-only'); END;
CREATE TRIGGER monitoring_event_no_delete BEFORE DELETE ON monitoring_event
BEGIN SELECT RAISE(ABORT, 'methodnet: the event log is append-only'); END;

CREATE VIEW monitoring_values AS
SELECT m.id AS monitoring_id, v.row_key - (m.key << 32) AS position, v.*
FROM monitoring_value v JOIN monitoring m ON v.row_key >> 32 = m.key;
