import Foundation

/// Starting the Python processes of the local model so they can be signalled and never outlive Airlock.
enum ChildProcess {
    /// Starts `process` from a fresh thread with no signal blocked.
    ///
    /// A child inherits the signal mask of the thread that spawns it, and Swift
    /// concurrency's worker threads block nearly every signal: a child started from one
    /// would ignore SIGTERM and never see SIGCHLD (cmake then waits forever for its children).
    static func run(_ process: Process) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                do {
                    try process.run()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Arguments for the venv's `python` that run `module` as `python -m module arguments…`
    /// would, and kill the child's whole process group (Foundation makes each child lead
    /// its own) within half a second of this process being gone, however it ended.
    static func guardedModule(_ module: String, _ arguments: [String]) -> [String] {
        ["-c", watchdog, String(getpid()), module] + arguments
    }

    private static let watchdog = """
        import os, runpy, signal, sys, threading, time
        def watch(parent):
            while os.getppid() == parent:
                time.sleep(0.5)
            os.killpg(0, signal.SIGKILL)
        threading.Thread(target=watch, args=(int(sys.argv[1]),), daemon=True).start()
        module = sys.argv[2]
        sys.argv = [module] + sys.argv[3:]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        """
}
