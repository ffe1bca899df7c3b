import CNCursesW

/// Makes a terminal resize (SIGWINCH, which may be delivered to any thread) also wake the
/// loop, after ncurses' own handler has noted it.
///
/// The shim keeps the handler's state in static variables, one copy per object file that
/// calls it, so every call to `airlock_resize_wake_*` stays in this file.
enum ResizeWake {
    /// Chains the wake-up onto the current SIGWINCH handler.
    static func install(_ wake: WakeSignal) {
        _ = airlock_resize_wake_install(wake.pipe.write)
    }

    /// Puts back the handler `install` replaced.
    static func remove() {
        airlock_resize_wake_remove()
    }
}
