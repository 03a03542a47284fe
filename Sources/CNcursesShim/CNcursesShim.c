// Constants Swift cannot import from curses, and the signal handling that must run in C.
#define _GNU_SOURCE 1
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include "CNcursesShim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wchar.h>

#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

_Static_assert(sizeof(attr_t) == sizeof(uint32_t), "attr_t is exported as uint32_t");
_Static_assert(sizeof(mmask_t) == sizeof(uint32_t), "mmask_t is exported as uint32_t");

// MARK: Constants

const uint32_t gmem_attr_normal = A_NORMAL;
const uint32_t gmem_attr_bold = A_BOLD;
const uint32_t gmem_attr_dim = A_DIM;
const uint32_t gmem_attr_reverse = A_REVERSE;
const uint32_t gmem_attr_underline = A_UNDERLINE;
const uint32_t gmem_attr_standout = A_STANDOUT;

const uint32_t gmem_mouse_button1_pressed = BUTTON1_PRESSED;
const uint32_t gmem_mouse_button1_released = BUTTON1_RELEASED;
const uint32_t gmem_mouse_button2_pressed = BUTTON2_PRESSED;
const uint32_t gmem_mouse_button2_released = BUTTON2_RELEASED;
const uint32_t gmem_mouse_button3_pressed = BUTTON3_PRESSED;
const uint32_t gmem_mouse_button3_released = BUTTON3_RELEASED;
const uint32_t gmem_mouse_button4_pressed = BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
const uint32_t gmem_mouse_button5_pressed = BUTTON5_PRESSED;
#else
const uint32_t gmem_mouse_button5_pressed = 0;
#endif
const uint32_t gmem_mouse_all_events = ALL_MOUSE_EVENTS;
const uint32_t gmem_mouse_report_position = REPORT_MOUSE_POSITION;

// MARK: Curses state

static volatile sig_atomic_t curses_active = 0;

void gmem_set_curses_active(int active) { curses_active = active ? 1 : 0; }

int gmem_curses_active(void) { return curses_active; }

// MARK: Standard error capture

static int saved_stderr = -1;
static int captured_stderr = -1;

int gmem_stderr_capture_begin(void) {
  if (saved_stderr >= 0) return 0;
  if (!isatty(STDERR_FILENO)) return 0;
  int capture = memfd_create("gmemviz-stderr", MFD_CLOEXEC);
  if (capture < 0) return -1;
  int saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  if (saved < 0 || dup2(capture, STDERR_FILENO) < 0) {
    int saved_errno = errno;
    if (saved >= 0) close(saved);
    close(capture);
    errno = saved_errno;
    return -1;
  }
  saved_stderr = saved;
  captured_stderr = capture;
  return 0;
}

void gmem_stderr_capture_end(void) {
  if (saved_stderr < 0) return;
  int saved_errno = errno;
  dup2(saved_stderr, STDERR_FILENO);
  close(saved_stderr);
  saved_stderr = -1;
  // Only async-signal-safe calls: this runs from the crash handler too.
  char buffer[4096];
  off_t offset = 0;
  for (;;) {
    ssize_t n = pread(captured_stderr, buffer, sizeof buffer, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    offset += n;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(STDERR_FILENO, buffer + done, (size_t)(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;
      done += w;
    }
  }
  close(captured_stderr);
  captured_stderr = -1;
  errno = saved_errno;
}

/// Leaves curses mode if it is still on, then ends the capture of standard error. endwin is not
/// async-signal-safe in theory (it writes through curses' buffers); htop does the same on its crash and
/// termination paths, and the alternative is a raw terminal.
static void leave_curses(void) {
  if (curses_active) {
    curses_active = 0;
    endwin();
  }
  gmem_stderr_capture_end();
}

void gmem_curses_leave(void) { leave_curses(); }

// MARK: Self-pipe signals

static const int watched_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH};
enum { watched_count = sizeof(watched_signals) / sizeof(watched_signals[0]) };

static struct sigaction watched_saved[watched_count];
static int signals_installed = 0;
static int pipe_fds[2] = {-1, -1};
static volatile sig_atomic_t termination_pending = 0;

static int is_termination(int signo) {
  return signo == SIGINT || signo == SIGTERM || signo == SIGHUP || signo == SIGQUIT;
}

_Noreturn void gmem_die_by_signal(int signo) {
  struct sigaction action;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  action.sa_handler = SIG_DFL;
  sigaction(signo, &action, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signo);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(signo);
  _exit(128 + signo);
}

static void on_watched_signal(int signo) {
  int saved_errno = errno;
  if (is_termination(signo)) {
    if (termination_pending) {
      // The main loop has not taken the first request (it is busy or stuck): restore and die now.
      leave_curses();
      gmem_die_by_signal(signo);
    }
    termination_pending = signo;
  }
  if (pipe_fds[1] >= 0) {
    unsigned char byte = (unsigned char)signo;
    ssize_t ignored = write(pipe_fds[1], &byte, 1);
    (void)ignored;
  }
  errno = saved_errno;
}

static int set_flags(int fd, int status_flags) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | status_flags) < 0) return -1;
  int fd_flags = fcntl(fd, F_GETFD);
  if (fd_flags < 0 || fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC) < 0) return -1;
  return 0;
}

static void install_watched(int signo, struct sigaction *saved) {
  struct sigaction action;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  action.sa_handler = on_watched_signal;
  sigaction(signo, &action, saved);
}

int gmem_signals_install(void) {
  if (pipe_fds[0] < 0) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    if (set_flags(fds[0], O_NONBLOCK) != 0 || set_flags(fds[1], O_NONBLOCK) != 0) {
      int saved_errno = errno;
      close(fds[0]);
      close(fds[1]);
      errno = saved_errno;
      return -1;
    }
    pipe_fds[0] = fds[0];
    pipe_fds[1] = fds[1];
  }
  if (!signals_installed) {
    termination_pending = 0;
    for (int i = 0; i < watched_count; i++) install_watched(watched_signals[i], &watched_saved[i]);
    signals_installed = 1;
  }
  return pipe_fds[0];
}

void gmem_signals_uninstall(void) {
  if (!signals_installed) return;
  for (int i = 0; i < watched_count; i++) sigaction(watched_signals[i], &watched_saved[i], NULL);
  signals_installed = 0;
}

int gmem_signals_next(void) {
  if (pipe_fds[0] < 0) return 0;
  unsigned char byte;
  for (;;) {
    ssize_t n = read(pipe_fds[0], &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && errno == EINTR) continue;
    return 0;
  }
}

void gmem_signals_acknowledge_termination(void) { termination_pending = 0; }

void gmem_signals_suspend(void) {
  struct sigaction action, ours;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  action.sa_handler = SIG_DFL;
  sigaction(SIGTSTP, &action, &ours);
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGTSTP);
  sigprocmask(SIG_UNBLOCK, &set, &old);
  raise(SIGTSTP);  // Stops here until SIGCONT.
  sigprocmask(SIG_SETMASK, &old, NULL);
  sigaction(SIGTSTP, &ours, NULL);
}

// MARK: Crash signals

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
enum { crash_count = sizeof(crash_signals) / sizeof(crash_signals[0]) };

static struct sigaction crash_saved[crash_count];
static int crash_installed = 0;

static void on_crash_signal(int signo, siginfo_t *info, void *context) {
  (void)context;
  leave_curses();
  // Put back what was there before us (the Swift backtracer or the default), never "ignore".
  for (int i = 0; i < crash_count; i++) {
    if (crash_signals[i] != signo) continue;
    struct sigaction previous = crash_saved[i];
    if (!(previous.sa_flags & SA_SIGINFO) && previous.sa_handler == SIG_IGN) previous.sa_handler = SIG_DFL;
    sigaction(signo, &previous, NULL);
  }
  // A fault raised by the CPU (si_code > 0) happens again when the handler returns, this time into the previous
  // disposition with its real context. Anything sent (kill, raise, abort) or a trap that resumes after the
  // trapping instruction must be raised again.
  int refaults = info != NULL && info->si_code > 0 &&
                 (signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE);
  if (!refaults) raise(signo);
}

void gmem_crash_handlers_install(void) {
  if (crash_installed) return;
  // A stack overflow can only be handled on an alternate stack; give the calling thread one if it has none.
  stack_t current;
  if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
    size_t size = 64 * 1024;
    void *memory = malloc(size);
    if (memory != NULL) {
      stack_t stack = {.ss_sp = memory, .ss_flags = 0, .ss_size = size};
      if (sigaltstack(&stack, NULL) != 0) free(memory);
    }
  }
  for (int i = 0; i < crash_count; i++) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
    action.sa_sigaction = on_crash_signal;
    sigaction(crash_signals[i], &action, &crash_saved[i]);
  }
  crash_installed = 1;
}

void gmem_crash_handlers_uninstall(void) {
  if (!crash_installed) return;
  for (int i = 0; i < crash_count; i++) {
    struct sigaction current;
    // Only put back what is ours; a handler that already fired (SA_RESETHAND) has been replaced.
    if (sigaction(crash_signals[i], NULL, &current) == 0 && (current.sa_flags & SA_SIGINFO) &&
        current.sa_sigaction == on_crash_signal)
      sigaction(crash_signals[i], &crash_saved[i], NULL);
  }
  crash_installed = 0;
}

// MARK: Exit

static void restore_at_exit(void) { leave_curses(); }

void gmem_atexit_install(void) {
  static int installed = 0;
  if (installed) return;
  installed = 1;
  atexit(restore_at_exit);
}

// MARK: Size

int gmem_window_size(int fd, int *rows, int *columns) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
  *rows = size.ws_row;
  *columns = size.ws_col;
  return 0;
}

int gmem_wcwidth(int32_t c) { return wcwidth((wchar_t)c); }
