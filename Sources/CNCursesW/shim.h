// The parts of ncursesw that Swift needs, with accessors for what it cannot import
// (macros and mutable globals).
#ifndef AIRLOCK_CNCURSESW_SHIM_H
#define AIRLOCK_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
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

#endif
