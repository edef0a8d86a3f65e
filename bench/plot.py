#!/usr/bin/env python3
"""Draws the benchmark results as PNGs.

  python3 bench/plot.py bench/results/<date>-full.json [--out docs/img]

Writes overhead.png (time per phase per tool), space.png (store growth per kept stage: the
big file, and the small files with and without compression) and rotation-memory.png.
Needs python3-matplotlib (apt-get install python3-matplotlib).
"""

import argparse
import json
import os
import statistics
import sys

try:
    import matplotlib
except ImportError:
    # Another python3 ahead of Debian's on PATH: rerun with the one python3-matplotlib is for.
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    raise

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MIB = 1 << 20
COLORS = {"rsync": "#9e9e9e", "rsync-same-flags": "#616161", "rsync-same-flags-cycle": "#424242",
          "mnemosyne": "#1f77b4", "mnemosyne-nodes4k": "#6baed6", "mnemosyne-nodes16k": "#6baed6", "restic": "#ff7f0e", "borg": "#2ca02c"}
LABELS = {"rsync-same-flags": "rsync\n(same flags)", "rsync-same-flags-cycle": "rsync\n(same flags)\n+ mount, umount",
          "mnemosyne-nodes4k": "mnemosyne\n(nodeSize\n4096)", "mnemosyne-nodes16k": "mnemosyne\n(nodeSize\n16384)"}


def label_bars(ax, bars, fmt):
    for b in bars:
        ax.annotate(fmt.format(b.get_height()), (b.get_x() + b.get_width() / 2, b.get_height()),
                    ha="center", va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")


def overhead(results, out):
    tools = results["overhead"]["tools"]
    phases = [("full", "full copy"), ("nochange", "no-change rerun"), ("mutation", "rerun after mutation")]
    names = list(tools)
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.6))
    for ax, (phase, title) in zip(axes, phases):
        values = [tools[n][phase]["seconds"] for n in names]
        bars = ax.bar(range(len(names)), values, color=[COLORS.get(n, "#888") for n in names])
        label_bars(ax, bars, "{:.2f}")
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([LABELS.get(n, n) for n in names], fontsize=6)
        if "rsync-same-flags" in names and "mnemosyne" in names:
            # The targets: within 1.05 x the same rsync + 0.15 s; a no-change run also at most
            # 0.95 x restic's and 0.15 s over the same rsync, whichever is less.
            same = tools["rsync-same-flags"][phase]["seconds"]
            target, what = 1.05 * same + 0.15, "1.05 x rsync (same flags) + 0.15 s"
            if phase == "nochange":
                target, what = same + 0.15, "rsync (same flags) + 0.15 s"
                if "restic" in names and 0.95 * tools["restic"][phase]["seconds"] < target:
                    target, what = 0.95 * tools["restic"][phase]["seconds"], "0.95 x restic"
            i = names.index("mnemosyne")
            ax.hlines(target, i - 0.45, i + 0.45, colors="red", linestyles="--", linewidth=1.2,
                      label="target: " + what)
            if "rsync-same-flags-cycle" in names and phase != "nochange":
                # The same target against the rsync that is mounted and unmounted as a store is.
                cycle = 1.05 * tools["rsync-same-flags-cycle"][phase]["seconds"] + 0.15
                ax.hlines(cycle, i - 0.45, i + 0.45, colors="purple", linestyles=":", linewidth=1.2,
                          label="1.05 x rsync (same flags, mount, umount) + 0.15 s")
                values.append(cycle)
            ax.legend(fontsize=7, loc="upper left")
            values.append(target)
        ax.set_title(title)
        ax.set_ylabel("seconds (wall, incl. sync)")
        ax.set_ylim(0, max(values) * 1.18)
        ax.grid(axis="y", alpha=0.3)
    d = results["data"]
    fig.suptitle(f"Time per phase, cold page cache: {d['small']['files']:,} small files "
                 f"({d['small']['bytes'] / MIB:.0f} MiB) + one {d['big']['bytes'] / MIB:.0f} MiB file", fontsize=11)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "overhead.png"), dpi=110)
    plt.close(fig)


def growth_panel(ax, section, changed, title, colors):
    variants = section["variants"]
    names = list(variants)
    stages = [s["stage"] for s in variants[names[0]]][1:]
    width = 0.8 / len(names)
    for i, n in enumerate(names):
        g = [s["growth"] / MIB for s in variants[n][1:]]
        bars = ax.bar([x + (i - (len(names) - 1) / 2) * width for x in range(len(stages))], g, width,
                      label=n, color=colors[i])
        label_bars(ax, bars, "{:.1f}")
    ax.set_xticks(range(len(stages)))
    ax.set_xticklabels([f"stage {s}" for s in stages])
    ax.set_ylabel("store growth per kept stage, MiB")
    if changed is not None:
        ax.axhline(changed / MIB, color="black", linestyle=":", linewidth=1, label="bytes changed")
        ax.axhline(1.1 * changed / MIB, color="red", linestyle="--", linewidth=1, label="target: 1.1 x changed")
    ax.set_title(title, fontsize=10)
    ax.grid(axis="y", alpha=0.3)


def below(ax):
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)


def space(results, out):
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.2))
    changed = results["space"]["changes"][0]["bytes_changed"]
    ax = axes[0]
    growth_panel(ax, results["space"], changed, f"big file: {changed / MIB:.0f} MiB rewritten in place per stage",
                 ["#1f77b4", "#9e9e9e", "#9edae5", "#17becf", "#0e7c86", "#ff7f0e"])
    ax.set_yscale("log")
    churn = results["churn"]
    written = statistics.mean(c["bytes_written"] for c in churn["changes"])
    files = churn["changes"][0]["files"]
    growth_panel(axes[1], churn, None,
                 f"small files: {files} files ({written / MIB:.1f} MiB) rewritten per stage",
                 ["#1f77b4", "#6baed6", "#9e9e9e", "#9467bd", "#c5b0d5", "#8c564b"])
    axes[1].axhline(written / MIB, color="black", linestyle=":", linewidth=1, label="bytes written")
    below(axes[0])
    below(axes[1])
    fig.suptitle("Space per kept stage (btrfs filesystem df: data + metadata used, shared extents once)",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "space.png"), dpi=110)
    plt.close(fig)


def rotation_memory(results, out):
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4))
    ax = axes[0]
    rot = results["rotation"]
    labels = list(rot)
    series = [
        ("btrfs subvolume snapshot -r", [statistics.median(rot[l]["btrfs_snapshot_seconds"]) for l in labels], "#17becf"),
        ("mnemosyne rotation (delete, rename, snapshot)",
         [statistics.median(r["rotation_seconds"] for r in rot[l]["mnemosyne_runs"]) for l in labels], "#1f77b4"),
        ("cp -al (hard-link copy)", [statistics.median(rot[l]["cp_al_seconds"]) for l in labels], "#9e9e9e"),
    ]
    width = 0.8 / len(series)
    for i, (name, values, color) in enumerate(series):
        bars = ax.bar([x + (i - 1) * width for x in range(len(labels))], values, width, label=name, color=color)
        label_bars(ax, bars, "{:.3f}")
    ax.axhline(0.1, color="red", linestyle="--", linewidth=1, label="target 0.1 s")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels([f"{rot[l]['files']:,} files" for l in labels])
    ax.set_yscale("log")
    ax.set_ylabel("seconds (cold page cache)")
    ax.set_title("One rotation", fontsize=10)
    ax.legend(fontsize=7)
    ax.grid(axis="y", alpha=0.3)

    ax = axes[1]
    mem = results["memory"]
    labels = list(mem)
    tools = results.get("overhead", {}).get("tools", {})

    def peak(runs, name):
        return max(r["peak_rss_mib"].get(name, 0) for r in runs.values() if "peak_rss_mib" in r)

    series = [("mnemosyne JVM", "#1f77b4", [peak({p: mem[l][p] for p in ("full", "nochange")}, "java") for l in labels]),
              ("each rsync process", "#9e9e9e",
               [peak({p: mem[l][p] for p in ("full", "nochange")}, "rsync") for l in labels])]
    for name, color in (("restic", "#ff7f0e"), ("borg", "#2ca02c")):
        values = []
        for i, l in enumerate(labels):
            if "others" in mem[l]:
                values.append(peak(mem[l]["others"][name], name))
            elif i == 0 and name in tools:
                values.append(peak(tools[name], name))  # the overhead data set
            else:
                values.append(0)
        series.append((name, color, values))
    width = 0.8 / len(series)
    for i, (name, color, values) in enumerate(series):
        bars = ax.bar([x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))], values, width,
                      label=name, color=color)
        label_bars(ax, bars, "{:.0f}")
    ax.axhline(64, color="red", linestyle="--", linewidth=1, label="target 64 MiB (mnemosyne)")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels([f"{mem[l]['files']:,} files" + ("\n(restic, borg: + the big file)" if i == 0 and tools else "")
                        for i, l in enumerate(labels)], fontsize=8)
    ax.set_ylabel("peak RSS, MiB (VmHWM)")
    ax.set_title("Peak memory during a backup", fontsize=10)
    ax.set_ylim(0, max(max(v) for _, _, v in series) * 1.3)
    ax.legend(fontsize=7, loc="upper left", ncol=3)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "rotation-memory.png"), dpi=110)
    plt.close(fig)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
    args = p.parse_args()
    results = json.load(open(args.results))
    os.makedirs(args.out, exist_ok=True)
    # A run of some sections only (--sections, or --scale large's memory and rotation) draws what
    # it has.
    wrote = []
    if "overhead" in results:
        overhead(results, args.out)
        wrote.append("overhead.png")
    if "space" in results and "churn" in results:
        space(results, args.out)
        wrote.append("space.png")
    if "rotation" in results and "memory" in results:
        rotation_memory(results, args.out)
        wrote.append("rotation-memory.png")
    print(f"wrote {', '.join(wrote) or 'nothing'} to {args.out}")


if __name__ == "__main__":
    main()
