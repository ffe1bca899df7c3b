import AirlockCore
import Foundation

/// How long one pass through the airlock took.
public struct SwitchReport: Sendable, Equatable {
    /// The workspace left, if any.
    public let from: WorkspaceID?
    /// The workspace entered.
    public let to: WorkspaceID
    /// Time to tear the old runtime down.
    public let teardown: Duration
    /// Time to build the new one.
    public let build: Duration

    /// Creates a report.
    public init(from: WorkspaceID?, to: WorkspaceID, teardown: Duration, build: Duration) {
        self.from = from
        self.to = to
        self.teardown = teardown
        self.build = build
    }
}

/// Holds the one open runtime and switches between workspaces through the airlock: the
/// old runtime is closed completely before the next one is opened.
public actor RuntimeSwitcher {
    /// Opens a runtime for a grant (``WorkspaceRuntime/open(_:manager:settings:tools:)``
    /// with the app's settings).
    public typealias Opener = @Sendable (WorkspaceGrant) async throws -> WorkspaceRuntime

    private let opener: Opener
    /// The open runtime, if any.
    public private(set) var current: WorkspaceRuntime?

    /// A switcher with nothing open.
    public init(opener: @escaping Opener) {
        self.opener = opener
    }

    /// Closes the current runtime, then opens one for `grant`.
    ///
    /// If opening fails, nothing is open afterwards (the old workspace stays closed).
    public func switchTo(_ grant: WorkspaceGrant) async throws -> SwitchReport {
        let clock = ContinuousClock()
        let old = current
        current = nil
        let teardownStart = clock.now
        await old?.close()
        let teardown = clock.now - teardownStart
        let buildStart = clock.now
        let runtime = try await opener(grant)
        current = runtime
        return SwitchReport(from: old?.workspaceID, to: runtime.workspaceID, teardown: teardown, build: clock.now - buildStart)
    }

    /// Closes the current runtime.
    public func close() async {
        let old = current
        current = nil
        await old?.close()
    }
}
