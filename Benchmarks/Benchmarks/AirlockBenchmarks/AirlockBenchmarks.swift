import Benchmark

let benchmarks: @Sendable () -> Void = {
    storeBenchmarks()
    agentBenchmarks()
    renderBenchmarks()
}
