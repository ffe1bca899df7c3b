import GRDB

/// The schema of a workspace database (`clients/<id>/workspace.sqlite`).
///
/// Every table carries `workspace_id` in its primary key and children reference their
/// parents by `(workspace_id, id)`: the file is one workspace's, and every row says so
/// too. Migrations are named and append-only.
enum WorkspaceSchema {
    /// The value of `workspace_identity.format` that marks an Airlock workspace file.
    static let format = "airlock.workspace.v1"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-identity-memory-sessions-audit") { db in
            try db.execute(sql: """
                CREATE TABLE workspace_identity (
                    workspace_id TEXT PRIMARY KEY NOT NULL,
                    format TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    audit_head_seq INTEGER NOT NULL,
                    audit_head_hash BLOB NOT NULL CHECK (length(audit_head_hash) = 32),
                    audit_head_seal BLOB NOT NULL CHECK (length(audit_head_seal) = 32)
                ) STRICT;

                CREATE TABLE memory (
                    workspace_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('brand_voice', 'persona', 'competitive', 'campaign', 'note')),
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    pinned INTEGER NOT NULL CHECK (pinned IN (0, 1)),
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, id)
                ) STRICT;
                CREATE INDEX memory_by_recency ON memory (workspace_id, pinned DESC, updated_at DESC);

                CREATE VIRTUAL TABLE memory_words USING fts5(
                    title, body, tags,
                    content = 'memory', content_rowid = 'rowid',
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE VIRTUAL TABLE memory_trigrams USING fts5(
                    title, body, tags,
                    content = 'memory', content_rowid = 'rowid',
                    tokenize = 'trigram'
                );
                CREATE TRIGGER memory_index_insert AFTER INSERT ON memory BEGIN
                    INSERT INTO memory_words (rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                    INSERT INTO memory_trigrams (rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;
                CREATE TRIGGER memory_index_delete AFTER DELETE ON memory BEGIN
                    INSERT INTO memory_words (memory_words, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                    INSERT INTO memory_trigrams (memory_trigrams, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                END;
                CREATE TRIGGER memory_index_update AFTER UPDATE ON memory BEGIN
                    INSERT INTO memory_words (memory_words, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                    INSERT INTO memory_trigrams (memory_trigrams, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                    INSERT INTO memory_words (rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                    INSERT INTO memory_trigrams (rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;

                CREATE TABLE chat_session (
                    workspace_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    title TEXT NOT NULL,
                    message_count INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, id)
                ) STRICT;
                CREATE INDEX chat_session_by_recency ON chat_session (workspace_id, updated_at DESC);

                CREATE TABLE chat_message (
                    workspace_id TEXT NOT NULL,
                    session_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
                    content TEXT NOT NULL,
                    tool_calls TEXT,
                    tool_result TEXT,
                    token_count INTEGER,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, session_id, seq),
                    FOREIGN KEY (workspace_id, session_id) REFERENCES chat_session (workspace_id, id) ON DELETE CASCADE
                ) STRICT;

                CREATE TABLE audit_event (
                    workspace_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    time INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL,
                    PRIMARY KEY (workspace_id, seq)
                ) STRICT;
                CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN
                    SELECT RAISE(ABORT, 'audit events are append-only');
                END;
                CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN
                    SELECT RAISE(ABORT, 'audit events are append-only');
                END;
                """)
        }
        migrator.registerMigration("v2-memory-version-message-search") { db in
            try db.execute(sql: """
                ALTER TABLE workspace_identity ADD COLUMN memory_version INTEGER NOT NULL DEFAULT 0;
                CREATE TRIGGER memory_version_insert AFTER INSERT ON memory BEGIN
                    UPDATE workspace_identity SET memory_version = memory_version + 1 WHERE workspace_id = new.workspace_id;
                END;
                CREATE TRIGGER memory_version_update AFTER UPDATE ON memory BEGIN
                    UPDATE workspace_identity SET memory_version = memory_version + 1 WHERE workspace_id = new.workspace_id;
                END;
                CREATE TRIGGER memory_version_delete AFTER DELETE ON memory BEGIN
                    UPDATE workspace_identity SET memory_version = memory_version + 1 WHERE workspace_id = old.workspace_id;
                END;

                CREATE VIRTUAL TABLE message_words USING fts5(
                    content, content = 'chat_message', content_rowid = 'rowid',
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE VIRTUAL TABLE message_trigrams USING fts5(
                    content, content = 'chat_message', content_rowid = 'rowid',
                    tokenize = 'trigram'
                );
                CREATE TRIGGER message_index_insert AFTER INSERT ON chat_message BEGIN
                    INSERT INTO message_words (rowid, content) VALUES (new.rowid, new.content);
                    INSERT INTO message_trigrams (rowid, content) VALUES (new.rowid, new.content);
                END;
                CREATE TRIGGER message_index_delete AFTER DELETE ON chat_message BEGIN
                    INSERT INTO message_words (message_words, rowid, content) VALUES ('delete', old.rowid, old.content);
                    INSERT INTO message_trigrams (message_trigrams, rowid, content) VALUES ('delete', old.rowid, old.content);
                END;
                INSERT INTO message_words (message_words) VALUES ('rebuild');
                INSERT INTO message_trigrams (message_trigrams) VALUES ('rebuild');
                """)
        }
        migrator.registerMigration("v3-integrations-credentials") { db in
            try db.execute(sql: """
                CREATE TABLE integration (
                    workspace_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    settings TEXT NOT NULL CHECK (json_valid(settings)),
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    last_used_at INTEGER,
                    PRIMARY KEY (workspace_id, id)
                ) STRICT;

                CREATE TABLE credential (
                    workspace_id TEXT NOT NULL,
                    integration_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    sealed BLOB NOT NULL CHECK (length(sealed) > 28),
                    label TEXT NOT NULL,
                    expires_at INTEGER,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, integration_id, name),
                    FOREIGN KEY (workspace_id, integration_id) REFERENCES integration (workspace_id, id) ON DELETE CASCADE
                ) STRICT;
                """)
        }
        migrator.registerMigration("v4-alerts-anomaly-state") { db in
            // The detector starts at the current end of the log: earlier events neither
            // raise alerts about the past nor hold up the first access after the upgrade.
            try db.execute(sql: """
                CREATE TABLE alert (
                    workspace_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL CHECK (severity IN ('warning', 'critical')),
                    summary TEXT NOT NULL,
                    details TEXT NOT NULL CHECK (json_valid(details)),
                    acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
                    PRIMARY KEY (workspace_id, id)
                ) STRICT;
                CREATE INDEX alert_by_time ON alert (workspace_id, time DESC);

                CREATE TABLE anomaly_state (
                    workspace_id TEXT PRIMARY KEY NOT NULL,
                    checkpoint_seq INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (json_valid(state))
                ) STRICT;
                INSERT INTO anomaly_state (workspace_id, checkpoint_seq, state)
                    SELECT workspace_id, audit_head_seq, '{"signals":{}}' FROM workspace_identity;
                """)
        }
        return migrator
    }
}
