import AirlockCore
import AirlockStore

/// The PostgreSQL registry beyond `airlock.workspace` (migration `v2-accounts-key-functions`):
/// the account tables, and the functions through which the application role reaches a
/// workspace's keys without ever reading a digest.
enum RegistrySchema {
    /// The key functions, with their argument types as `GRANT` and `REVOKE` name them.
    static let keyFunctions = [
        "airlock.tenant_data_key()",
        "airlock.replace_tenant_keys(bytea, bytea, bytea, bigint)",
        "airlock.destroy_tenant_data_key()",
        "airlock.delete_tenant_workspace()",
    ]

    /// The registry tables of users, memberships and sign-in attempts: not tenant tables
    /// (sign-in reads them before any token is known), so without row-level security.
    static let accountTables = ["user_account", "membership", "sign_in_attempt"]

    /// Every statement of the migration, in order.
    static let statements = [dataKeyCheck] + accounts + functions + keyFunctions.map { "REVOKE ALL ON FUNCTION \($0) FROM PUBLIC" }

    /// The wrapped data key: NULL (made before data keys), empty (destroyed) or a wrapped key.
    private static let dataKeyCheck = """
        ALTER TABLE airlock.workspace ADD CONSTRAINT workspace_wrapped_data_key_length
            CHECK (wrapped_data_key IS NULL OR length(wrapped_data_key) IN (0, \(DataKeyWrap.wrappedByteCount)))
        """

    /// The tables of AirlockStore's `AccountSchema`, with the same constraints. The
    /// membership's workspace column is `workspace`: a `workspace_id` column marks a tenant
    /// table, and the catalog check requires row-level security on every such table.
    private static let accounts = [
        """
        CREATE TABLE airlock.user_account (
            email text PRIMARY KEY,
            public_key bytea NOT NULL CHECK (length(public_key) = 32),
            scrypt_log_n integer,
            scrypt_r integer,
            scrypt_p integer,
            password_salt bytea CHECK (password_salt IS NULL OR length(password_salt) = \(ScryptParameters.saltByteCount)),
            password_verifier bytea CHECK (password_verifier IS NULL OR length(password_verifier) = 32),
            password_wrapped_key bytea CHECK (password_wrapped_key IS NULL OR length(password_wrapped_key) = \(AccountKeyWrap.wrappedByteCount)),
            oidc_wrapped_key bytea CHECK (oidc_wrapped_key IS NULL OR length(oidc_wrapped_key) = \(AccountKeyWrap.wrappedByteCount)),
            created_at bigint NOT NULL,
            CHECK ((scrypt_log_n IS NULL) = (password_salt IS NULL) AND (scrypt_r IS NULL) = (password_salt IS NULL)
                   AND (scrypt_p IS NULL) = (password_salt IS NULL) AND (password_verifier IS NULL) = (password_salt IS NULL)
                   AND (password_wrapped_key IS NULL) = (password_salt IS NULL)),
            CHECK (password_wrapped_key IS NOT NULL OR oidc_wrapped_key IS NOT NULL)
        )
        """,
        """
        CREATE TABLE airlock.membership (
            email text NOT NULL REFERENCES airlock.user_account (email) ON DELETE CASCADE,
            workspace text NOT NULL REFERENCES airlock.workspace (id) ON DELETE CASCADE,
            sealed_token bytea NOT NULL CHECK (length(sealed_token) = \(MembershipSeal.sealedByteCount)),
            granted_at bigint NOT NULL,
            PRIMARY KEY (email, workspace)
        )
        """,
        "CREATE INDEX membership_by_workspace ON airlock.membership (workspace)",
        """
        CREATE TABLE airlock.sign_in_attempt (
            subject bytea PRIMARY KEY CHECK (length(subject) = 32),
            failures integer NOT NULL,
            window_start bigint NOT NULL,
            lockouts integer NOT NULL,
            locked_until bigint,
            updated_at bigint NOT NULL
        )
        """,
    ]

    /// The key functions: `SECURITY DEFINER`, owned by the owner, search path pinned. Each
    /// acts only on `airlock.current_tenant()` — the workspace the transaction names, and
    /// only if it also presents that workspace's current digest — and none returns a digest.
    private static let functions = [
        // No row: no such tenant. One row: its key (NULL if it has none yet).
        """
        CREATE FUNCTION airlock.tenant_data_key() RETURNS TABLE (wrapped_data_key bytea)
        LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $$
            SELECT w.wrapped_data_key FROM airlock.workspace w WHERE w.id = (SELECT airlock.current_tenant())
        $$
        """,
        // Compare and swap: the digest and key change together, only if the key is still the expected one.
        """
        CREATE FUNCTION airlock.replace_tenant_keys(expected_key bytea, new_digest bytea, new_data_key bytea, rotation_time bigint)
        RETURNS boolean
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $$
            WITH replaced AS (
                UPDATE airlock.workspace w
                SET token_digest = new_digest, wrapped_data_key = new_data_key, rotated_at = coalesce(rotation_time, w.rotated_at)
                WHERE w.id = (SELECT airlock.current_tenant()) AND w.wrapped_data_key IS NOT DISTINCT FROM expected_key
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM replaced)
        $$
        """,
        // Crypto-shredding: an empty key is a destroyed one.
        """
        CREATE FUNCTION airlock.destroy_tenant_data_key() RETURNS boolean
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $$
            WITH destroyed AS (
                UPDATE airlock.workspace w SET wrapped_data_key = ''::bytea
                WHERE w.id = (SELECT airlock.current_tenant())
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM destroyed)
        $$
        """,
        // The tenant rows and memberships go with it (ON DELETE CASCADE).
        """
        CREATE FUNCTION airlock.delete_tenant_workspace() RETURNS boolean
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $$
            WITH deleted AS (
                DELETE FROM airlock.workspace w WHERE w.id = (SELECT airlock.current_tenant())
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM deleted)
        $$
        """,
    ]
}
