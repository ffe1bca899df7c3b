"""Measures Airlock and its peers (elia, oterm) side by side in one tmux server.

For each tool, in a 120x40 pane:
  * cold start: from launching the process until the pane shows the tool's UI;
  * open long: after the long conversation is selected in the tool's list (untimed), from
    the key that opens it until its first text, and until its last message, is on screen;
  * key echo: a character typed into the input until it appears (median of N samples);
  * memory: resident set size of the tool's process tree (/proc, summed) with the long
    conversation open.
A `cat` pane is measured first for key echo: the floor that tmux and this driver add.

Every wait is bounded; a bound that is hit is reported as a timeout, never waited out.
Only the standard library is used (run with any python3).

    python3 measure.py --work DIR --export DIR --airlock BIN --out results.json
"""

import argparse
import json
import os
import pathlib
import shlex
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, str(pathlib.Path(__file__).parent))
import history  # noqa: E402

WIDTH, HEIGHT = 120, 40
POLL = 0.01  # seconds between two captures of the pane
ECHO_CHAR = "Q"  # no seeded text is typed in capitals only; counted on the whole pane


class Tmux:
    """One private tmux server (its own socket, no user config) with one 120x40 pane."""

    def __init__(self, socket: str):
        self.socket = socket
        self.run("-f", "/dev/null", "new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-s", "peers", "sleep 100000")
        self.run("set-option", "-g", "remain-on-exit", "on")

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def launch(self, argv: list[str], env: dict[str, str]) -> None:
        command = "exec env " + " ".join(shlex.quote(f"{k}={v}") for k, v in env.items()) + " " + shlex.join(argv)
        self.run("respawn-pane", "-k", "-t", "peers", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "peers")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "peers", *(["-l"] if literal else []), *keys)

    def pane(self) -> tuple[int, bool]:
        pid, dead = self.run("display", "-p", "-t", "peers", "#{pane_pid} #{pane_dead}").split()
        return int(pid), dead == "1"

    def kill(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


def wait_for(tmux: Tmux, test, bound: float, since: float) -> float | None:
    """Seconds from `since` until `test(screen)` holds, or None when `bound` passes first."""
    while True:
        screen = tmux.screen()
        now = time.monotonic()
        if test(screen):
            return now - since
        if now - since > bound:
            return None
        time.sleep(POLL)


def tree_rss_kib(root: int) -> int:
    """VmRSS summed over `root` and all its descendants (shared pages count once per process)."""
    children: dict[int, list[int]] = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def snippet(content: str) -> str:
    """The first few words of a message's first line of text, markdown marks removed: short
    enough never to be wrapped, long enough to be found nowhere else on screen."""
    line = next(line for line in content.splitlines() if line.strip())
    words = line.lstrip("#>-* ").split()
    return " ".join(words[:4])


def echo_samples(tmux: Tmux, samples: int, bound: float) -> list[float | None]:
    """Types ECHO_CHAR `samples` times, timing each until one more appears on screen."""
    results = []
    for _ in range(samples):
        before = tmux.screen().count(ECHO_CHAR)
        start = time.monotonic()
        tmux.keys(ECHO_CHAR, literal=True)
        results.append(wait_for(tmux, lambda s: s.count(ECHO_CHAR) > before, bound, start))
        time.sleep(0.2)
    return results


def measure(tmux: Tmux, tool: dict, long_first: list[str], long_last: str, args) -> dict:
    print(f"== {tool['name']}", flush=True)
    result: dict = {"name": tool["name"], "version": tool["version"]}
    start = time.monotonic()
    tmux.launch(tool["argv"], tool["env"])
    result["first_frame_s"] = wait_for(tmux, lambda s: tool["ready"] in s, args.timeout, start)
    print(f"   first frame: {result['first_frame_s']}", flush=True)
    pid, _ = tmux.pane()
    if result["first_frame_s"] is not None:
        # Wait until the list holding the long conversation is drawn, then select it (untimed).
        listed = wait_for(tmux, lambda s: tool["listed"] in s, args.timeout, start)
        result["list_shown_s"] = listed
        for step in tool["select_long"]:
            if isinstance(step, float):
                time.sleep(step)
            else:
                tmux.keys(*step)
        if tool.get("selected"):  # wait (bounded) until the tool shows the selection
            if wait_for(tmux, lambda s: tool["selected"] in s, 30, time.monotonic()) is None:
                result["note"] = "the long conversation did not appear selected before opening"
        time.sleep(1.0)  # let the selection settle before the timed key
        before = tmux.screen()
        start = time.monotonic()
        tmux.keys(*tool["open_key"])
        first = wait_for(tmux, lambda s: s != before and any(m in s for m in long_first), args.timeout, start)
        last = wait_for(tmux, lambda s: long_last in s, args.timeout, start) if first is not None else None
        result["open_first_s"], result["open_last_s"] = first, last
        print(f"   long conversation: first text {first}, last message {last}", flush=True)
        time.sleep(1.0)
        result["rss_kib"] = tree_rss_kib(pid)
        for step in tool.get("focus_input", []):
            tmux.keys(*step)
        time.sleep(0.5)
        echoes = echo_samples(tmux, args.echo_samples, args.echo_timeout)
        result["echo_samples_s"] = echoes
        timed = [e for e in echoes if e is not None]
        result["echo_median_s"] = statistics.median(timed) if timed else None
        result["echo_max_s"] = max(timed) if timed else None
        result["echo_timeouts"] = len(echoes) - len(timed)
        print(f"   key echo median {result['echo_median_s']}, max {result['echo_max_s']}, rss {result['rss_kib']} KiB", flush=True)
    else:
        result["rss_kib"] = tree_rss_kib(pid)
    result["screen_at_end"] = tmux.screen()
    tmux.launch(["sleep", "100000"], {})  # -k: the tool gets SIGHUP
    time.sleep(0.5)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, help="the run's temporary folder (homes and virtualenvs)")
    parser.add_argument("--export", required=True, help="the airlock export of the seeded workspace")
    parser.add_argument("--airlock", required=True, help="the airlock binary")
    parser.add_argument("--versions", required=True, help="JSON: tool name -> version")
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--echo-samples", type=int, default=15)
    parser.add_argument("--echo-timeout", type=float, default=10.0)
    parser.add_argument("--only", default="", help="comma-separated tool names (default: all)")
    args = parser.parse_args()
    work = pathlib.Path(args.work).resolve()
    versions = json.loads(args.versions)

    # Markers of the long conversation: its first and last messages' opening words.
    conversations = history.load(args.export)
    long = next(c for c in conversations if c.title == history.LONG_TITLE)
    long_first = [snippet(m.content) for m in long.messages[:3] + long.messages[-3:]]
    long_last = snippet(long.messages[-1].content)
    # Airlock's sidebar and elia's list both order by the newest message first.
    newest_first = sorted(conversations, key=lambda c: (-c.messages[-1].created.timestamp(), c.id))
    position = newest_first.index(long)

    base = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ["PATH"]}
    tools = [
        {   # The floor: what tmux and this driver add to any key echo.
            "name": "cat (tmux floor)", "version": "", "argv": ["sh", "-c", "printf 'ready\\n'; exec cat"],
            "env": {**base, "HOME": str(work / "home")}, "ready": "ready", "listed": "ready",
            "select_long": [], "open_key": [], "skip_open": True,
        },
        {
            "name": "Airlock", "version": versions.get("airlock", ""), "argv": [args.airlock],
            "env": {**base, "HOME": str(work / "home"), "AIRLOCK_HOME": str(work / "airlock/home"),
                    "XDG_CONFIG_HOME": str(work / "airlock/config"), "XDG_DATA_HOME": str(work / "airlock/data"),
                    # a model server that is never there: the console starts and only sending fails
                    "AIRLOCK_PROVIDER": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"},
            "ready": "Workspaces", "listed": "Sessions",
            # Tab: input -> sidebar (on the workspace row); Down to the session; Enter opens it.
            "select_long": [["Tab"], ["-N", str(position + 1), "Down"]],
            "open_key": ["Enter"], "focus_input": [],
        },
        {
            "name": "elia", "version": versions.get("elia", ""), "argv": [str(work / "venv-elia/bin/elia")],
            "env": {**base, "HOME": str(work / "elia/home"), "XDG_DATA_HOME": str(work / "elia/data"),
                    "XDG_CONFIG_HOME": str(work / "elia/config"), "OPENAI_API_KEY": "unused"},
            "ready": "Elia v", "listed": "History (",
            # Tab: prompt -> history list (nothing highlighted yet: the first Down picks row 1);
            # Down to the chat; elia shows "N / 500" when row N is highlighted.
            "select_long": [["Tab"], 0.5, ["-N", str(position + 1), "Down"]],
            "selected": f"{position + 1} / {len(conversations)}",
            "open_key": ["Enter"], "focus_input": [],
        },
        {
            "name": "oterm", "version": versions.get("oterm", ""), "argv": [str(work / "venv-oterm/bin/oterm")],
            "env": {**base, "HOME": str(work / "oterm/home"), "XDG_DATA_HOME": str(work / "oterm/data"),
                    "OTERM_DATA_DIR": str(work / "oterm/data/oterm"), "OLLAMA_HOST": "127.0.0.1:9"},
            "ready": "oterm", "listed": "❯",
            # Ctrl+F: "go to chat"; type the title; Enter opens the chosen tab.
            "select_long": [["C-f"], 1.0, ["-l", history.LONG_TITLE], 1.0],
            "open_key": ["Enter"], "focus_input": [],
        },
    ]
    only = {name.strip().lower() for name in args.only.split(",") if name.strip()}
    tmux = Tmux(str(work / "tmux.sock"))
    results = []
    try:
        for tool in tools:
            if only and tool["name"].split()[0].lower() not in only:
                continue
            if tool.get("skip_open"):
                print(f"== {tool['name']}", flush=True)
                start = time.monotonic()
                tmux.launch(tool["argv"], tool["env"])
                wait_for(tmux, lambda s: "ready" in s, 10, start)
                echoes = echo_samples(tmux, args.echo_samples, args.echo_timeout)
                timed = [e for e in echoes if e is not None]
                results.append({"name": tool["name"], "echo_samples_s": echoes,
                                "echo_median_s": statistics.median(timed) if timed else None})
                print(f"   key echo median {results[-1]['echo_median_s']}", flush=True)
                tmux.launch(["sleep", "100000"], {})
                continue
            results.append(measure(tmux, tool, long_first, long_last, args))
    finally:
        tmux.kill()
    info = {"long_position": position, "long_messages": len(long.messages), "conversations": len(conversations),
            "messages": sum(len(c.messages) for c in conversations), "long_last_marker": long_last}
    pathlib.Path(args.out).write_text(json.dumps({"info": info, "timeout": args.timeout, "echo_samples": args.echo_samples,
                                                  "results": results}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
