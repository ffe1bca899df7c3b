/// Why a store operation failed.
///
/// Not-found cases read the same whether the item never existed or belongs to another
/// workspace, so a store cannot be used to probe other tenants.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case memoryNotFound(MemoryID)
    case sessionNotFound(SessionID)
    case integrationNotFound(IntegrationID)
    case integrationExists(IntegrationID)
    case alertNotFound(AlertID)
    case closed(WorkspaceID)
    case workspaceExists(WorkspaceID)
    case workspaceFileMissing(WorkspaceID)
    case foreignWorkspaceFile(expected: WorkspaceID)
    case unrecognizedWorkspaceFile(WorkspaceID)
    case auditLogTampered(WorkspaceID)
    case storage(String)

    public var description: String {
        switch self {
        case .memoryNotFound(let id):
            return "no memory document \(id) in this workspace"
        case .sessionNotFound(let id):
            return "no session \(id) in this workspace"
        case .integrationNotFound(let id):
            return "no integration \(id) in this workspace"
        case .integrationExists(let id):
            return "integration \(id) already exists in this workspace; remove it first or choose another id"
        case .alertNotFound(let id):
            return "no alert \(id) in this workspace"
        case .closed(let id):
            return "workspace \(id) is closed; open it again"
        case .workspaceExists(let id):
            return "workspace \(id) already exists"
        case .workspaceFileMissing(let id):
            return "the data of workspace \(id) is missing from the home"
        case .foreignWorkspaceFile(let id):
            return "the database file of workspace \(id) belongs to another workspace; refusing to open it"
        case .unrecognizedWorkspaceFile(let id):
            return "the database file of workspace \(id) is not an Airlock workspace; refusing to open it"
        case .auditLogTampered(let id):
            return "the audit log of workspace \(id) holds events after its sealed head, so nothing more can be recorded; run `airlock audit verify --workspace \(id)`"
        case .storage(let message):
            return "storage error: \(TerminalText.sanitized(message, singleLine: true))"
        }
    }
}
