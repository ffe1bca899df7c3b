import AirlockAgent
import AirlockTestSupport
import Testing

@Test func scratchPrintErrors() async throws {
    let closed = try await FakeModelServer.start()
    let baseURL = ProviderKind.openAI.baseURL(closed)
    try await closed.shutdown()
    let provider = ProviderKind.openAI.provider(ProviderEndpoint(baseURL: baseURL, apiKey: "k", model: "m", maxAttempts: 1))
    print("ERR1", String(describing: await collect(provider.stream(hello)).error!))
    await provider.shutdown()
    let p2 = ProviderKind.openAI.provider(ProviderEndpoint(baseURL: "http://10.255.255.1:81/v1", apiKey: "k", model: "m", connectTimeout: 1, maxAttempts: 3))
    let start = ContinuousClock.now
    print("ERR2", String(describing: await collect(p2.stream(hello)).error!), ContinuousClock.now - start)
    await p2.shutdown()
    let p3 = ProviderKind.openAI.provider(ProviderEndpoint(baseURL: "http://nonexistent.invalid/v1", apiKey: "k", model: "m", connectTimeout: 1, maxAttempts: 1))
    print("ERR3", String(describing: await collect(p3.stream(hello)).error!))
    await p3.shutdown()
}
