// ncursesw for Swift.
//
// The wide-character API (get_wch, cchar_t, setcchar, mvwadd_wch) is declared only when NCURSES_WIDECHAR (or
// _XOPEN_SOURCE_EXTENDED) is defined before the header is included. pkg-config's -D flags are dropped by
// SwiftPM, so the defines live here.
#ifndef GMEM_CNCURSES_SHIM_H
#define GMEM_CNCURSES_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>

#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

// curses keeps its state in global variables, which Swift 6 refuses to read ("not concurrency-safe"). These
// accessors read them; callers keep every curses call on one thread.

/// The standard screen window, `stdscr`.
static inline WINDOW *gmem_stdscr(void) { return stdscr; }

/// The window holding what curses believes is on the terminal, `curscr`.
static inline WINDOW *gmem_curscr(void) { return curscr; }

/// The number of colours the terminal supports, `COLORS` (valid after start_color).
static inline int gmem_colors(void) { return COLORS; }

/// The number of colour pairs the terminal supports, `COLOR_PAIRS` (valid after start_color).
static inline int gmem_color_pairs(void) { return COLOR_PAIRS; }

#endif
