@testable import AirlockAgent
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite("Local model server")
struct LocalModelServerTests {
    @Test func refusesToStartWithoutTheInstalledModel() async throws {
        let cache = try FakeLocalModelCache(python: "exit 0", model: false)
        let error = await #expect(throws: LocalModelError.self) { try await LocalModelServer.start(paths: cache.paths) }
        #expect(error == .notInstalled(root: cache.paths.root))
        #expect(error?.description.contains("make model") == true)
    }

    @Test func failsEarlyWhenTheServerExits() async throws {
        let cache = try FakeLocalModelCache(python: "exit 3")
        let error = await #expect(throws: LocalModelError.self) {
            try await LocalModelServer.start(paths: cache.paths, timeout: .seconds(45))
        }
        #expect(error == .serverExited(status: 3, log: cache.paths.serverLog), "not a timeout")
    }

    @Test(.timeLimit(.minutes(2)))
    func realServerListsTheModelAndStopsForGood() async throws {
        let paths = LocalModelPaths(environment: ProcessInfo.processInfo.environment)
        try #require(
            LocalModelStatus(paths: paths).isInstalled,
            "the local model is not installed in \(paths.root.path): run `make model` first"
        )
        let server = try await LocalModelServer.start(paths: paths)
        let pid = server.processIdentifier
        let port = try #require(server.baseURL.port)
        #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(port)/v1")
        #expect(server.model == "smollm2-135m")
        #expect(server.contextWindow == 4096)
        #expect(getpgid(pid) == pid, "the server leads its own process group")

        let (body, response) = try await URLSession.shared.data(from: server.baseURL.appendingPathComponent("models"))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains(#""id":"smollm2-135m""#))

        await server.stop()
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the server process is gone")
        #expect(!LoopbackPort.acceptsConnections(port), "the server's port is closed")
        await server.stop()
    }
}
