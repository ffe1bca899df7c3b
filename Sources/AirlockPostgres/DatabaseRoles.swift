import AirlockCore

/// The two roles of a PostgreSQL deployment: the **owner**, which owns the schema and runs
/// migrations and never logs in, and the **application** role Airlock connects as, which
/// owns nothing and has neither superuser nor `BYPASSRLS`.
public struct DatabaseRoles: Sendable, Equatable {
    /// The owner role (`airlock_owner` by default).
    public let owner: String
    /// The application role (`airlock_app` by default).
    public let app: String

    /// Validates both names: lowercase letters, digits and `_`, starting with a letter or
    /// `_`, at most 63 characters, and different.
    ///
    /// - Throws: ``InputError`` naming the bad one.
    public init(owner: String = "airlock_owner", app: String = "airlock_app") throws(InputError) {
        for (what, name) in [("owner role", owner), ("application role", app)] {
            guard name.utf8.count <= 63, let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first),
                  name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
            else {
                throw InputError(field: what, reason: "\(TerminalText.quoted(name, limit: 80)) must be lowercase letters, digits and _ (at most 63)")
            }
        }
        guard owner != app else { throw InputError(field: "application role", reason: "it must differ from the owner role") }
        self.owner = owner
        self.app = app
    }
}
