/// Admits the operations of one authenticated workspace: what a runtime asks before each
/// chat message and each tool call, bound to that workspace by whoever authenticated it.
public struct OperationAdmission: Sendable {
    private let check: @Sendable (RequestClass) throws -> Void

    /// Admission that asks `check` (which throws ``RateLimitError`` to refuse).
    public init(_ check: @escaping @Sendable (RequestClass) throws -> Void) {
        self.check = check
    }

    /// Admission that never refuses: for tests and tools run outside any gateway.
    public static let unlimited = OperationAdmission { _ in }

    /// Counts one operation of `requestClass`, or throws before anything of it happens.
    public func admit(_ requestClass: RequestClass) throws {
        try check(requestClass)
    }
}
