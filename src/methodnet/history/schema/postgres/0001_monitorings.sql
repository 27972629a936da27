-- The history store, version 1 (PostgreSQL): the same tables as the SQLite store, plus a
-- territory on every row (row-level security reads it) and the transaction that created each
-- monitoring (only that transaction may add its rows: a stored monitoring is sealed).
CREATE TABLE monitoring (
    key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    values_ipc BYTEA,  -- the values again as one compressed Arrow IPC block: compare and trend read it
                        -- instead of 250,000 rows; verify checks it against the rows' hashes
    created_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (series, version),
    CHECK (version = 1 OR (supersedes IS NOT NULL AND reason IS NOT NULL AND length(trim(reason)) > 0))
);
CREATE INDEX monitoring_profile ON monitoring (profile_id, territory);

CREATE TABLE monitoring_value (
    row_key BIGINT PRIMARY KEY,  -- monitoring.key * 2^32 + position: one range per monitoring
    indicator TEXT NOT NULL, name TEXT, kind TEXT, period TEXT NOT NULL,
    group_by TEXT, "group" TEXT, group_name TEXT,
    numerator DOUBLE PRECISION, denominator DOUBLE PRECISION, value DOUBLE PRECISION, unit TEXT,
    target DOUBLE PRECISION, comparator TEXT, status TEXT, gap DOUBLE PRECISION,
    source TEXT, note TEXT, definition_sha256 TEXT,
    target_max DOUBLE PRECISION, target_own DOUBLE PRECISION, status_own TEXT, level TEXT,
    row_sha256 TEXT NOT NULL,
    territory TEXT
);

-- An indicator's constants (name, kind, unit, comparator, source, definition hash), once per
-- monitoring instead of on every value row; the value rows leave them empty (methodnet.history.factor).
CREATE TABLE monitoring_indicator (
    row_key BIGINT PRIMARY KEY,
    indicator TEXT NOT NULL, name TEXT, kind TEXT, unit TEXT, comparator TEXT, source TEXT,
    definition_sha256 TEXT,
    territory TEXT
);

CREATE TABLE monitoring_target (
    row_key BIGINT PRIMARY KEY,
    indicator TEXT NOT NULL, "key" TEXT NOT NULL, target DOUBLE PRECISION, comparator TEXT,
    target_max DOUBLE PRECISION, own INTEGER,
    row_sha256 TEXT NOT NULL,
    territory TEXT
);

CREATE TABLE monitoring_finding (
    row_key BIGINT PRIMARY KEY,
    rule TEXT, severity TEXT, subject_kind TEXT, subject TEXT, message TEXT, source TEXT, action TEXT,
    organization TEXT, "group" TEXT, period TEXT, count INTEGER, as_of TEXT,
    row_sha256 TEXT NOT NULL,
    territory TEXT
);

CREATE TABLE monitoring_measure (
    row_key BIGINT PRIMARY KEY,
    measure TEXT NOT NULL, responsible TEXT, deadline TEXT, indicators TEXT NOT NULL, done_on TEXT,
    row_sha256 TEXT NOT NULL,
    territory TEXT
);

CREATE TABLE monitoring_event (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    monitoring_id TEXT NOT NULL REFERENCES monitoring (id),
    kind TEXT NOT NULL CHECK (kind IN ('recorded', 'corrected', 'approved', 'exported', 'imported', 'verified')),
    at TEXT NOT NULL,
    actor TEXT,
    comment TEXT,
    territory TEXT
);
CREATE INDEX monitoring_event_of ON monitoring_event (monitoring_id);
CREATE UNIQUE INDEX monitoring_approved_once ON monitoring_event (monitoring_id) WHERE kind = 'approved';

CREATE VIEW monitoring_values WITH (security_invoker = true) AS
SELECT m.id AS monitoring_id, v.row_key - (m.key << 32) AS position, v.*
FROM monitoring_value v JOIN monitoring m ON v.row_key >> 32 = m.key;
