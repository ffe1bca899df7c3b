import AirlockCore
import PostgresNIO

/// A PostgreSQL failure as one line a person can act on: the server's own message, or
/// what went wrong with the connection. Never the query's parameters or a password.
public struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    /// The line.
    public let description: String

    /// Describes `error` met while talking to `location`.
    public init(_ error: any Error, location: PostgresLocation) {
        let server = "PostgreSQL at \(location.host):\(location.port)"
        var cause: String
        if let transaction = error as? PostgresTransactionError {
            cause = Self.cause(transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? error)
        } else {
            cause = Self.cause(error)
        }
        cause = TerminalText.sanitized(cause, singleLine: true)
        description = "\(server): \(cause)"
    }

    private static func cause(_ error: any Error) -> String {
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let message = psql.serverInfo?[.message] {
            return message + (psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
        return "\(psql.code)"
    }
}
