#!/usr/bin/env python3
"""Deterministic test data for the mnemosyne benchmarks.

Every byte, size, name and modification time follows from the seeds below, so two runs of
the same command make identical trees.

  gen.py small DIR --files N        mixed files, 100 B - 64 KiB (log-uniform), nested dirs;
                                    half text-like (compressible), half random bytes
  gen.py tiny DIR --files N         100 B - 4 KiB files, for file-count tests (memory, rotation)
  gen.py big FILE --size BYTES      one incompressible file
  gen.py mutate-small DIR --files N --round K [--fraction 0.01]
                                    rewrites that fraction of the small files (new content and
                                    size, new mtime); round K picks its own files
  gen.py mutate-big FILE --round K [--bytes 1MiB] [--block 16KiB]
                                    overwrites BYTES in place in scattered BLOCK-sized pieces at
                                    4 KiB-aligned offsets; round K picks its own offsets

Prints one JSON line describing what it did (files, bytes written, bytes changed).
"""

import argparse
import json
import math
import os
import random
import sys

BASE_MTIME = 1767225600  # 2026-01-01T00:00:00Z
POOL_SIZE = 8 << 20
WORDS = ("backup stage rotate snapshot subvolume rsync btrfs volume store remote mount key "
         "the a of to and in is it that for on with as was at by from this be are or an have "
         "config directory file block extent copy delta change history kept bytes metadata "
         "alpha beta gamma delta epsilon lambda sigma omega 0 1 2 3 4 5 6 7 8 9 42 1024 4096").split()


def parse_size(text):
    units = {"": 1, "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gib": 1 << 30}
    text = text.strip().lower()
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(float(number) * units[text[len(number):]])


class Pools:
    """Two 8 MiB pools that file contents are cut from: text-like and random."""

    def __init__(self, seed=7):
        rng = random.Random(seed)
        self.random = rng.randbytes(POOL_SIZE)
        words = []
        size = 0
        while size < POOL_SIZE:
            line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))) + "\n"
            words.append(line)
            size += len(line)
        self.text = "".join(words).encode()[:POOL_SIZE]

    def content(self, rng, size, textual):
        pool = self.text if textual else self.random
        offset = rng.randrange(0, POOL_SIZE - size)
        return pool[offset:offset + size]


def small_path(i):
    # 20 top dirs of 2,500 files, each 25 leaf dirs of 100 files (at 50,000 files).
    return os.path.join(f"s{i // 2500:03d}", f"t{(i // 100) % 25:02d}", f"f{i:07d}.dat")


def tiny_path(i):
    # h<half>/p<part of 10,000>/q<dir of 500>/file: a prefix of the tree is a 10,000 or
    # 100,000 file subtree (h0/p0, h0).
    return os.path.join(f"h{i // 100000}", f"p{(i // 10000) % 10}", f"q{(i // 500) % 20:02d}", f"f{i:07d}")


def log_uniform(rng, low, high):
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def write_file(path, data, mtime):
    with open(path, "wb") as f:
        f.write(data)
    os.utime(path, (mtime, mtime))


def make_tree(root, files, path_of, size_of, seed, textual_share):
    pools = Pools()
    rng = random.Random(seed)
    total = 0
    made = set()
    for i in range(files):
        rel = path_of(i)
        parent = os.path.dirname(rel)
        if parent not in made:
            os.makedirs(os.path.join(root, parent), exist_ok=True)
            made.add(parent)
        size = size_of(rng)
        data = pools.content(rng, size, rng.random() < textual_share)
        write_file(os.path.join(root, rel), data, BASE_MTIME + i)
        total += size
    for parent in sorted(made, key=len, reverse=True):
        os.utime(os.path.join(root, parent), (BASE_MTIME, BASE_MTIME))
    return {"files": files, "bytes": total}


def cmd_small(args):
    return make_tree(args.dir, args.files, small_path, lambda r: log_uniform(r, 100, 65536), 11, 0.5)


def cmd_tiny(args):
    return make_tree(args.dir, args.files, tiny_path, lambda r: log_uniform(r, 100, 4096), 13, 0.5)


def cmd_big(args):
    rng = random.Random(17)
    chunk = 1 << 20
    with open(args.file, "wb") as f:
        left = args.size
        while left > 0:
            n = min(chunk, left)
            f.write(rng.randbytes(n))
            left -= n
    os.utime(args.file, (BASE_MTIME, BASE_MTIME))
    return {"files": 1, "bytes": args.size}


def cmd_mutate_small(args):
    pools = Pools()
    rng = random.Random(1000 + args.round)
    count = max(1, round(args.files * args.fraction))
    chosen = sorted(rng.sample(range(args.files), count))
    mtime = BASE_MTIME + 10_000_000 * args.round
    written = 0
    for i in chosen:
        size = log_uniform(rng, 100, 65536)
        data = pools.content(rng, size, rng.random() < 0.5)
        write_file(os.path.join(args.dir, small_path(i)), data, mtime + i)
        written += size
    return {"files": count, "bytes_written": written}


def cmd_mutate_big(args):
    rng = random.Random(2000 + args.round)
    size = os.path.getsize(args.file)
    pieces = max(1, args.bytes // args.block)
    align = 4096
    slots = (size - args.block) // align
    offsets = set()
    while len(offsets) < pieces:
        o = rng.randrange(slots) * align
        if all(abs(o - p) >= args.block for p in offsets):
            offsets.add(o)
    fd = os.open(args.file, os.O_WRONLY)
    try:
        for o in sorted(offsets):
            os.pwrite(fd, rng.randbytes(args.block), o)
        os.fsync(fd)
    finally:
        os.close(fd)
    mtime = BASE_MTIME + 10_000_000 * args.round
    os.utime(args.file, (mtime, mtime))
    return {"pieces": pieces, "block": args.block, "bytes_changed": pieces * args.block}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("small")
    s.add_argument("dir")
    s.add_argument("--files", type=int, required=True)
    s.set_defaults(run=cmd_small)
    t = sub.add_parser("tiny")
    t.add_argument("dir")
    t.add_argument("--files", type=int, required=True)
    t.set_defaults(run=cmd_tiny)
    b = sub.add_parser("big")
    b.add_argument("file")
    b.add_argument("--size", type=parse_size, required=True)
    b.set_defaults(run=cmd_big)
    ms = sub.add_parser("mutate-small")
    ms.add_argument("dir")
    ms.add_argument("--files", type=int, required=True)
    ms.add_argument("--round", type=int, required=True)
    ms.add_argument("--fraction", type=float, default=0.01)
    ms.set_defaults(run=cmd_mutate_small)
    mb = sub.add_parser("mutate-big")
    mb.add_argument("file")
    mb.add_argument("--round", type=int, required=True)
    mb.add_argument("--bytes", type=parse_size, default=1 << 20)
    mb.add_argument("--block", type=parse_size, default=16 << 10)
    mb.set_defaults(run=cmd_mutate_big)
    args = p.parse_args()
    json.dump(args.run(args), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
