// The parts of ncursesw that Swift needs, with accessors for what it cannot import
// (macros and mutable globals).
#ifndef AIRLOCK_CNCURSESW_SHIM_H
#define AIRLOCK_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

int wcwidth(wchar_t c);
int wcswidth(const wchar_t *s, size_t n);

static inline WINDOW *airlock_stdscr(void) { return stdscr; }
static inline WINDOW *airlock_curscr(void) { return curscr; }
static inline int airlock_lines(void) { return LINES; }
static inline int airlock_cols(void) { return COLS; }
static inline int airlock_colors(void) { return COLORS; }
static inline int airlock_color_pairs(void) { return COLOR_PAIRS; }
static inline int airlock_key_f(int n) { return KEY_F(n); }

static inline attr_t airlock_a_bold(void) { return A_BOLD; }
static inline attr_t airlock_a_dim(void) { return A_DIM; }
static inline attr_t airlock_a_italic(void) { return A_ITALIC; }
static inline attr_t airlock_a_underline(void) { return A_UNDERLINE; }
static inline attr_t airlock_a_reverse(void) { return A_REVERSE; }
static inline attr_t airlock_a_normal(void) { return A_NORMAL; }

static inline FILE *airlock_stdin(void) { return stdin; }
static inline FILE *airlock_stdout(void) { return stdout; }

/// Whether the character type locale (LC_CTYPE) encodes text as UTF-8.
static inline int airlock_locale_is_utf8(void) {
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

// MARK: - Resize wake-up
//
// ncurses notes SIGWINCH in a flag that its next read turns into KEY_RESIZE, but in a
// threaded process the signal may run on any thread, so a thread sleeping in poll() is not
// woken. This handler chains to the previous one (ncurses') and then writes a byte to a
// wake-up pipe that the UI loop polls.
//
// The state below is static, so each Swift object file calling these functions would get
// its own copy: call them from one Swift file only.

static inline int *airlock_resize_wake_descriptor(void) {
    static int descriptor = -1;
    return &descriptor;
}

static inline struct sigaction *airlock_resize_previous_action(void) {
    static struct sigaction previous;
    return &previous;
}

static void airlock_resize_wake_handler(int signal_number, siginfo_t *info, void *context) {
    int saved_errno = errno;
    struct sigaction *previous = airlock_resize_previous_action();
    if (previous->sa_flags & SA_SIGINFO) {
        if (previous->sa_sigaction != NULL) previous->sa_sigaction(signal_number, info, context);
    } else if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        previous->sa_handler(signal_number);
    }
    int descriptor = *airlock_resize_wake_descriptor();
    if (descriptor >= 0) {
        char byte = 'r';
        ssize_t written = write(descriptor, &byte, 1);
        (void)written;
    }
    errno = saved_errno;
}

/// Makes SIGWINCH also write a byte to `descriptor` (non-blocking), after ncurses' handler.
static inline int airlock_resize_wake_install(int descriptor) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = airlock_resize_wake_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    *airlock_resize_wake_descriptor() = descriptor;
    return sigaction(SIGWINCH, &action, airlock_resize_previous_action());
}

/// Puts back the SIGWINCH handler that `airlock_resize_wake_install` replaced.
static inline void airlock_resize_wake_remove(void) {
    sigaction(SIGWINCH, airlock_resize_previous_action(), NULL);
    *airlock_resize_wake_descriptor() = -1;
}

// MARK: - Foreground programs

/// Runs `argv` (the program looked up in PATH) in this process group with this terminal,
/// like system(3) without a shell: SIGINT and SIGQUIT are ignored here while it runs and
/// default in the child. Returns its exit status, 128 + the signal that ended it, or -1
/// with errno set when it cannot start.
static inline int airlock_run_foreground(const char *file, char *const argv[]) {
    extern char **environ;
    struct sigaction ignore, previous_interrupt, previous_quit;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &previous_interrupt);
    sigaction(SIGQUIT, &ignore, &previous_quit);

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults, mask;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGQUIT);
    sigaddset(&defaults, SIGPIPE);
    sigemptyset(&mask);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &mask);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    pid_t child;
    int result = -1;
    int error = posix_spawnp(&child, file, NULL, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    if (error == 0) {
        int status = 0;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    sigaction(SIGINT, &previous_interrupt, NULL);
    sigaction(SIGQUIT, &previous_quit, NULL);
    if (error != 0) errno = error;
    return result;
}

#endif
