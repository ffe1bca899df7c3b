import AirlockCore

/// Cached pieces of context (never whole contexts) of one runtime's workspace.
///
/// Keys are `(workspace, resource, version)`: the workspace is fixed at creation, so an
/// entry of another workspace cannot even be addressed, and a new version replaces the old
/// one. The cache dies with its runtime; ``clear()`` empties it at teardown.
public actor ComponentCache {
    /// The full key of an entry.
    public struct Key: Hashable, Sendable {
        /// The workspace the entry belongs to.
        public let workspace: WorkspaceID
        /// What is cached (`pinned-memory`).
        public let resource: String
        /// The version of the source it was built from.
        public let version: Int64
    }

    /// The workspace whose components this cache holds.
    public nonisolated let workspace: WorkspaceID
    private var entries: [Key: any Sendable] = [:]

    /// An empty cache for `workspace`.
    public init(workspace: WorkspaceID) {
        self.workspace = workspace
    }

    /// The cached `resource` at `version`, if present.
    public func value<T: Sendable>(_ resource: String, version: Int64, as type: T.Type) -> T? {
        entries[Key(workspace: workspace, resource: resource, version: version)] as? T
    }

    /// Caches `value` as `resource` at `version`, dropping other versions of it.
    public func store(_ value: some Sendable, as resource: String, version: Int64) {
        entries = entries.filter { $0.key.resource != resource }
        entries[Key(workspace: workspace, resource: resource, version: version)] = value
    }

    /// Every key present.
    public var keys: [Key] { Array(entries.keys) }

    /// Drops everything.
    public func clear() {
        entries.removeAll()
    }
}
