import Foundation

/// A model ready for use: the provider for the configuration, and the local server
/// Airlock started for it when the embedded model is in use.
public final class ModelConnection: Sendable {
    /// The provider to stream from.
    public let provider: any ModelProvider
    private let server: LocalModelServer?

    private init(provider: any ModelProvider, server: LocalModelServer?) {
        self.provider = provider
        self.server = server
    }

    /// Connects as `configuration` says; for the local model, starts its server on a free
    /// loopback port first (reporting through `progress`).
    ///
    /// - Throws: ``LocalModelError`` when the local model is not installed or does not start.
    public static func open(_ configuration: AirlockConfiguration, environment: [String: String], progress: @Sendable (String) -> Void = { _ in }) async throws -> ModelConnection {
        switch configuration.provider {
        case .local:
            progress("Starting the local model (\(LocalModel.alias))…")
            let server = try await LocalModelServer.start(paths: LocalModelPaths(environment: environment))
            let provider = OpenAICompatibleProvider(
                endpoint: ProviderEndpoint(baseURL: server.baseURL.absoluteString, apiKey: nil),
                descriptor: ModelDescriptor(provider: ProviderKind.local.rawValue, model: server.model,
                                            contextWindow: server.contextWindow, supportsTools: configuration.supportsTools)
            )
            return ModelConnection(provider: provider, server: server)
        case .openai:
            return ModelConnection(provider: OpenAICompatibleProvider(endpoint: endpoint(configuration), descriptor: descriptor(configuration)), server: nil)
        case .anthropic:
            return ModelConnection(provider: AnthropicProvider(endpoint: endpoint(configuration), descriptor: descriptor(configuration)), server: nil)
        }
    }

    /// Closes the provider's connections and stops the local server, if one was started.
    public func close() async {
        await provider.shutdown()
        await server?.stop()
    }

    private static func endpoint(_ configuration: AirlockConfiguration) -> ProviderEndpoint {
        ProviderEndpoint(baseURL: configuration.baseURL ?? "", apiKey: configuration.apiKey)
    }

    private static func descriptor(_ configuration: AirlockConfiguration) -> ModelDescriptor {
        ModelDescriptor(provider: configuration.provider.rawValue, model: configuration.model,
                        contextWindow: configuration.contextWindow, supportsTools: configuration.supportsTools)
    }
}
