#!/usr/bin/env python3
"""Compares the fixed cost of a backup run between builds or JVM flags.

  python3 bench/ab.py NAME=JAR[:JVM FLAGS] NAME=JAR[:JVM FLAGS] ... [--runs 7] [--files 10000]

Each variant backs up the same tiny tree (default 10,000 files) into its own store (4 stages,
rotating every run) until the stages are full, then runs --backup RUNS more times with
nothing changed, from a warm page cache, with the JVM started as `java FLAGS -jar JAR` (FLAGS
default to the launcher's). Prints, per variant, the median wall time, the median rotation
time (from the -v log) and the JVM's peak RSS. With --quiet the runs use -q, as from cron, and
log no time stamps (whose formatter costs start-up time of its own), so no rotation time is shown.
"""

import argparse
import os
import shlex
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

LAUNCHER_FLAGS = None


def launcher_flags():
    for line in open(run.LAUNCHER):
        line = line.strip()
        if line.startswith("exec "):
            words = shlex.split(line.rstrip("\\"))
            return [w for w in words[2:] if w.startswith("-")]
    raise SystemExit("no exec line in " + run.LAUNCHER)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("variants", nargs="+", help="NAME=JAR or NAME=JAR:FLAGS")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--files", type=int, default=10000)
    p.add_argument("--quiet", action="store_true", help="run with -q: start-up as cron sees it")
    args = p.parse_args()
    bench = run.Bench("small", keep=False)
    try:
        src = bench.path("tiny")
        bench.gen("tiny", src, "--files", args.files)
        java_opts = "" if args.quiet else "-Dorg.slf4j.simpleLogger.showDateTime=true"
        for spec in args.variants:
            name, rest = spec.split("=", 1)
            jar, _, flags = rest.partition(":")
            flags = shlex.split(flags) if flags else launcher_flags()
            wrapper = bench.path(f"java-{name}")
            with open(wrapper, "w") as f:
                f.write("#!/bin/sh\nexec java " + " ".join(shlex.quote(x) for x in flags)
                        + f" {java_opts} -jar {shlex.quote(os.path.abspath(jar))} \"$@\"\n")
            os.chmod(wrapper, 0o755)
            config = bench.store(f"ab-{name}", src)
            for i in range(4):
                bench.mnemosyne(config, f"ab-{name}-fill{i}")
            runs = []
            for i in range(args.runs):
                tag = f"ab-{name}-{i}"
                r = run.timed([wrapper, "--backup", "-c", config, "-q" if args.quiet else "-v"], env=bench.env,
                              stdout_file=bench.path("logs", tag + ".out"), stderr_file=bench.path("logs", tag + ".err"))
                if not args.quiet:
                    r.update(run.rotation_times(open(bench.path("logs", tag + ".err")).read()))
                runs.append(r)
            os.remove(bench.path("remote", f"ab-{name}.btrfs"))
            print(f"{name}: jar {jar}, flags {' '.join(flags)}")
            print(f"  wall s       median {statistics.median(r['seconds'] for r in runs):.3f}  "
                  f"all {[r['seconds'] for r in runs]}")
            if not args.quiet:
                print(f"  rotation s   median {statistics.median(r['rotation_seconds'] for r in runs):.3f}")
            print(f"  JVM peak RSS median {statistics.median(r['peak_rss_mib'].get('java', 0) for r in runs):.1f} MiB")
            print(f"  load {run.load()}", flush=True)
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
