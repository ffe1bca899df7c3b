/// The PostgreSQL schema `airlock`, as named, append-only migrations run by the owner role.
///
/// Tenant tables carry `workspace_id` in their primary key, children use composite foreign
/// keys, and every tenant table has row-level security enabled *and forced* with one
/// policy: a row is visible and writable only if its `workspace_id` is the workspace the
/// transaction named (`airlock.workspace`) *and* the transaction's token digest
/// (`airlock.token_digest`) matches that workspace's stored digest. The check is
/// `airlock.current_tenant()`, a `SECURITY DEFINER` function owned by the schema owner —
/// the application role cannot read the digests it compares against.
enum PostgresSchema {
    /// The schema's name.
    static let name = "airlock"

    /// A named migration: statements run in order in one transaction.
    struct Migration {
        let name: String
        let statements: [String]
    }

    /// The tenant tables, each with row-level security forced and the tenant policy.
    static let tenantTables = [
        "workspace_state", "memory", "chat_session", "chat_message", "audit_event",
        "integration", "credential", "alert", "anomaly_state",
    ]

    /// Every migration, oldest first.
    static let migrations: [Migration] = [
        Migration(name: "v1-registry-tenants-rls", statements: registry + tenantFunction + tenants + tenantPolicies),
        Migration(name: "v2-accounts-key-functions", statements: RegistrySchema.statements),
        Migration(name: "v3-accent-folded-search", statements: SearchSchema.statements),
    ]

    /// The registry: workspaces and their token digests and wrapped data keys. Not a tenant
    /// table: the application role may read only the public columns.
    private static let registry = [
        """
        CREATE TABLE airlock.schema_migration (
            name text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE airlock.workspace (
            id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
            name text NOT NULL,
            token_digest bytea NOT NULL CHECK (length(token_digest) = 32),
            wrapped_data_key bytea,
            created_at bigint NOT NULL,
            rotated_at bigint
        )
        """,
    ]

    /// `airlock.current_tenant()`: the workspace the transaction's settings name, if its
    /// digest matches the stored one (compared as SHA-256 of both, so the comparison's
    /// time says nothing about the stored bytes); NULL otherwise — unset, malformed or
    /// wrong settings admit nothing (a malformed digest is never decoded).
    private static let tenantFunction = [
        """
        CREATE FUNCTION airlock.current_tenant() RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $$
            SELECT w.id FROM airlock.workspace w
            WHERE w.id = current_setting('airlock.workspace', true)
              AND sha256(w.token_digest) = sha256(CASE WHEN current_setting('airlock.token_digest', true) ~ '^[0-9a-f]{64}$'
                                                      THEN decode(current_setting('airlock.token_digest', true), 'hex') END)
        $$
        """,
        "REVOKE ALL ON FUNCTION airlock.current_tenant() FROM PUBLIC",
    ]

    /// The tenant tables, mirroring the SQLite workspace schema.
    private static let tenants = [
        """
        CREATE TABLE airlock.workspace_state (
            workspace_id text PRIMARY KEY REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            format text NOT NULL,
            created_at bigint NOT NULL,
            audit_head_seq bigint NOT NULL,
            audit_head_hash bytea NOT NULL CHECK (length(audit_head_hash) = 32),
            audit_head_seal bytea NOT NULL CHECK (length(audit_head_seal) = 32),
            memory_version bigint NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE TABLE airlock.memory (
            workspace_id text NOT NULL REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            id text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('brand_voice', 'persona', 'competitive', 'campaign', 'note')),
            title text NOT NULL,
            body text NOT NULL,
            tags text NOT NULL,
            pinned boolean NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            search tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', tags), 'B')
                || setweight(to_tsvector('simple', body), 'D')
            ) STORED,
            PRIMARY KEY (workspace_id, id)
        )
        """,
        "CREATE INDEX memory_by_recency ON airlock.memory (workspace_id, pinned DESC, updated_at DESC)",
        "CREATE INDEX memory_search ON airlock.memory USING gin (search)",
        """
        CREATE TABLE airlock.chat_session (
            workspace_id text NOT NULL REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            id text NOT NULL,
            title text NOT NULL,
            message_count integer NOT NULL DEFAULT 0,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (workspace_id, id)
        )
        """,
        "CREATE INDEX chat_session_by_recency ON airlock.chat_session (workspace_id, updated_at DESC)",
        """
        CREATE TABLE airlock.chat_message (
            workspace_id text NOT NULL,
            session_id text NOT NULL,
            seq integer NOT NULL,
            role text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
            content text NOT NULL,
            tool_calls text,
            tool_result text,
            token_count integer,
            created_at bigint NOT NULL,
            search tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
            PRIMARY KEY (workspace_id, session_id, seq),
            FOREIGN KEY (workspace_id, session_id) REFERENCES airlock.chat_session (workspace_id, id) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX chat_message_search ON airlock.chat_message USING gin (search)",
        """
        CREATE TABLE airlock.audit_event (
            workspace_id text NOT NULL REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            seq bigint NOT NULL,
            time bigint NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            resource text NOT NULL,
            prev_hash bytea NOT NULL,
            hash bytea NOT NULL,
            PRIMARY KEY (workspace_id, seq)
        )
        """,
        """
        CREATE FUNCTION airlock.refuse_audit_change() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
        AS $$
        BEGIN
            -- Deleting a whole workspace (its registry row) takes its log with it.
            IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM airlock.workspace WHERE id = OLD.workspace_id) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'audit events are append-only';
        END
        $$
        """,
        """
        CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON airlock.audit_event
        FOR EACH ROW EXECUTE FUNCTION airlock.refuse_audit_change()
        """,
        """
        CREATE TABLE airlock.integration (
            workspace_id text NOT NULL REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            id text NOT NULL,
            kind text NOT NULL,
            name text NOT NULL,
            settings jsonb NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            last_used_at bigint,
            PRIMARY KEY (workspace_id, id)
        )
        """,
        """
        CREATE TABLE airlock.credential (
            workspace_id text NOT NULL,
            integration_id text NOT NULL,
            name text NOT NULL,
            sealed bytea NOT NULL CHECK (length(sealed) > 28),
            label text NOT NULL,
            expires_at bigint,
            updated_at bigint NOT NULL,
            PRIMARY KEY (workspace_id, integration_id, name),
            FOREIGN KEY (workspace_id, integration_id) REFERENCES airlock.integration (workspace_id, id) ON DELETE CASCADE
        )
        """,
        """
        CREATE TABLE airlock.alert (
            workspace_id text NOT NULL REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            id text NOT NULL,
            time bigint NOT NULL,
            rule text NOT NULL,
            severity text NOT NULL CHECK (severity IN ('warning', 'critical')),
            summary text NOT NULL,
            details jsonb NOT NULL,
            acknowledged boolean NOT NULL DEFAULT false,
            -- The sequence number of its `alert.raise` event: orders alerts of the same time.
            raised_seq bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (workspace_id, id)
        )
        """,
        "CREATE INDEX alert_by_time ON airlock.alert (workspace_id, time DESC, raised_seq DESC)",
        """
        CREATE TABLE airlock.anomaly_state (
            workspace_id text PRIMARY KEY REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            checkpoint_seq bigint NOT NULL,
            state jsonb NOT NULL
        )
        """,
    ]

    /// Row-level security, forced (it binds the tables' owner too), with one policy each.
    /// `(SELECT airlock.current_tenant())` is evaluated once per statement, not per row.
    private static var tenantPolicies: [String] {
        tenantTables.flatMap { table in
            [
                "ALTER TABLE airlock.\(table) ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE airlock.\(table) FORCE ROW LEVEL SECURITY",
                """
                CREATE POLICY tenant_isolation ON airlock.\(table)
                    USING (workspace_id = (SELECT airlock.current_tenant()))
                    WITH CHECK (workspace_id = (SELECT airlock.current_tenant()))
                """,
            ]
        }
    }
}
