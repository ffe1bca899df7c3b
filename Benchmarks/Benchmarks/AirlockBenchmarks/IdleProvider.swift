import AirlockAgent

/// A model that is never asked anything: runtimes and contexts need a descriptor only.
struct IdleProvider: ModelProvider {
    let descriptor = ModelDescriptor(provider: "local", model: "benchmark", contextWindow: 12_288, supportsTools: true)

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        AsyncThrowingStream { $0.finish() }
    }

    func shutdown() async {}
}
