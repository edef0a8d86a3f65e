#!/usr/bin/env python3
"""mnemosyne benchmarks on real btrfs in loop-attached images.

Run as root from anywhere:  python3 bench/run.py --scale small|full|large [--out FILE] [--keep]

Everything happens in a fresh /var/tmp/mnemosyne-bench.XXXX directory: the generated data,
the image files (sparse, on the filesystem that holds /var/tmp) and their mount points.
Every mount and loop device the run made - its own and the ones mnemosyne makes - is
removed on the way out, also after a failure or SIGINT/SIGTERM. The results are one JSON
document (default bench/results/<date>-<scale>.json); bench/plot.py draws them.

Sections (see docs/PERFORMANCE.md for what each measures and why):
  overhead   rsync (plain; with mnemosyne's flags; with those flags into a btrfs mounted and
             unmounted around each run, as a store is), mnemosyne (its default nodes, and
             store.nodeSize 16384, as older stores have), restic, borg: full copy, no-change rerun, rerun after
             mutation (medians of three)
  space      store growth per kept stage for the big file, 4 stages
  churn      store growth per kept stage for the small files, with and without compress=zstd,
             with mnemosyne's default nodes (4 KiB) and with btrfs's (16 KiB)
  compression  mnemosyne's store.compression settings: time and space of a full copy and of a
             mutation run, for the small files (half text-like) and the big random file
  nodes      mnemosyne into stores with its default tree nodes and with store.nodeSize 16384,
             in turns, fresh stores each round: full copy, no-change run, run after mutation
             and the store's growth (not in the default sections)
  rotation   one rotation at 10,000 and 100,000 files, against cp -al
  memory     peak RSS of the JVM (and of rsync) during backups of 50,000 and 200,000 files
  startup    --help and --check-config wall time
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
LAUNCHER = os.path.join(REPO, "bin", "mnemosyne")
GEN = [sys.executable, os.path.join(HERE, "gen.py")]

SCALES = {
    # small: for writing and checking the scripts; full: the published numbers.
    "small": {"small_files": 2000, "big": 64 << 20, "tiny_files": 20000, "image_gb": 3,
              "rotation": [("10k", "h0/p0", 10000), ("20k", "h0", 20000)],
              "memory": [("2k", "small", 2000), ("20k", "tiny", 20000)],
              "nochange_runs": 3, "full_runs": 3, "mutation_runs": 3, "startup_runs": 10, "nodes_rounds": 2},
    "full": {"small_files": 50000, "big": 1 << 30, "tiny_files": 200000, "image_gb": 10,
             "rotation": [("10k", "h0/p0", 10000), ("100k", "h0", 100000)],
             "memory": [("50k", "small", 50000), ("200k", "tiny", 200000)],
             "nochange_runs": 3, "full_runs": 3, "mutation_runs": 3, "startup_runs": 30, "nodes_rounds": 7},
    # large: 1,000,000 tiny files (about 1 GB) for the file-count sections; about 50 minutes on 2 cores, not for CI.
    # Its default sections are memory (mnemosyne's peak RSS at 50,000 and 1,000,000 files, and the
    # no-change runs of mnemosyne, restic and borg on the million) and rotation.
    "large": {"small_files": 50000, "big": 64 << 20, "tiny_files": 1000000, "image_gb": 20,
              "rotation": [("1m", "", 1000000)],
              "memory": [("50k", "small", 50000), ("1m", "tiny", 1000000)],
              "nochange_runs": 3, "full_runs": 3, "mutation_runs": 3, "startup_runs": 10, "sections": "memory,rotation"},
}

# What mnemosyne runs for every copy after the first into a directory (the first adds --sparse).
RSYNC_MNEMOSYNE_FLAGS = ["-aHAX", "--numeric-ids", "--delete", "--inplace", "--no-whole-file", "--block-size=4096",
                         "--modify-window=-1"]
RSYNC_OWN_BLOCK_FLAGS = [f for f in RSYNC_MNEMOSYNE_FLAGS if not f.startswith("--block-size=")]
RESTIC_PASSWORD = "bench-only-passphrase"
# The overhead section's mutation rounds (gen.py picks files and offsets by round).
MUTATION_ROUNDS = (1, 11, 12, 13, 14)
# The nodes section's mutation rounds, one per round.
NODES_ROUNDS = tuple(range(31, 41))


def log(msg):
    print(f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def sh(*args, check=True, env=None, capture=True):
    r = subprocess.run(list(args), check=False, env=env, text=True,
                       stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                       stderr=subprocess.PIPE if capture else subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited with {r.returncode}: {(r.stderr or '')[-2000:]}")
    return r


def load():
    return [float(x) for x in open("/proc/loadavg").read().split()[:3]]


def median_run(runs):
    """The run of median time, with every run's seconds beside it."""
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return dict(median, runs=[r["seconds"] for r in runs])


def drop_caches():
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


class Peaks:
    """Samples VmHWM (peak RSS) of a process tree every 20 ms, per command name."""

    def __init__(self, pid):
        self.pid = pid
        self.by_name = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _tree(self):
        pids, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            pids.append(p)
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except OSError:
                pass
        return pids

    def _loop(self):
        while not self.stop.is_set():
            for p in self._tree():
                try:
                    with open(f"/proc/{p}/status") as f:
                        status = f.read()
                except OSError:
                    continue
                name = re.search(r"^Name:\s*(\S+)", status, re.M)
                hwm = re.search(r"^VmHWM:\s*(\d+) kB", status, re.M)
                if name and hwm:
                    n = name.group(1)
                    self.by_name[n] = max(self.by_name.get(n, 0), int(hwm.group(1)))
            self.stop.wait(0.02)

    def finish(self):
        self.stop.set()
        self.thread.join()
        return {k: round(v / 1024, 1) for k, v in self.by_name.items()}


def timed(cmd, env=None, stdout_file=None, stderr_file=None, sync_after=True):
    """Runs cmd, then sync; returns wall time (incl. sync), exit code, peak RSS per process name (MiB)
    and the rusage max RSS (the number /usr/bin/time -v prints: the largest of the process and
    its waited-for descendants)."""
    out = open(stdout_file, "w") if stdout_file else subprocess.DEVNULL
    err = open(stderr_file, "w") if stderr_file else subprocess.DEVNULL
    start = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
    peaks = Peaks(p.pid)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    command_done = time.monotonic()
    if sync_after:
        os.sync()
    end = time.monotonic()
    for f in (out, err):
        if f is not subprocess.DEVNULL:
            f.close()
    return {"seconds": round(end - start, 3), "command_seconds": round(command_done - start, 3),
            "rc": p.returncode, "peak_rss_mib": peaks.finish(), "maxrss_mib": round(usage.ru_maxrss / 1024, 1)}


class Bench:
    def __init__(self, scale, keep):
        self.scale = scale
        self.cfg = SCALES[scale]
        self.keep = keep
        self.work = tempfile.mkdtemp(prefix="mnemosyne-bench.", dir="/var/tmp")
        self.mounts = []  # mount points, in order made
        self.loops = []
        self.env = dict(os.environ, RUNTIME_DIRECTORY=os.path.join(self.work, "run"), LC_ALL="C")
        self.results = {}
        for d in ("images", "mnt", "remote", "run", "logs", "src", "restic-cache", "borg-base"):
            os.makedirs(os.path.join(self.work, d), exist_ok=True)
        os.chmod(os.path.join(self.work, "run"), 0o700)  # mnemosyne's runtime directory must be private
        log(f"working in {self.work}")

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    # -- btrfs images ---------------------------------------------------------------------

    def btrfs(self, name, options="noatime", mkfs_args=()):
        """A fresh btrfs in a sparse image, loop-attached and mounted the way mnemosyne does it."""
        image = self.path("images", name + ".img")
        mnt = self.path("mnt", name)
        os.makedirs(mnt)
        with open(image, "wb") as f:
            f.truncate(self.cfg["image_gb"] << 30)
        sh("mkfs.btrfs", "-q", *mkfs_args, "-L", name, image)
        dev = sh("losetup", "--find", "--show", image).stdout.strip()
        self.loops.append(dev)
        sh("mount", "-t", "btrfs", "-o", options, dev, mnt)
        self.mounts.append(mnt)
        return mnt

    def release(self, mnt):
        """Unmounts a btrfs made by btrfs(), detaches its loop and removes its image."""
        dev = None
        for line in open("/proc/self/mounts"):
            f = line.split()
            if f[1] == mnt:
                dev = f[0]
        sh("umount", mnt)
        self.mounts.remove(mnt)
        if dev in self.loops:
            sh("losetup", "-d", dev)
            self.loops.remove(dev)
        os.remove(self.path("images", os.path.basename(mnt) + ".img"))

    def attach_readonly(self, image):
        mnt = self.path("mnt", "ro-" + os.path.basename(image))
        os.makedirs(mnt, exist_ok=True)
        dev = sh("losetup", "--find", "--show", "--read-only", image).stdout.strip()
        self.loops.append(dev)
        sh("mount", "-t", "btrfs", "-o", "ro,noatime", dev, mnt)
        self.mounts.append(mnt)
        return mnt, dev

    def detach(self, mnt, dev):
        sh("umount", mnt)
        self.mounts.remove(mnt)
        sh("losetup", "-d", dev)
        self.loops.remove(dev)

    @staticmethod
    def used(mnt):
        """Logical bytes used (data + metadata), each extent counted once: btrfs filesystem df."""
        sh("btrfs", "filesystem", "sync", mnt)
        os.sync()
        text = sh("btrfs", "filesystem", "df", "-b", mnt).stdout
        out = {}
        for line in text.splitlines():
            m = re.match(r"(Data|Metadata|System),\s*\S+:\s*total=(\d+),\s*used=(\d+)", line)
            if m:
                out[m.group(1).lower()] = out.get(m.group(1).lower(), 0) + int(m.group(3))
        out["total"] = out.get("data", 0) + out.get("metadata", 0)
        return out

    def store_used(self, name):
        """used() of a mnemosyne store, mounted read-only while no run holds it."""
        mnt, dev = self.attach_readonly(self.path("remote", name + ".btrfs"))
        try:
            return self.used(mnt)
        finally:
            self.detach(mnt, dev)

    # -- mnemosyne ------------------------------------------------------------------------

    def store(self, name, source, stages=4, compression=None, node_size=None):
        config = self.path(name + ".json")
        store = {"name": name + ".btrfs", "size": self.cfg["image_gb"], "encryption": "none"}
        if compression:
            store["compression"] = compression
        if node_size:
            store["nodeSize"] = node_size
        with open(config, "w") as f:
            json.dump({"remote": {"type": "local", "path": self.path("remote")},
                       "store": store,
                       "strategy": {"stages": stages, "rotate": 0},
                       "local": {"directories": [{"key": "data", "directory": source}]}}, f, indent=1)
        sh(LAUNCHER, "--init-store", "-c", config, "-q", env=self.env)
        return config

    def mnemosyne(self, config, tag, verbose=False, env_extra=None, wrap=()):
        env = dict(self.env, **(env_extra or {}))
        args = list(wrap) + [LAUNCHER, "--backup", "-c", config, "-v" if verbose else "-q"]
        r = timed(args, env=env, stdout_file=self.path("logs", tag + ".out"),
                  stderr_file=self.path("logs", tag + ".err"))
        if r["rc"] not in (0, 3):
            raise RuntimeError(f"mnemosyne {tag} exited with {r['rc']}: "
                               + open(self.path("logs", tag + ".err")).read()[-3000:])
        return r

    # -- data -----------------------------------------------------------------------------

    def gen(self, *args):
        return json.loads(sh(*GEN, *[str(a) for a in args]).stdout)

    def make_source(self):
        """The overhead section's data under src/: the small files and the big file; their descriptions."""
        small = self.gen("small", self.path("src", "small"), "--files", self.cfg["small_files"])
        os.makedirs(self.path("src", "big"))
        big = self.gen("big", self.path("src", "big", "big.bin"), "--size", self.cfg["big"])
        return small, big

    def make_data(self):
        t = time.monotonic()
        small, big = self.make_source()
        tiny = self.gen("tiny", self.path("tiny"), "--files", self.cfg["tiny_files"])
        self.results["data"] = {"small": small, "big": big, "tiny": tiny,
                                "seconds": round(time.monotonic() - t, 1)}
        log(f"data: {self.results['data']}")

    def mutate_small(self, round_):
        return self.gen("mutate-small", self.path("src", "small"), "--files", self.cfg["small_files"],
                        "--round", round_)

    def mutate_big(self, round_):
        return self.gen("mutate-big", self.path("src", "big", "big.bin"), "--round", round_)

    # -- sections -------------------------------------------------------------------------

    def overhead_targets(self, suffix=""):
        """A fresh target for every tool of the overhead section: (commands, envs, mounts, config)."""
        src = self.path("src") + "/"
        rs_default = self.btrfs("rsync-default" + suffix)
        # Mounted as mnemosyne mounts a store by default (store.compression zstd:1), so that the
        # difference between the two is mnemosyne's own.
        rs_same = self.btrfs("rsync-same" + suffix, "noatime,compress=zstd:1")
        # The same rsync again, into a btrfs that, as a store, is mounted for each run and unmounted
        # after it, with a snapshot of the copy before every run but the first: what a run of
        # mnemosyne's must do around its rsync, without mnemosyne.
        rs_cycle = self.btrfs("rsync-cycle" + suffix, "noatime,compress=zstd:1")
        for m in (rs_default, rs_same, rs_cycle):
            sh("btrfs", "subvolume", "create", os.path.join(m, "data"))
        cycle_dev = self.device(rs_cycle)
        sh("umount", rs_cycle)
        restic_mnt = self.btrfs("restic" + suffix)
        borg_mnt = self.btrfs("borg" + suffix)
        restic_repo = os.path.join(restic_mnt, "repo")
        borg_repo = os.path.join(borg_mnt, "repo")
        renv = dict(self.env, RESTIC_PASSWORD=RESTIC_PASSWORD, RESTIC_CACHE_DIR=self.path("restic-cache"))
        benv = dict(self.env, BORG_BASE_DIR=self.path("borg-base"), BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK="yes",
                    BORG_RELOCATED_REPO_ACCESS_IS_OK="yes")
        sh("restic", "-r", restic_repo, "init", env=renv)
        sh("borg", "init", "--encryption=none", borg_repo, env=benv)
        # mnemosyne's stores, by tool: (store name, configuration). The second has btrfs's own 16 KiB
        # tree nodes (store.nodeSize 16384), as stores made before mnemosyne's default of 4 KiB have:
        # what the smaller default costs in time, beside what it saves in the churn section.
        stores = {tool: (name + suffix, self.store(name + suffix, self.path("src"), node_size=nodes))
                  for tool, name, nodes in (("mnemosyne", "overhead", None),
                                            ("mnemosyne-nodes16k", "overhead-nodes16k", 16384))}
        counter = {"borg": 0, "cycle": 0}

        def borg_cmd():
            counter["borg"] += 1
            return ["borg", "create", f"{borg_repo}::run{counter['borg']}", self.path("src")]

        def cycle_cmd():
            counter["cycle"] += 1
            data = os.path.join(rs_cycle, "data")
            snapshot = f"btrfs subvolume snapshot -r {data} {data}.{counter['cycle']} >/dev/null && " \
                if counter["cycle"] > 1 else ""
            return ["sh", "-ec", f"mount -t btrfs -o noatime,compress=zstd:1 {cycle_dev} {rs_cycle}; {snapshot}"
                    f"{' '.join(['rsync', *RSYNC_MNEMOSYNE_FLAGS, src, data + '/'])}; umount {rs_cycle}"]

        tools = {
            "rsync": lambda: ["rsync", "-aHAX", "--delete", src, os.path.join(rs_default, "data") + "/"],
            "rsync-same-flags": lambda: ["rsync", *RSYNC_MNEMOSYNE_FLAGS, src, os.path.join(rs_same, "data") + "/"],
            "rsync-same-flags-cycle": cycle_cmd,
            **{tool: None for tool in stores},
            "restic": lambda: ["restic", "-r", restic_repo, "backup", "-q", "--host", "bench", self.path("src")],
            "borg": borg_cmd,
        }
        mounts = {"rsync": rs_default, "rsync-same-flags": rs_same, "rsync-same-flags-cycle": rs_cycle,
                  "restic": restic_mnt, "borg": borg_mnt}
        return {"tools": tools, "envs": {"restic": renv, "borg": benv}, "mounts": mounts, "stores": stores,
                "unmounted": {rs_cycle: cycle_dev}}

    def mount_unmounted(self, targets):
        """Mounts the targets that stay unmounted between runs (to measure or release them), for good."""
        for mnt, dev in targets["unmounted"].items():
            sh("mount", "-t", "btrfs", "-o", "noatime,compress=zstd:1", dev, mnt)
        targets["unmounted"].clear()

    @staticmethod
    def device(mnt):
        return next(line.split()[0] for line in open("/proc/self/mounts") if line.split()[1] == mnt)

    def release_targets(self, targets):
        self.mount_unmounted(targets)
        for m in targets["mounts"].values():
            self.release(m)
        for store, _ in targets["stores"].values():
            os.remove(self.path("remote", store + ".btrfs"))

    def section_overhead(self):
        main = self.overhead_targets()
        tools = main["tools"]
        out = {t: {} for t in tools}

        def run(targets, tool, tag):
            drop_caches()
            if tool in targets["stores"]:
                r = self.mnemosyne(targets["stores"][tool][1], tag)
            else:
                r = timed(targets["tools"][tool](), env=targets["envs"].get(tool, self.env),
                          stdout_file=self.path("logs", tag + ".out"), stderr_file=self.path("logs", tag + ".err"))
                if r["rc"] != 0:
                    raise RuntimeError(f"{tag} exited with {r['rc']}: "
                                       + open(self.path("logs", tag + ".err")).read()[-2000:])
            r["load"] = load()
            log(f"{tag}: {r['seconds']} s, peaks {r['peak_rss_mib']}")
            return r

        def one(tool, phase, rep=0):
            return run(main, tool, f"overhead-{tool}-{phase}-{rep}")

        # Full copies spread more between runs than between tools, so each tool makes several,
        # in an order that turns round every time, the earlier ones into targets of their own;
        # the last one fills the targets that the later phases use.
        full_runs = self.cfg["full_runs"]
        names = list(tools)
        fulls = {t: [] for t in tools}
        for rep in range(full_runs):
            last = rep == full_runs - 1
            targets = main if last else self.overhead_targets(f"-full{rep}")
            for tool in names[rep % len(names):] + names[:rep % len(names)]:
                fulls[tool].append(run(targets, tool, f"overhead-{tool}-full-{rep}"))
            if not last:
                self.release_targets(targets)
        for tool in tools:
            out[tool]["full"] = median_run(fulls[tool])
        for tool in tools:
            out[tool]["nochange"] = median_run([one(tool, "nochange", i) for i in range(self.cfg["nochange_runs"])])
        # After-mutation runs spread as full copies do: several rounds, each with mutations of its own
        # (rounds the space and churn sections do not use), the order turning round every time.
        mutations, changed = {t: [] for t in tools}, []
        for rep, round_ in enumerate(MUTATION_ROUNDS[:self.cfg["mutation_runs"]]):
            changed.append({"round": round_, "small": self.mutate_small(round_), "big": self.mutate_big(round_)})
            for tool in names[rep % len(names):] + names[:rep % len(names)]:
                mutations[tool].append(one(tool, "mutation", rep))
        for tool in tools:
            out[tool]["mutation"] = median_run(mutations[tool])
        self.mount_unmounted(main)
        sizes = {tool: self.used(mnt) for tool, mnt in main["mounts"].items()}
        for tool, (store, _) in main["stores"].items():
            sizes[tool] = self.store_used(store)
        for tool in tools:
            out[tool]["used_after"] = sizes[tool]
        self.results["overhead"] = {"tools": out, "mutation": changed,
                                    "versions": {"restic": sh("restic", "version").stdout.strip(),
                                                 "borg": sh("borg", "--version").stdout.strip()},
                                    "restic_repo": "repository version 2, password from RESTIC_PASSWORD, default compression (auto)",
                                    "borg_repo": "--encryption=none, default compression (lz4)"}
        self.release_targets(main)

    def section_nodes(self):
        """mnemosyne into a store with its default nodes against one with store.nodeSize 16384."""
        variants = {"default nodes": None, "nodeSize 16384": 16384}
        names = list(variants)
        out = {v: {"full": [], "nochange": [], "mutation": [], "growth": []} for v in variants}
        changed = []
        for rep, round_ in enumerate(NODES_ROUNDS[:self.cfg["nodes_rounds"]]):
            order = names if rep % 2 == 0 else names[::-1]
            stores = {v: f"nodes-{rep}-{'default' if n is None else n}" for v, n in variants.items()}
            configs = {v: self.store(stores[v], self.path("src"), node_size=n) for v, n in variants.items()}

            def one(phase):
                for v in order:
                    drop_caches()
                    r = self.mnemosyne(configs[v], f"nodes-{rep}-{phase}-{v.replace(' ', '-')}")
                    out[v][phase].append(r["seconds"])
                    log(f"nodes {rep} {phase} {v}: {r['seconds']} s")

            one("full")
            one("nochange")
            before = {v: self.store_used(stores[v])["total"] for v in variants}
            changed.append({"round": round_, "small": self.mutate_small(round_), "big": self.mutate_big(round_)})
            one("mutation")
            for v in variants:
                out[v]["growth"].append(self.store_used(stores[v])["total"] - before[v])
                os.remove(self.path("remote", stores[v] + ".btrfs"))
        self.results["nodes"] = {"variants": out, "changes": changed,
                                 "order": "fresh stores each round; the variants' order turns round every round"}

    def section_space(self):
        """Store growth per kept stage for the big file: 4 stages, ~1 MiB changed between runs."""
        src = self.path("src", "big")
        config = self.store("space", src)
        whole = self.btrfs("space-wholefile")
        variants = {
            "mnemosyne": None,
            "rsync --whole-file": (whole, ["rsync", "-aHAX", "--numeric-ids", "--delete", "--whole-file"]),
        }
        # mnemosyne's rsync flags with other block sizes: rsync's own is about the square root of
        # the file's size (32 KiB for 1 GiB), the unit it rewrites around each change.
        variants["rsync --inplace --no-whole-file, rsync's own block"] = (
            self.btrfs("space-ownblock"), ["rsync", *RSYNC_OWN_BLOCK_FLAGS])
        for block in (16384, 8192):
            variants[f"rsync --inplace --no-whole-file --block-size={block}"] = (
                self.btrfs(f"space-block{block}"), ["rsync", *RSYNC_OWN_BLOCK_FLAGS, f"--block-size={block}"])
        # The earlier flags: --sparse on every copy punches a hole for the zero bytes at either edge of
        # every block rsync writes; on btrfs a hole smaller than a sector rewrites the sector.
        variants["rsync --inplace --no-whole-file --block-size=4096 with --sparse"] = (
            self.btrfs("space-block4096-sparse"), ["rsync", *RSYNC_MNEMOSYNE_FLAGS, "--sparse"])
        mounts = [spec[0] for spec in variants.values() if spec]
        for m in mounts:
            sh("btrfs", "subvolume", "create", os.path.join(m, "data"))
        out = {v: [] for v in variants}
        base = {name: self.store_used("space") if spec is None else self.used(spec[0]) for name, spec in variants.items()}
        changes = []
        for stage in range(1, 5):
            if stage > 1:
                changes.append(self.mutate_big(stage))
            for name, spec in variants.items():
                tag = f"space-{stage}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                drop_caches()
                if spec is None:
                    r = self.mnemosyne(config, tag)
                    used = self.store_used("space")
                else:
                    mnt, flags = spec
                    r = timed(flags + [src + "/", os.path.join(mnt, "data") + "/"])
                    if r["rc"] != 0:
                        raise RuntimeError(f"{tag} exited with {r['rc']}")
                    sh("btrfs", "subvolume", "snapshot", "-r", os.path.join(mnt, "data"),
                       os.path.join(mnt, f"data.snap{stage}"))
                    used = self.used(mnt)
                out[name].append({"stage": stage, "seconds": r["seconds"], "used": used,
                                  "growth": used["total"] - (out[name][-1]["used"]["total"] if out[name]
                                                             else base[name]["total"])})
                log(f"{tag}: {r['seconds']} s, used {used['total'] / 2**20:.1f} MiB")
        self.results["space"] = {"variants": out, "empty": base, "changes": changes,
                                 "measure": "btrfs filesystem df -b: Data used + Metadata used, after btrfs filesystem sync"}
        for m in mounts:
            self.release(m)
        os.remove(self.path("remote", "space.btrfs"))

    def section_churn(self):
        """Store growth per kept stage after the 1% small-file mutation, with and without compression."""
        src = self.path("src", "small")
        configs = {"mnemosyne": ("churn", self.store("churn", src)),
                   "mnemosyne nodeSize 16384": ("churn-store-nodes16k",
                                                self.store("churn-store-nodes16k", src, node_size=16384))}
        plain = self.btrfs("churn-plain")
        zstd = self.btrfs("churn-zstd", "noatime,compress=zstd")
        zstd1 = self.btrfs("churn-zstd1", "noatime,compress=zstd:1")
        nodes4k = self.btrfs("churn-nodes4k", mkfs_args=("--nodesize", "4096"))
        variants = {"mnemosyne": None, "mnemosyne nodeSize 16384": None, "btrfs": plain, "btrfs compress=zstd": zstd,
                    "btrfs compress=zstd:1": zstd1, "btrfs nodesize 4096": nodes4k}
        mounts = (plain, zstd, zstd1, nodes4k)
        for m in mounts:
            sh("btrfs", "subvolume", "create", os.path.join(m, "data"))
        out = {v: [] for v in variants}
        base = {name: self.store_used(configs[name][0]) if mnt is None else self.used(mnt)
                for name, mnt in variants.items()}
        changes = []
        for stage in range(1, 5):
            if stage > 1:
                changes.append(self.mutate_small(stage))
            for name, mnt in variants.items():
                tag = f"churn-{stage}-{name.replace(' ', '-').replace('=', '-')}"
                if mnt is None:
                    store, config = configs[name]
                    r = self.mnemosyne(config, tag)
                    used = self.store_used(store)
                else:
                    r = timed(["rsync", *RSYNC_MNEMOSYNE_FLAGS, src + "/", os.path.join(mnt, "data") + "/"])
                    sh("btrfs", "subvolume", "snapshot", "-r", os.path.join(mnt, "data"),
                       os.path.join(mnt, f"data.snap{stage}"))
                    used = self.used(mnt)
                out[name].append({"stage": stage, "seconds": r["seconds"], "used": used,
                                  "growth": used["total"] - (out[name][-1]["used"]["total"] if out[name]
                                                             else base[name]["total"])})
                log(f"{tag}: {r['seconds']} s, used {used['total'] / 2**20:.1f} MiB")
        self.results["churn"] = {"variants": out, "empty": base, "changes": changes}
        for m in mounts:
            self.release(m)
        for store, _ in configs.values():
            os.remove(self.path("remote", store + ".btrfs"))

    def section_compression(self):
        """Each store.compression setting through mnemosyne: a full copy, then a run after the mutation."""
        settings = ["none", "lzo", "zstd:1", "zstd:3"]
        out = {}
        for data in ("small", "big"):
            src = self.path("src", data)
            configs = {c: self.store(f"compression-{data}-{c.replace(':', '')}", src, compression=c) for c in settings}
            runs = {c: [] for c in settings}
            for run in ("full", "mutation"):
                if run == "mutation":
                    change = self.mutate_small(9) if data == "small" else self.mutate_big(9)
                for c in settings:
                    name = f"compression-{data}-{c.replace(':', '')}"
                    drop_caches()
                    r = self.mnemosyne(configs[c], f"{name}-{run}")
                    used = self.store_used(name)
                    runs[c].append({"run": run, "seconds": r["seconds"], "used": used})
                    log(f"{name} {run}: {r['seconds']} s, data {used['data'] / 2**20:.1f} MiB")
            out[data] = {"runs": runs, "mutation": change}
            for c in settings:
                os.remove(self.path("remote", f"compression-{data}-{c.replace(':', '')}.btrfs"))
        self.results["compression"] = out

    def section_rotation(self):
        out = {}
        java_opts = {"MNEMOSYNE_JAVA_OPTS": "-Dorg.slf4j.simpleLogger.showDateTime=true"}
        for label, rel, files in self.cfg["rotation"]:
            src = self.path("tiny", rel)
            config = self.store(f"rotation-{label}", src)
            # A full copy, then three rotations to reach the steady state: 4 stages, so that each
            # timed run deletes the oldest, renames, snapshots (and rsync finds nothing to do).
            for i in range(4):
                self.mnemosyne(config, f"rotation-{label}-fill{i}")
            runs = []
            for i in range(3):
                drop_caches()
                tag = f"rotation-{label}-{i}"
                r = self.mnemosyne(config, tag, verbose=True, env_extra=java_opts)
                r.update(rotation_times(open(self.path("logs", tag + ".err")).read()))
                runs.append(r)
                log(f"{tag}: run {r['seconds']} s, rotation {r.get('rotation_seconds')} s")
            os.remove(self.path("remote", f"rotation-{label}.btrfs"))
            mnt = self.btrfs(f"rotation-{label}")
            sh("btrfs", "subvolume", "create", os.path.join(mnt, "data"))
            sh("rsync", *RSYNC_MNEMOSYNE_FLAGS, src + "/", os.path.join(mnt, "data") + "/")
            snaps, links = [], []
            for i in range(3):
                drop_caches()
                snaps.append(timed(["btrfs", "subvolume", "snapshot", "-r", os.path.join(mnt, "data"),
                                    os.path.join(mnt, f"snap{i}")])["seconds"])
                drop_caches()
                links.append(timed(["cp", "-al", os.path.join(mnt, "data"), os.path.join(mnt, f"links{i}")])["seconds"])
            log(f"rotation {label}: snapshot {snaps}, cp -al {links}")
            self.release(mnt)
            out[label] = {"files": files, "mnemosyne_runs": runs, "btrfs_snapshot_seconds": snaps,
                          "cp_al_seconds": links}
        self.results["rotation"] = out

    def section_memory(self):
        out = {}
        for label, tree, files in self.cfg["memory"]:
            src = self.path("src", "small") if tree == "small" else self.path("tiny")
            config = self.store(f"memory-{label}", src)
            runs = {}
            for phase in ("full", "nochange"):
                drop_caches()
                tag = f"memory-{label}-{phase}"
                timefile = self.path("logs", tag + ".time")
                r = self.mnemosyne(config, tag, wrap=["/usr/bin/time", "-v", "-o", timefile])
                m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(timefile).read())
                r["usr_bin_time_maxrss_mib"] = round(int(m.group(1)) / 1024, 1)
                r["load"] = load()
                runs[phase] = r
                log(f"{tag}: {r['seconds']} s, /usr/bin/time {r['usr_bin_time_maxrss_mib']} MiB, peaks {r['peak_rss_mib']}")
            os.remove(self.path("remote", f"memory-{label}.btrfs"))
            out[label] = {"files": files, **runs}
            if label == self.cfg["memory"][-1][0]:
                out[label]["others"] = self.others_memory(label, src)
        self.results["memory"] = out

    def others_memory(self, label, src):
        """restic's and borg's peak RSS on the same tree (their 50,000-file numbers come from overhead)."""
        mnt = self.btrfs(f"memory-others-{label}")
        renv = dict(self.env, RESTIC_PASSWORD=RESTIC_PASSWORD, RESTIC_CACHE_DIR=self.path("restic-cache-" + label))
        benv = dict(self.env, BORG_BASE_DIR=self.path("borg-base-" + label),
                    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK="yes")
        sh("restic", "-r", os.path.join(mnt, "restic"), "init", env=renv)
        sh("borg", "init", "--encryption=none", os.path.join(mnt, "borg"), env=benv)
        out = {}
        for phase in ("full", "nochange"):
            for tool, cmd, env in (
                    ("restic", ["restic", "-r", os.path.join(mnt, "restic"), "backup", "-q", "--host", "bench", src], renv),
                    ("borg", ["borg", "create", f"{os.path.join(mnt, 'borg')}::{phase}", src], benv)):
                drop_caches()
                r = timed(cmd, env=env)
                if r["rc"] != 0:
                    raise RuntimeError(f"{tool} {phase} on {label} exited with {r['rc']}")
                r["load"] = load()
                out.setdefault(tool, {})[phase] = r
                log(f"memory-{label}-{tool}-{phase}: {r['seconds']} s, peaks {r['peak_rss_mib']}")
        self.release(mnt)
        return out

    def section_startup(self):
        config = self.path("startup.json")
        with open(config, "w") as f:
            json.dump({"remote": {"type": "local", "path": self.path("remote")},
                       "store": {"name": "startup.btrfs", "size": 1, "encryption": "none"},
                       "strategy": {"stages": 4, "rotate": 0},
                       "local": {"directories": [{"key": "data", "directory": self.path("src")}]}}, f)
        export = self.path("logs", "hyperfine.json")
        n = self.cfg["startup_runs"]
        sh("hyperfine", "-N", "--warmup", "3", "--runs", str(n), "--export-json", export,
           f"{LAUNCHER} --help", f"{LAUNCHER} --version", f"{LAUNCHER} --check-config -c {config}", env=self.env)
        data = json.load(open(export))
        self.results["startup"] = {r["command"].replace(LAUNCHER, "mnemosyne").replace(config, "CONFIG"):
                                   {k: round(r[k], 4) for k in ("mean", "stddev", "median", "min", "max")}
                                   for r in data["results"]}
        cold = {}
        for name, args in (("mnemosyne --help", ["--help"]), ("mnemosyne --check-config -c CONFIG", ["--check-config", "-c", config])):
            times = []
            for _ in range(5):
                drop_caches()
                times.append(timed([LAUNCHER, *args], env=self.env, sync_after=False)["seconds"])
            cold[name] = times
        self.results["startup_cold_page_cache"] = cold
        log(f"startup: {self.results['startup']}; cold: {cold}")
        self.results["fixed_cost"] = self.fixed_cost()

    def fixed_cost(self):
        """Where a backup's fixed cost goes: a store of a one-file directory at its steady state
        (4 stages, rotating every run), timed whole and command by command from a -v log."""
        src = self.path("one-file")
        os.makedirs(src, exist_ok=True)
        with open(os.path.join(src, "a"), "w") as f:
            f.write("a\n")
        config = self.store("fixed", src)
        for i in range(4):
            self.mnemosyne(config, f"fixed-fill{i}")
        runs = []
        java_opts = {"MNEMOSYNE_JAVA_OPTS": "-Dorg.slf4j.simpleLogger.showDateTime=true"}
        for i in range(5):
            tag = f"fixed-{i}"
            r = self.mnemosyne(config, tag, verbose=True, env_extra=java_opts)
            steps = command_times(open(self.path("logs", tag + ".err")).read())
            runs.append({"seconds": r["seconds"], "commands_ms": steps})
        quiet = [self.mnemosyne(config, f"fixed-quiet-{i}")["seconds"] for i in range(5)]
        os.remove(self.path("remote", "fixed.btrfs"))
        log(f"fixed cost: quiet runs {quiet}; commands {runs[-1]['commands_ms']}")
        return {"verbose_runs": runs, "quiet_runs_seconds": quiet}

    # -- cleanup --------------------------------------------------------------------------

    def cleanup(self):
        # mnemosyne's own mounts and loops (a failed run may leave them), then ours.
        for line in reversed(open("/proc/self/mounts").read().splitlines()):
            mnt = line.split()[1]
            if mnt.startswith(self.work + "/") and mnt not in self.mounts:
                sh("umount", mnt, check=False)
        for mnt in reversed(self.mounts):
            sh("umount", mnt, check=False)
        self.mounts.clear()
        info = json.loads(sh("losetup", "--json", "--list", check=False).stdout or '{"loopdevices": []}')
        for d in info.get("loopdevices", []):
            if (d.get("back-file") or "").startswith(self.work + "/"):
                sh("losetup", "-d", d["name"], check=False)
        for dev in self.loops:
            sh("losetup", "-d", dev, check=False)
        self.loops.clear()
        if not self.keep:
            shutil.rmtree(self.work, ignore_errors=True)
            log(f"removed {self.work}")


def rotation_times(stderr):
    """From a -v log with slf4j's relative millisecond stamps: the rotation (first rotation step
    to the start of rsync) and the btrfs snapshot command alone."""
    stamp = None
    start = snap_start = snap = rsync = None
    for line in stderr.splitlines():
        m = re.match(r"(\d+) (DEBUG|INFO|WARN)", line)
        if m:
            stamp = int(m.group(1))
        if line.startswith("- delete a subvolume") or line.startswith("- rename a subvolume") \
                or line.startswith("- snapshot a subvolume"):
            if start is None:
                start = stamp
        if "running: btrfs subvolume snapshot" in line:
            snap_start = stamp
        if snap_start is not None and snap is None and "btrfs exited with" in line and stamp > snap_start - 1:
            snap = stamp - snap_start
        if "running: rsync" in line:
            rsync = stamp
    out = {}
    if start is not None and rsync is not None:
        out["rotation_seconds"] = round((rsync - start) / 1000, 3)
    if snap is not None:
        out["snapshot_command_seconds"] = round(snap / 1000, 3)
    return out


def command_times(stderr):
    """Milliseconds per command (summed by its first two words) from a -v log with slf4j's stamps;
    'before first command' is from the logger's start to the first command."""
    out = {}
    first = None
    current = None
    for line in stderr.splitlines():
        m = re.match(r"(\d+) DEBUG ExecCommandRunner - (running: (.*)|(\S+) exited with)", line)
        if not m:
            m0 = re.match(r"(\d+) ", line)
            if m0 and first is None:
                first = int(m0.group(1))
            continue
        stamp = int(m.group(1))
        if m.group(3):
            words = m.group(3).split()
            name = " ".join(w for w in words[:3] if not w.startswith("/"))
            if "before first command" not in out and first is not None:
                out["before first command"] = stamp - first
            current = (name, stamp)
        elif current:
            out[current[0]] = out.get(current[0], 0) + stamp - current[1]
            current = None
    return out


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")

    def version(*cmd):
        if not shutil.which(cmd[0]):
            return "(not installed)"
        r = sh(*cmd, check=False)
        return (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr) else "?"

    return {"kernel": platform.release(), "cpu": cpu, "cpus": os.cpu_count(), "memory": mem,
            "os": next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release")
                        if l.startswith("PRETTY_NAME")), "?"),
            "backing_fs": sh("stat", "-f", "-c", "%T", "/var/tmp").stdout.strip(),
            "java": version("java", "-version"), "rsync": version("rsync", "--version"),
            "btrfs_progs": version("btrfs", "--version"), "hyperfine": version("hyperfine", "--version"),
            "mnemosyne": version(LAUNCHER, "--version"),
            "commit": sh("git", "-C", REPO, "rev-parse", "--short", "HEAD", check=False).stdout.strip(),
            "launcher_jvm_flags": next((l.strip() for l in open(LAUNCHER) if l.strip().startswith("exec ")), "?")}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", choices=SCALES, default="small")
    p.add_argument("--sections", help="default: every section (large: memory,rotation)")
    p.add_argument("--out")
    p.add_argument("--keep", action="store_true", help="keep the work directory (mounts are still removed)")
    args = p.parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root: the benchmarks attach loop devices and mount btrfs")
    if not args.sections:
        args.sections = SCALES[args.scale].get("sections", "startup,overhead,space,churn,compression,rotation,memory")
    sections = args.sections.split(",")
    needs = {"overhead": ("restic", "borg"), "startup": ("hyperfine",), "memory": ("/usr/bin/time",)}
    tools = ["rsync", "btrfs", "mkfs.btrfs", "losetup"] + [t for s in sections for t in needs.get(s, ())]
    for tool in tools:
        if not shutil.which(tool):
            sys.exit(f"missing {tool}: apt-get install rsync restic borgbackup hyperfine btrfs-progs time")
    if not os.path.exists(os.path.join(REPO, "mnemosyne-cli", "target", "mnemosyne.jar")) \
            and "MNEMOSYNE_JAR" not in os.environ:
        sys.exit("build the jar first: mvn -B -q -DskipTests package")

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)
    started = datetime.datetime.now(datetime.timezone.utc)
    bench = Bench(args.scale, args.keep)
    bench.results["run"] = {"scale": args.scale, "started": started.isoformat(timespec="seconds"),
                            "command": " ".join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:]),
                            "load_at_start": load(), "machine": machine()}
    try:
        bench.make_data()
        for section in args.sections.split(","):
            t = time.monotonic()
            load_before = load()
            log(f"section {section}, load {load_before}")
            getattr(bench, "section_" + section)()
            bench.results.setdefault("sections", {})[section] = {
                "seconds": round(time.monotonic() - t, 1), "load_before": load_before, "load_after": load()}
    finally:
        bench.cleanup()
        bench.results["run"]["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        bench.results["run"]["load_at_end"] = load()
        out = args.out or os.path.join(HERE, "results", f"{started.date()}-{args.scale}.json")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w") as f:
            json.dump(bench.results, f, indent=1)
        log(f"results in {out}")


if __name__ == "__main__":
    main()
