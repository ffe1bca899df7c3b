import Benchmark

/// Every benchmark reports wall-clock time and allocations, and is bounded in time and count.
func bounded(_ units: BenchmarkTimeUnits, seconds: Int, iterations: Int, warmup: Int = 2) -> Benchmark.Configuration {
    .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: units, warmupIterations: warmup,
          maxDuration: .seconds(seconds), maxIterations: iterations)
}
