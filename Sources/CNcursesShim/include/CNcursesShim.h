// What Swift cannot import from curses, and the signal handling that must be written in C.
//
// The header uses only plain C types so that it does not pull curses into a second Clang module; attr_t and
// mmask_t are both 32-bit unsigned in ncurses 6 (checked in the .c file).
#ifndef GMEM_CNCURSES_SHIM_PUBLIC_H
#define GMEM_CNCURSES_SHIM_PUBLIC_H

#include <stdint.h>

// MARK: Video attributes (attr_t), built with NCURSES_BITS and so not imported.

extern const uint32_t gmem_attr_normal;
extern const uint32_t gmem_attr_bold;
extern const uint32_t gmem_attr_dim;
extern const uint32_t gmem_attr_reverse;
extern const uint32_t gmem_attr_underline;
extern const uint32_t gmem_attr_standout;

// MARK: Mouse masks (mmask_t). Buttons 4 and 5 are the wheel.

extern const uint32_t gmem_mouse_button1_pressed;
extern const uint32_t gmem_mouse_button1_released;
extern const uint32_t gmem_mouse_button2_pressed;
extern const uint32_t gmem_mouse_button2_released;
extern const uint32_t gmem_mouse_button3_pressed;
extern const uint32_t gmem_mouse_button3_released;
extern const uint32_t gmem_mouse_button4_pressed;
extern const uint32_t gmem_mouse_button5_pressed;
extern const uint32_t gmem_mouse_all_events;
extern const uint32_t gmem_mouse_report_position;

// MARK: Whether curses is on screen (read by the crash handler and the atexit hook).

/// Records whether curses owns the terminal (1) or not (0). The crash handler, the emergency path and the
/// atexit hook call endwin() only while this is 1, and set it to 0 when they do.
void gmem_set_curses_active(int active);

/// Whether curses owns the terminal.
int gmem_curses_active(void);

/// Leaves curses for good from any path: endwin() if curses is active (and marks it inactive), then ends the
/// capture of standard error. Safe to call more than once.
void gmem_curses_leave(void);

// MARK: Standard error while curses is on screen.

/// If standard error is a terminal, sends it to an in-memory file until gmem_stderr_capture_end, so that
/// messages written while curses owns the screen (a Swift fatal error's message, a stray log line) neither
/// corrupt the screen nor vanish with the alternate screen. Returns 0, or -1 with errno set (nothing changed).
int gmem_stderr_capture_begin(void);

/// Points standard error back at the terminal and writes there what was captured. Does nothing if no capture
/// is running.
void gmem_stderr_capture_end(void);

// MARK: Signals that ask the program to stop, suspend, resume or resize.

/// Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT and SIGWINCH that only write the
/// signal number as one byte into a non-blocking self-pipe, so that the main thread sees them in its input loop
/// and curses is never called from a handler. A second termination signal arriving before the first has been
/// acknowledged is treated as an emergency: endwin() (if curses is active), then die by that signal.
/// Saves the previous dispositions. Returns the read end of the pipe, or -1 with errno set.
int gmem_signals_install(void);

/// Restores the dispositions saved by gmem_signals_install. The pipe stays open.
void gmem_signals_uninstall(void);

/// The next signal number waiting in the self-pipe, or 0 if there is none. Never blocks.
int gmem_signals_next(void);

/// Marks the pending termination signal as seen, so the next one is reported again rather than treated as an
/// emergency.
void gmem_signals_acknowledge_termination(void);

/// Stops the process as the default SIGTSTP action would, and returns when it is continued. The caller must
/// have left curses mode (endwin) first.
void gmem_signals_suspend(void);

/// Dies by `signo` with its default action (so the parent sees the signal), or exits with 128 + signo if the
/// signal does not kill.
_Noreturn void gmem_die_by_signal(int signo);

// MARK: Crash signals and exit.

/// Installs a handler for SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT and SIGFPE (SA_RESETHAND | SA_NODEFER) that
/// calls endwin() when curses is active, puts back the previous disposition (the Swift runtime's backtracer,
/// if any, or the default) and re-raises, so the program still crashes with the same signal.
void gmem_crash_handlers_install(void);

/// Puts back the dispositions saved by gmem_crash_handlers_install.
void gmem_crash_handlers_uninstall(void);

/// Registers, once, an atexit hook that calls endwin() when curses is still active at exit.
void gmem_atexit_install(void);

// MARK: Terminal size.

/// The size of the terminal on `fd` from TIOCGWINSZ. Returns 0 on success, -1 with errno set.
int gmem_window_size(int fd, int *rows, int *columns);

/// The number of columns the wide character `c` takes in the current locale (wcwidth), or -1 if it is not
/// printable there. Glibc declares wcwidth only for _XOPEN_SOURCE, which Swift's Glibc module lacks.
int gmem_wcwidth(int32_t c);

#endif
