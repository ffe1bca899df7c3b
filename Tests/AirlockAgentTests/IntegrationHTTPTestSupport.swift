import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Synchronization
import Testing

/// An integration of `kind` whose base URL is `baseURL`.
func makeIntegration(
    _ kind: IntegrationKind = .http, id: String = "acme-api", baseURL: String, auth: IntegrationAuth = .bearer,
    apiKeyHeader: String? = nil, parameters: [String: String] = [:]
) throws -> Integration {
    Integration(
        id: try IntegrationID(id), kind: kind, name: id,
        settings: IntegrationSettings(baseURL: baseURL, auth: auth, apiKeyHeader: apiKeyHeader, parameters: parameters),
        createdAt: Date(timeIntervalSince1970: 1_767_225_600), lastUsedAt: nil)
}

/// A secret no other test data contains.
func makeSecret(_ label: String) -> String {
    "\(label)-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
}

/// Runs `body` with a fresh fake API server and an integration transport with `limits`,
/// then shuts both down (also when `body` throws).
func withAPIServer<T>(limits: IntegrationHTTP.Limits = .init(connectTimeout: 5), _ body: (FakeModelServer, IntegrationHTTP) async throws -> T) async throws -> T {
    let server = try await FakeModelServer.start()
    let http = IntegrationHTTP(limits: limits)
    do {
        let result = try await body(server, http)
        await http.shutdown()
        try await server.shutdown()
        return result
    } catch {
        await http.shutdown()
        try? await server.shutdown()
        throw error
    }
}

/// A 200 JSON response with `body`.
func jsonResponse(_ body: String) -> FakeResponse {
    .status(200, body: body, headers: [("content-type", "application/json")])
}

/// Records the waits of an `OAuthClient` instead of waiting, moving `clock` forward by
/// each one.
final class RecordedSleeps: Sendable {
    private let waits = Mutex<[Duration]>([])
    let clock: ManualClock

    init(clock: ManualClock = ManualClock()) {
        self.clock = clock
    }

    /// The waits so far, in seconds.
    var seconds: [Int] {
        waits.withLock { $0.map { Int($0.components.seconds) } }
    }

    /// The sleep function to inject.
    var sleep: OAuthClient.Sleep {
        { [self] duration in
            waits.withLock { $0.append(duration) }
            clock.advance(by: Double(duration.components.seconds))
        }
    }
}
