-- Version 2 (PostgreSQL): immutability and territories enforced by the database itself.
--
-- * Triggers reject UPDATE, DELETE and TRUNCATE on every table, whoever asks (the owner too).
-- * Rows of a monitoring may be added only by the transaction that created it, and carry its
--   territory: nobody can slip a value into a stored monitoring later.
-- * Roles: methodnet_municipality (SELECT and INSERT only, and only rows of the territory
--   given to the login role in methodnet_territory) and methodnet_region (SELECT and INSERT
--   everywhere: a region imports its municipalities' bundles). Row-level security is FORCED,
--   so it applies to the tables' owner as well; only a superuser bypasses it.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'methodnet_municipality') THEN
        CREATE ROLE methodnet_municipality NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'methodnet_region') THEN
        CREATE ROLE methodnet_region NOLOGIN;
    END IF;
END $$;

CREATE TABLE methodnet_territory (
    role_name TEXT PRIMARY KEY,
    territory TEXT NOT NULL
);

CREATE FUNCTION methodnet_may(t TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'methodnet_region', 'MEMBER')
        OR (t IS NOT NULL AND t IN (SELECT territory FROM methodnet_territory WHERE role_name = current_user))
$$;

CREATE FUNCTION methodnet_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'methodnet: a stored monitoring is immutable (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE FUNCTION methodnet_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n LEFT JOIN monitoring m ON m.key = n.row_key >> 32
               WHERE m.key IS NULL OR m.created_xid <> pg_current_xact_id()
                  OR m.territory IS DISTINCT FROM n.territory) THEN
        RAISE EXCEPTION 'methodnet: a stored monitoring is sealed (rows added to % outside its transaction)',
            TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION methodnet_event_territory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n LEFT JOIN monitoring m ON m.id = n.monitoring_id
               WHERE m.id IS NULL OR m.territory IS DISTINCT FROM n.territory) THEN
        RAISE EXCEPTION 'methodnet: an event names a monitoring of another territory'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['monitoring', 'monitoring_value', 'monitoring_indicator', 'monitoring_target',
                             'monitoring_finding', 'monitoring_measure', 'monitoring_event'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION methodnet_immutable()', t || '_immutable', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION methodnet_immutable()', t || '_no_truncate', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (methodnet_may(territory))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (methodnet_may(territory))', t || '_write', t);
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', t);
        EXECUTE format('GRANT SELECT, INSERT ON %I TO methodnet_municipality, methodnet_region', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['monitoring_value', 'monitoring_indicator', 'monitoring_target',
                             'monitoring_finding', 'monitoring_measure'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION methodnet_sealed()', t || '_sealed', t);
    END LOOP;
END $$;
CREATE TRIGGER monitoring_event_territory AFTER INSERT ON monitoring_event REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION methodnet_event_territory();

GRANT SELECT ON schema_version, methodnet_territory, monitoring_values TO methodnet_municipality, methodnet_region;
REVOKE ALL ON FUNCTION methodnet_may(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION methodnet_may(TEXT) TO methodnet_municipality, methodnet_region;
