"""Turns measure.py's results into the peer table: printed, and (with --doc) written into
docs/PERFORMANCE.md under "## Side by side with the peers".

Only the block between `<!-- peers:begin` and `<!-- peers:end -->` is replaced; on the
first run, the placeholder line `<!-- peers: … -->` is. Nothing else of the file is
touched (the "Benchmarks" section belongs to the benchmark work).

    python3 report.py --results results.json [--load-before "1.0 1.0 1.0"] [--doc docs/PERFORMANCE.md]
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import re

BEGIN = "<!-- peers:begin (written by scripts/peers.sh: edit the script, not this block) -->"
END = "<!-- peers:end -->"
SECTION = "## Side by side with the peers"
PEERS = ["elia", "oterm"]


def machine(load_before: str) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem_kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    load_after = " ".join(open("/proc/loadavg").read().split()[:3])
    return (f"{os.cpu_count()} cores ({cpu}), {mem_kib / 1024 / 1024:.0f} GiB, Linux {platform.release()}; "
            f"load average {load_before or '?'} before the run and {load_after} after it")


# Each row: label, how to read a result, unit, whether smaller is better (all are).
def seconds(key):
    return lambda r: r.get(key)


def echo(kind):
    """Median or slowest key echo over all samples, a sample that timed out counting as the slowest."""
    def read(r):
        samples = r.get("echo_samples_s")
        if not samples:
            return None
        values = sorted(float("inf") if s is None else s for s in samples)
        return values[len(values) // 2] if kind == "median" else values[-1]
    return read


ROWS = [
    ("Cold start to first frame", seconds("first_frame_s"), "s"),
    ("Open the 5,000-message conversation: first text", seconds("open_first_s"), "s"),
    ("Open the 5,000-message conversation: last message", seconds("open_last_s"), "s"),
    ("Key echo, median", echo("median"), "ms"),
    ("Key echo, slowest sample", echo("max"), "ms"),
    ("Resident memory with the long conversation open", lambda r: r.get("rss_kib"), "MB"),
]


def reached(result: dict, label: str) -> bool:
    """Whether the tool got far enough to be measured on this row."""
    if label.startswith("Cold"):
        return True
    if label.startswith("Resident"):
        return result.get("rss_kib") is not None
    if label.endswith("last message"):
        return result.get("first_frame_s") is not None and result.get("open_first_s") is not None
    return result.get("first_frame_s") is not None


def fmt(value, unit: str, timeout: float) -> str:
    if value is None:
        return f"> {timeout:.0f} s (timed out)"
    if value == float("inf"):
        return "> 10 s (timed out)"
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    if unit == "MB":
        return f"{value / 1024:.0f} MB"
    return f"{value:.2f} s"


def ratio(peer, airlock, timeout: float, unit: str) -> str:
    if airlock is None or airlock == 0:
        return "—"
    if peer == float("inf"):
        return f"> {10 / airlock:.0f}×"  # a key echo that timed out: at least the 10 s bound
    if peer is None:
        # The peer did not finish within the bound: its ratio is at least bound / Airlock.
        return f"> {timeout / airlock:.{0 if timeout / airlock >= 100 else 1}f}×" if unit == "s" else "—"
    return f"{peer / airlock:.{0 if peer / airlock >= 100 else 1}f}×"


def build(data: dict, load_before: str):
    results = {r["name"]: r for r in data["results"]}
    info = data["info"]
    timeout = data.get("timeout", 120.0)
    airlock = results.get("Airlock", {})
    names = ["Airlock"] + [p for p in PEERS if p in results]
    lines = [f"| Measure | {' | '.join(n + (' ' + results[n].get('version', '') if results[n].get('version') else '') for n in names)} | "
             + " | ".join(f"{p} ÷ Airlock" for p in names[1:]) + " |",
             "| --- |" + " ---: |" * (2 * len(names) - 1)]
    slower = []
    for label, read, unit in ROWS:
        cells, ratios = [], []
        for name in names:
            r = results[name]
            cell = fmt(read(r), unit, timeout) if reached(r, label) else "not reached"
            if unit == "MB" and reached(r, label) and r.get("first_frame_s") is None:
                cell += f" (at the {timeout:.0f} s bound, still starting)"
            cells.append(cell)
        for peer in names[1:]:
            p = results[peer]
            r = ratio(read(p), read(airlock), timeout if unit == "s" else 0, "s" if unit in ("s", "ms") else unit) if reached(p, label) else "—"
            if unit == "MB" and reached(p, label) and p.get("first_frame_s") is None:
                r = "≥ " + r  # it was still growing
            ratios.append(r)
            a, b = read(airlock), read(p)
            if reached(p, label) and a is not None and b is not None and b < a:
                slower.append(f"{label.lower()}: Airlock {fmt(a, unit, timeout)}, {peer} {fmt(b, unit, timeout)}")
        if read(airlock) is None and reached(airlock, label):
            slower.append(f"{label.lower()}: Airlock timed out")
        lines.append(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    floor = results.get("cat (tmux floor)", {}).get("echo_median_s")
    notes = {
        "machine": machine(load_before),
        "floor": f"{floor * 1000:.0f} ms" if floor is not None else "not measured",
        "echo_timeouts": {n: sum(s is None for s in r.get("echo_samples_s", [])) for n, r in results.items()},
        "history": f"{info['conversations']} conversations, {info['messages']:,} messages, one of {info['long_messages']:,}",
        "position": info["long_position"] + 1,
    }
    return "\n".join(lines), slower, notes, names, results


def section(data: dict, load_before: str) -> str:
    table, slower, notes, names, results = build(data, load_before)
    timeout = data.get("timeout", 120.0)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    versions = ", ".join(f"{n} {results[n].get('version', '')}".strip() for n in names)
    out = [BEGIN, "",
           f"Measured {date} by `scripts/peers.sh`, all tools in the same run, on this project's build machine: "
           f"{notes['machine']}. Tools: {versions}.", "",
           f"Every tool holds the same history ({notes['history']}): `airlock dev seed` made it, "
           "`airlock export` wrote it out, and it was written into elia's and oterm's own SQLite databases "
           "(same titles, text and timestamps). Each tool ran alone in a 120×40 tmux pane, "
           "with no model server (nothing is sent).", "",
           table, "",
           "How each figure is taken (the pane is read with `tmux capture-pane` every 10 ms; "
           f"every wait is bounded at {timeout:.0f} s and a bound that is hit is shown as a timeout):", "",
           "- **Cold start**: from launching the process until its UI is in the pane (Airlock: the "
           "*Workspaces* sidebar; elia: its *Elia v…* header; oterm: its *oterm* header).",
           f"- **Open**: the long conversation is first selected in the tool's list (untimed: Airlock's sidebar "
           f"and elia's history, both newest first, put it at row {notes['position']}; oterm's Ctrl+F *go to chat*), "
           "then the time from the Enter that opens it until the opening words of one of its first or last three "
           "messages are on screen (*first text*), and until those of its last message are (*last message*).",
           "- **Memory**: VmRSS of the tool's process tree, summed from /proc, one second after the "
           "long conversation opened (or its bound passed).",
           f"- **Key echo**: a capital Q typed into the input with `tmux send-keys` until one more Q is in the pane; "
           f"{data.get('echo_samples', 15)} samples with the long conversation open. The floor that tmux and the "
           f"driver add (the same keys typed into `cat`) was {notes['floor']} in this run.",
           "- A key echo sample that did not appear within 10 s counts as the slowest; samples that timed out: "
           + ", ".join(f"{n} {c}" for n, c in notes["echo_timeouts"].items() if n in names) + ".",
           "- Ratios are peer ÷ Airlock: above 1× Airlock is faster or smaller. Where a peer timed out, its ratio "
           "is a lower bound.", ""]
    if "(debug)" in results.get("Airlock", {}).get("version", ""):
        out.append("Airlock ran as a debug build in this run (given with `AIRLOCK_BIN`), not the release build "
                   "the script makes by default.")
        out.append("")
    airlock_echo = results.get("Airlock", {}).get("echo_median_s")
    floor_value = results.get("cat (tmux floor)", {}).get("echo_median_s")
    if airlock_echo is not None and floor_value is not None and airlock_echo <= floor_value * 1.25:
        out.append(f"Airlock's key echo ({airlock_echo * 1000:.0f} ms) is within a quarter of the floor measured with `cat` "
                   f"({floor_value * 1000:.0f} ms): most of it is tmux and the driver, not Airlock.")
        out.append("")
    if slower:
        out.append("**Where Airlock is slower** in this run:")
        out.append("")
        out += [f"- {s}" for s in slower]
    else:
        out.append("Airlock was not slower than either peer on any measure in this run.")
    out += ["", "Rerun: `make peers` or `scripts/peers.sh` (10–20 minutes on 2 cores after the release build, most of it pip and the peers' waits; "
            "`--no-doc` only prints the table, `AIRLOCK_BIN=path/to/airlock` skips the build, "
            "`PEERS_TIMEOUT=300` waits longer for slow starts).", "", END]
    return "\n".join(out)


def write(doc: pathlib.Path, block: str) -> None:
    text = doc.read_text(encoding="utf-8")
    if BEGIN.split(" (")[0] in text and END in text:
        text = re.sub(re.escape(BEGIN.split(" (")[0]) + r".*?" + re.escape(END), lambda _: block, text, count=1, flags=re.S)
    elif re.search(r"^<!-- peers:.*-->$", text, flags=re.M):
        text = re.sub(r"^<!-- peers:.*-->$", lambda _: block, text, count=1, flags=re.M)
    elif SECTION in text:
        text = text.replace(SECTION, SECTION + "\n\n" + block, 1)
    else:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--load-before", default="")
    parser.add_argument("--doc")
    args = parser.parse_args()
    data = json.loads(pathlib.Path(args.results).read_text())
    block = section(data, args.load_before)
    print(block)
    if args.doc:
        write(pathlib.Path(args.doc), block)
        print(f"\nwritten into {args.doc}")


if __name__ == "__main__":
    main()
