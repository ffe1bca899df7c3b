import AsyncHTTPClient
import Foundation
import NIOCore

/// The `GET /v1/models` answer of an OpenAI-compatible server.
enum ModelList {
    private struct Answer: Decodable {
        struct Model: Decodable { let id: String }
        let data: [Model]
    }

    /// Whether the server at `baseURL` answers and lists `model`; false on any failure.
    static func names(_ model: String, at baseURL: URL) async -> Bool {
        let request = HTTPClientRequest(url: baseURL.appendingPathComponent("models").absoluteString)
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
              response.status == .ok,
              let body = try? await response.body.collect(upTo: 1 << 20),
              let answer = try? JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView))
        else { return false }
        return answer.data.contains { $0.id == model }
    }
}
