#!/usr/bin/env python3
"""Prints the benchmark results as Markdown tables (the ones in docs/PERFORMANCE.md).

  python3 bench/report.py bench/results/<date>-full.json
"""

import json
import statistics
import sys

MIB = 1 << 20


def mib(n):
    return f"{n / MIB:.1f}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def overhead(r):
    tools = r["overhead"]["tools"]
    phases = [("full", "full copy"), ("nochange", "no-change rerun"), ("mutation", "after mutation")]
    rows = []
    for name, t in tools.items():
        row = [name]
        for p, _ in phases:
            row.append(f"{t[p]['seconds']:.2f}")
        process = "java" if name.startswith("mnemosyne") else name.split("-")[0]
        row.append(f"{max(t[p]['peak_rss_mib'].get(process, 0) for p, _ in phases):.0f}")
        row.append(mib(t["used_after"]["total"]))
        rows.append(row)
    out = [table(["tool", *[t for _, t in phases], "peak RSS MiB", "store after, MiB"], rows), ""]
    m = tools["mnemosyne"]
    ratio_rows = []
    for base in [b for b in ("rsync", "rsync-same-flags", "rsync-same-flags-cycle") if b in tools]:
        row = [f"mnemosyne / {base}"]
        for p, _ in phases:
            b = tools[base][p]["seconds"]
            row.append(f"{m[p]['seconds'] / b:.2f}x ({m[p]['seconds'] - 1.05 * b:+.2f} s over 1.05x)")
        ratio_rows.append(row)
    for other in ("restic", "borg"):
        row = [f"mnemosyne / {other}"]
        for p, _ in phases:
            row.append(f"{m[p]['seconds'] / tools[other][p]['seconds']:.2f}x")
        ratio_rows.append(row)
    for variant in (t for t in tools if t.startswith("mnemosyne-nodes")):
        row = [f"{variant} / mnemosyne"]
        for p, _ in phases:
            row.append(f"{tools[variant][p]['seconds'] / m[p]['seconds']:.2f}x")
        ratio_rows.append(row)
    out.append(table(["ratio", *[t for _, t in phases]], ratio_rows))
    out.append("")
    for p, title in phases:
        out.append(f"{title}, each run (s): "
                   + "; ".join(f"{n} {t[p]['runs']}" for n, t in tools.items() if "runs" in t[p]))
    return "\n".join(out)


def nodes(section):
    variants = section["variants"]
    phases = [("full", "full copy"), ("nochange", "no-change run"), ("mutation", "after mutation")]
    rows = []
    for name, v in variants.items():
        row = [name]
        for p, _ in phases:
            row.append(f"{statistics.median(v[p]):.2f} ({', '.join(f'{x:.2f}' for x in v[p])})")
        row.append(f"{mib(statistics.median(v['growth']))}")
        rows.append(row)
    a, b = list(variants.values())[:2]
    ratio = ["second / first"] + [f"{statistics.median(b[p]) / statistics.median(a[p]):.2f}x" for p, _ in phases]
    ratio.append(f"{statistics.median(b['growth']) / statistics.median(a['growth']):.2f}x")
    rows.append(ratio)
    return table(["variant", *[f"{t}, median (each run), s" for _, t in phases], "growth after mutation, MiB"], rows)


def growth(section, changed_key):
    rows = []
    for name, stages in section["variants"].items():
        g = [s["growth"] for s in stages[1:]]
        row = [name, f"{mib(stages[0]['used']['total'])} ({mib(stages[0]['used']['data'])} data)"]
        row += [mib(x) for x in g]
        data = [b["used"]["data"] - a["used"]["data"] for a, b in zip(stages, stages[1:])]
        row.append(f"{mib(statistics.mean(g))} ({mib(statistics.mean(data))} data)")
        if changed_key:
            changed = statistics.mean(c[changed_key] for c in section["changes"])
            row.append(f"{statistics.mean(g) / changed:.2f}x")
        row.append(" / ".join(f"{s['seconds']:.2f}" for s in stages))
        rows.append(row)
    header = ["variant", "stage 1 (full), MiB", "+stage 2", "+stage 3", "+stage 4", "mean growth, MiB"]
    if changed_key:
        header.append("growth / changed")
    header.append("seconds per run (stage 1 / 2 / 3 / 4)")
    return table(header, rows)


def rotation(r):
    rows = []
    for label, x in r["rotation"].items():
        runs = x["mnemosyne_runs"]
        rows.append([f"{x['files']:,}",
                     f"{statistics.median(x['btrfs_snapshot_seconds']):.3f}",
                     f"{statistics.median(y['snapshot_command_seconds'] for y in runs):.3f}",
                     f"{statistics.median(y['rotation_seconds'] for y in runs):.3f}",
                     f"{statistics.median(y['seconds'] for y in runs):.2f}",
                     f"{statistics.median(x['cp_al_seconds']):.3f}"])
    return table(["files", "btrfs subvolume snapshot -r", "its snapshot step in mnemosyne",
                  "mnemosyne rotation (delete + rename + snapshot)", "whole mnemosyne run, nothing changed",
                  "cp -al"], rows)


def memory(r):
    rows = []
    for label, x in r["memory"].items():
        for phase in ("full", "nochange"):
            y = x[phase]
            rows.append([f"{x['files']:,}", phase, f"{y['peak_rss_mib'].get('java', 0):.1f}",
                         f"{y['usr_bin_time_maxrss_mib']:.1f}", f"{y['peak_rss_mib'].get('rsync', 0):.1f}",
                         f"{y['seconds']:.2f}"])
        for tool, phases in x.get("others", {}).items():
            for phase, y in phases.items():
                rows.append([f"{x['files']:,}", f"{tool} {phase}", f"{y['peak_rss_mib'].get(tool, 0):.1f} ({tool})",
                             f"{y['maxrss_mib']:.1f}", "", f"{y['seconds']:.2f}"])
    return table(["files", "run", "JVM peak RSS (VmHWM), MiB", "/usr/bin/time max RSS, MiB",
                  "rsync peak RSS, MiB", "seconds"], rows)


def startup(r):
    cold = r.get("startup_cold_page_cache", {})
    return table(["command", "mean s", "median s", "min s", "max s", "cold page cache, median of 5 s"],
                 [[c, f"{v['mean']:.3f}", f"{v['median']:.3f}", f"{v['min']:.3f}", f"{v['max']:.3f}",
                   f"{statistics.median(cold[c]):.3f}" if c in cold else ""]
                  for c, v in r["startup"].items()])


def fixed_cost(r):
    f = r["fixed_cost"]
    rows = []
    for i, run in enumerate(f["verbose_runs"]):
        commands = run["commands_ms"]
        spent = sum(v for k, v in commands.items() if k != "before first command")
        rows.append([i + 1, f"{run['seconds']:.3f}", f"{spent / 1000:.3f}", f"{run['seconds'] - spent / 1000:.3f}",
                     ", ".join(f"{k} {v}" for k, v in commands.items() if k != "before first command")])
    return (table(["run (-v)", "wall s", "in commands s", "JVM and Java code s", "ms per command"], rows)
            + f"\n\nsame runs with -q (s): {f['quiet_runs_seconds']}, median "
            + f"{statistics.median(f['quiet_runs_seconds']):.3f}")


def main():
    r = json.load(open(sys.argv[1]))
    run = r["run"]
    print(f"run: {run['command']}, scale {run['scale']}, {run['started']} .. {run['finished']}; "
          f"load at start {run['load_at_start']}, at end {run['load_at_end']}")
    for s, v in r.get("sections", {}).items():
        print(f"- {s}: {v['seconds']} s, load before {v['load_before']}, after {v['load_after']}")
    print("\nmachine: " + json.dumps(run["machine"], indent=1))
    print("\ndata: " + json.dumps(r["data"]))
    if "overhead" in r:
        print("\n## overhead\n")
        print(overhead(r))
        print("\nmutation: " + json.dumps(r["overhead"]["mutation"]))
    if "space" in r:
        print("\n## space (big file)\n")
        print(growth(r["space"], "bytes_changed"))
    if "nodes" in r:
        print("\n## nodes (mnemosyne, its default tree nodes against " + " and ".join(
            v for v in r["nodes"]["variants"] if v != "default nodes") + ")\n")
        print(nodes(r["nodes"]))
    if "churn" in r:
        print("\n## churn (small files)\n")
        print(growth(r["churn"], "bytes_written"))
    if "rotation" in r:
        print("\n## rotation\n")
        print(rotation(r))
    if "memory" in r:
        print("\n## memory\n")
        print(memory(r))
    if "startup" in r:
        print("\n## startup\n")
        print(startup(r))
    if "fixed_cost" in r:
        print("\n## fixed cost of a backup run\n")
        print(fixed_cost(r))


if __name__ == "__main__":
    main()
