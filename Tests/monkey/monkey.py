#!/usr/bin/env python3
"""A monkey for gmemviz: random keys, pastes, mouse reports and resizes sent through tmux to every mode of the
real binary, for a given time. It reports a crash (an exit status other than 0, 130 or 143 after `q`, Ctrl-C or
SIGTERM), a terminal left raw after any exit, and a mode that stops answering (a frame that does not change after
Ctrl-L within 20 s), each with the last keys sent and the screen. It exits 0 when it found nothing.

    Tests/monkey/monkey.py [--seconds 600] [--binary .build/debug/gmemviz] [--seed N] [--modes tui,kvm,...]

Modes: tui (the model's default map), upstream (the model, upstream 1G mmap), inplace (inplace 2M, 64G),
kvm (--backend kvm, skipped without /dev/kvm), play (the tour, stepping), compare (rfc1 vs inplace), attach (the
GmemAttachFixture's guest_memfd, skipped without /dev/kvm).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Keys in tmux's names, weighted toward what a user presses: every key of the map, the playback keys, editing keys.
KEYS = (
    list("hjklhjklhjklsprwRWPUdxaXmMvuG?t[]+-=n ") * 3
    + ["Left", "Right", "Up", "Down", "PageUp", "PageDown", "Home", "End", "Enter", "BSpace", "Escape", "Tab",
       "F1", "C-c", "C-r", "C-l", "C-u", "C-w", "C-k", "C-a", "C-e", "DC", "BTab", "g", "q"]
)
# What the `:` prompt is fed: lines of the language, broken lines, and text that is hard to edit.
PROMPT_TEXTS = [
    "share 0x1000", "private 0+2M", "share 0+1G", "allocate 0+4K", "punch 0+2M", "pin 0x3000+8K", "unpin 0+1T",
    "guest write 0+64M 0x55", "guest read 0+1G", "host write 0+16M 0xaa", "mmap", "munmap", "close",
    "expect folio 0xffffffffffffffff whole", "expect page 0xfffffffffffff000 private", "share 0xffffffffffffffff",
    "allocate 0+", "pause 0xffffffffffffffffms", "say \"caf\u0065\u0301\"", "\u0065\u0301x", "\U0001F44D\U0001F3FDx",
    "\U0001F1FA\U0001F1F8x", "\u4e2d\u6587\u5b57", "\u200d\u200d\u0301", "x" * 300, "%s" * 20, "\t\t", "share 0+64T",
]
MODES = {
    "tui": [],
    "upstream": ["--profile", "upstream", "--vm", "default", "--flags", "mmap,init-shared", "--size", "1G"],
    "inplace": ["--profile", "inplace", "--hugetlb", "2M", "--size", "64G"],
    "kvm": ["--backend", "kvm"],
    "play": ["play", os.path.join(ROOT, "Assets/scenarios/tour.gmem"), "--speed", "8"],
    "compare": ["compare", os.path.join(ROOT, "Assets/scenarios/compare_convert_while_mapped.gmem"),
                "--profiles", "rfc1,inplace"],
    "attach": ["attach"],
}
SIZES = [(80, 24), (200, 60), (120, 40), (40, 12), (30, 8), (100, 30), (81, 25), (250, 70)]
ACCEPTED = {0, 130, 143}


class Pane:
    """One tmux server with one pane running gmemviz under a shell that records its exit status and stty."""

    def __init__(self, binary, arguments, width, height):
        self.socket = f"gmemviz-monkey-{os.getpid()}-{random.randrange(1 << 30)}"
        self.dir = tempfile.mkdtemp(prefix="gmemviz-monkey-")
        command = " ".join(shlex_quote(a) for a in [binary] + arguments)
        script = os.path.join(self.dir, "run.sh")
        with open(script, "w") as f:
            f.write(f"trap ':' INT\n{command}\necho $? > {self.dir}/status.tmp\n"
                    f"stty -a > {self.dir}/stty; mv {self.dir}/status.tmp {self.dir}/status\nsleep 86400\n")
        env = dict(os.environ, TERM="tmux-256color", LANG="C.UTF-8")
        env.pop("NO_COLOR", None)
        subprocess.run(self.tmux("new-session", "-d", "-s", "m", "-x", str(width), "-y", str(height),
                                 f"/bin/sh {script}"), env=env, check=True)

    def tmux(self, *arguments):
        return ["tmux", "-L", self.socket, "-f", "/dev/null", *arguments]

    def send(self, *keys, literal=False):
        subprocess.run(self.tmux("send-keys", "-t", "m", *(["-l"] if literal else []), *keys),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def resize(self, width, height):
        subprocess.run(self.tmux("resize-window", "-t", "m", "-x", str(width), "-y", str(height)),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def screen(self):
        return subprocess.run(self.tmux("capture-pane", "-p", "-t", "m"), capture_output=True, text=True).stdout

    def status(self):
        try:
            with open(os.path.join(self.dir, "status")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def stty(self):
        try:
            with open(os.path.join(self.dir, "stty")) as f:
                return f.read()
        except OSError:
            return ""

    def backtrace(self):
        """The program's threads' stacks (gdb), to say where a frozen app is."""
        shell = subprocess.run(self.tmux("display-message", "-p", "-t", "m", "#{pane_pid}"), capture_output=True,
                               text=True).stdout.strip()
        children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
        if not children or not shutil.which("gdb"):
            return "(no backtrace: no program or no gdb)"
        result = subprocess.run(["gdb", "-p", children[0], "-batch", "-ex", "thread apply all bt 30"],
                                capture_output=True, text=True, timeout=60)
        return "\n".join(l for l in result.stdout.splitlines() if l.startswith(("#", "Thread")))

    def close(self):
        subprocess.run(self.tmux("kill-server"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
        # A killed server leaves its socket behind: leave /tmp as it was.
        base = os.environ.get("TMUX_TMPDIR", "/tmp")
        try:
            os.remove(os.path.join(base, f"tmux-{os.getuid()}", self.socket))
        except OSError:
            pass


def shlex_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def sane(stty):
    words = set(stty.replace(";", " ").split())
    return "icanon" in words and "echo" in words


def random_action(rng, pane, sent):
    """Sends one random action and returns how many keys it was."""
    roll = rng.random()
    if roll < 0.70:
        key = rng.choice(KEYS)
        pane.send(key)
        sent.append(key)
        return 1
    if roll < 0.85:
        text = rng.choice(PROMPT_TEXTS)
        pane.send(":")
        pane.send(text, literal=True)
        edits = [rng.choice(["BSpace", "Left", "Right", "C-u", "C-w", "Home", "End", "DC"]) for _ in range(rng.randrange(4))]
        for e in edits:
            pane.send(e)
        pane.send(rng.choice(["Enter", "Enter", "Escape"]))
        sent.append(f":{text!r} {' '.join(edits)}")
        return 2 + len(text) + len(edits)
    if roll < 0.93:
        x, y = rng.randrange(1, 220), rng.randrange(1, 70)
        button = rng.choice([0, 64, 65, 2])
        report = f"\x1b[<{button};{x};{y}M"
        pane.send(report, literal=True)
        sent.append(f"mouse {button} {x},{y}")
        return 1
    width, height = rng.choice(SIZES)
    pane.resize(width, height)
    sent.append(f"resize {width}x{height}")
    return 0


def start_fixture(binary):
    fixture = os.path.join(os.path.dirname(binary), "GmemAttachFixture")
    process = subprocess.Popen([fixture], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ready = process.stdout.readline()
    pid = next(w[4:] for w in ready.split() if w.startswith("pid="))
    return process, pid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/gmemviz"))
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--modes", default=",".join(MODES))
    options = parser.parse_args()
    kvm = os.access("/dev/kvm", os.R_OK | os.W_OK)
    modes = [m for m in options.modes.split(",") if m]
    for m in ("kvm", "attach"):
        if m in modes and not kvm:
            print(f"monkey: mode {m} skipped: /dev/kvm is absent or not permitted")
            modes.remove(m)
    rng = random.Random(options.seed)
    print(f"monkey: seed {options.seed}, {options.seconds:.0f} s over modes {', '.join(modes)}")
    fixture = None
    deadline = time.time() + options.seconds
    keys = runs = problems = 0
    per_mode = {m: 0 for m in modes}
    while time.time() < deadline:
        mode = modes[runs % len(modes)]
        runs += 1
        arguments = list(MODES[mode])
        if mode == "attach":
            if fixture is None:
                fixture = start_fixture(options.binary)
            arguments.append(fixture[1])
        width, height = rng.choice(SIZES[:3])
        pane = Pane(options.binary, arguments, width, height)
        sent = []
        try:
            time.sleep(1.5)
            run_deadline = min(deadline, time.time() + rng.uniform(20, 60))
            while time.time() < run_deadline and pane.status() is None:
                n = random_action(rng, pane, sent)
                keys += n
                per_mode[mode] += n
                time.sleep(rng.choice([0, 0.005, 0.02, 0.05]))
                if len(sent) % 200 == 0 and pane.status() is None:
                    # Still answering? A key that changes the screen in every mode (the help overlay; compare has
                    # none, so a cursor move down or up): a frozen app leaves the screen as it was.
                    pane.resize(80, 24)  # below 40x12 the app only says what size it needs
                    pane.send("Escape")
                    time.sleep(0.3)
                    before = pane.screen()
                    alive = False
                    for probe in ["?", "j", "k", "?"]:
                        pane.send(probe)
                        for _ in range(50):
                            time.sleep(0.1)
                            if pane.status() is not None or pane.screen() != before:
                                alive = True
                                break
                        if alive:
                            break
                    pane.send("Escape")
                    if not alive and pane.status() is None:
                        problems += 1
                        print(f"monkey: {mode}: no answer for 20 s after: {sent[-20:]}\n{pane.screen()}\n"
                              f"{pane.backtrace()}")
                        break
            if pane.status() is None:
                pane.send("Escape")
                pane.send("q")
                for _ in range(200):
                    if pane.status() is not None:
                        break
                    time.sleep(0.1)
            status = pane.status()
            if status is None:
                problems += 1
                print(f"monkey: {mode}: did not quit within 20 s of q; last keys {sent[-20:]}\n{pane.screen()}")
            elif status not in ACCEPTED:
                problems += 1
                print(f"monkey: {mode}: exit {status}; last keys {sent[-20:]}\n{pane.screen()}")
            elif not sane(pane.stty()):
                problems += 1
                print(f"monkey: {mode}: terminal left raw after exit {status}; last keys {sent[-20:]}")
        finally:
            pane.close()
    if fixture is not None:
        fixture[0].stdin.close()
        fixture[0].wait()
    detail = ", ".join(f"{m} {n}" for m, n in per_mode.items())
    print(f"monkey: {keys} keys in {runs} runs ({detail}); {problems} problems")
    print(f"{runs - problems} passed, {problems} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
