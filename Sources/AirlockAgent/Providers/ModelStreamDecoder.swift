/// The protocol-specific half of a model stream: turns Server-Sent Events into model events.
protocol ModelStreamDecoder: Sendable {
    /// Whether the protocol's end marker was seen; the answer is complete.
    var isComplete: Bool { get }

    /// The model events carried by one SSE event.
    ///
    /// - Throws: `ProviderError` for an error event or data that is not the protocol.
    mutating func decode(_ event: SSEEvent) throws(ProviderError) -> [ModelEvent]

    /// The last model events when the body ends before the end marker.
    ///
    /// - Throws: `ProviderError.connectionClosed` if the answer is incomplete.
    mutating func finish() throws(ProviderError) -> [ModelEvent]
}
