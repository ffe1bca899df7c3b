import AirlockAgent
import Foundation
import Testing

@Suite("Local model paths")
struct LocalModelPathsTests {
    @Test func usesAnAbsoluteXDGCacheHome() {
        let paths = LocalModelPaths(environment: ["XDG_CACHE_HOME": "/srv/cache", "HOME": "/home/ana"])
        #expect(paths.root.path == "/srv/cache/airlock")
        #expect(paths.venv.path == "/srv/cache/airlock/venv")
        #expect(paths.python.path == "/srv/cache/airlock/venv/bin/python")
        #expect(paths.wheels.path == "/srv/cache/airlock/wheels")
        #expect(paths.model.path == "/srv/cache/airlock/models/SmolLM2-135M-Instruct.Q4_1.gguf")
        #expect(paths.setupLog.path == "/srv/cache/airlock/setup.log")
        #expect(paths.serverLog.path == "/srv/cache/airlock/server.log")
    }

    @Test(arguments: [nil, "", "relative/cache"])
    func fallsBackToTheHomeCache(xdg: String?) {
        var environment = ["HOME": "/home/ana"]
        environment["XDG_CACHE_HOME"] = xdg
        #expect(LocalModelPaths(environment: environment).root.path == "/home/ana/.cache/airlock")
    }

    @Test func standardizesTheRoot() {
        #expect(LocalModelPaths(root: URL(fileURLWithPath: "/srv/./cache/../airlock")).root.path == "/srv/airlock")
    }
}
