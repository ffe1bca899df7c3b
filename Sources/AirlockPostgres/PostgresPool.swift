import Foundation
import Logging
import PostgresNIO

/// A running connection pool to one database: a `PostgresClient` whose `run()` lives as
/// long as this does.
public final class PostgresPool: Sendable {
    /// The pool.
    let client: PostgresClient
    private let runner: Task<Void, Never>
    /// Where it connects (without the password).
    public let location: PostgresLocation

    /// Starts a pool of at most `maximumConnections` connections to `location`.
    ///
    /// - Throws: if the TLS settings cannot be used (a missing `sslrootcert` file).
    public init(_ location: PostgresLocation, maximumConnections: Int = 8) throws {
        var configuration = try location.clientConfiguration()
        configuration.options.maximumConnections = max(1, maximumConnections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "airlock.postgres"))
        self.client = client
        self.location = location
        runner = Task { await client.run() }
    }

    /// Stops the pool, closing its connections.
    public func close() async {
        runner.cancel()
        _ = await runner.value
    }
}
