/// Accent-insensitive search on PostgreSQL (migration `v3-accent-folded-search`), as
/// SQLite's `unicode61 remove_diacritics` and the file backend's scan do: `Café` is found
/// by `cafe`.
///
/// `airlock.unaccented(text)` decomposes (NFD) and drops the combining diacritical marks
/// U+0300–U+036F; it is `IMMUTABLE`, so the generated `tsvector` columns can use it. Query
/// words are folded the same way before they reach `to_tsquery` (``PostgresFullText``).
/// Needs a UTF-8 database, which `airlock db init` checks.
enum SearchSchema {
    /// Every statement of the migration, in order: the folding function, then the two
    /// search columns rebuilt over folded text with their indexes.
    static let statements = [
        """
        CREATE FUNCTION airlock.unaccented(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT pg_catalog.regexp_replace(pg_catalog.normalize($1, 'NFD'), '[\\u0300-\\u036f]', '', 'g') $$
        """,
        "ALTER TABLE airlock.memory DROP COLUMN search",
        """
        ALTER TABLE airlock.memory ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', airlock.unaccented(title)), 'A') || setweight(to_tsvector('simple', airlock.unaccented(tags)), 'B')
            || setweight(to_tsvector('simple', airlock.unaccented(body)), 'D')
        ) STORED
        """,
        "CREATE INDEX memory_search ON airlock.memory USING gin (search)",
        "ALTER TABLE airlock.chat_message DROP COLUMN search",
        "ALTER TABLE airlock.chat_message ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', airlock.unaccented(content))) STORED",
        "CREATE INDEX chat_message_search ON airlock.chat_message USING gin (search)",
    ]

    /// `word` folded as `airlock.unaccented` folds the indexed text.
    static func unaccented(_ word: String) -> String {
        String(String.UnicodeScalarView(word.decomposedStringWithCanonicalMapping.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }))
    }
}
