#!/usr/bin/env python3
"""Generates the benchmark image layout: ~200 MB in rootfs/ (100 MiB of random data,
100 MiB of text, 2,000 small files) and a manifest. Deterministic: a fixed seed gives the
same bytes on every machine.

usage: gen-tree-scaled.py DIR [SCALE]   (run-bench.sh; gen-tree.py makes whole copies instead)
SCALE (default 1) multiplies every size and the number of small files: 0.1 gives ~20 MB,
10 gives ~2 GiB (bench/run-bench.sh).
"""
import os
import random
import sys

MiB = 1 << 20


def words(rng, n):
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [12, 9, 8, 8, 7, 7, 6, 6, 6, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    vocab = ["".join(rng.choices(letters, weights, k=rng.randint(2, 10))) for _ in range(5000)]
    return vocab


def text(rng, vocab, size):
    out = []
    total = 0
    while total < size:
        line = " ".join(rng.choices(vocab, k=rng.randint(4, 14))) + "\n"
        out.append(line)
        total += len(line)
    return "".join(out).encode()[:size]


def main():
    root = sys.argv[1]
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    rng = random.Random(42)
    vocab = words(rng, 5000)
    rootfs = os.path.join(root, "rootfs")
    for d in ("data/random", "data/text", "small"):
        os.makedirs(os.path.join(rootfs, d), exist_ok=True)
    for i in range(4):
        with open(os.path.join(rootfs, "data/random", f"blob{i}.bin"), "wb") as f:
            f.write(rng.randbytes(int(25 * MiB * scale)))
    # above scale 1, text files are slices of a 10 MiB text at random offsets (making GiBs of
    # text line by line takes Python minutes)
    pool = text(rng, vocab, 10 * MiB) if scale > 1 else None
    for i in range(10):
        with open(os.path.join(rootfs, "data/text", f"text{i}.txt"), "wb") as f:
            if pool is None:
                f.write(text(rng, vocab, int(10 * MiB * scale)))
                continue
            left = int(10 * MiB * scale)
            while left > 0:
                start = rng.randrange(len(pool) // 2)
                chunk = pool[start:start + min(left, len(pool) - start)]
                f.write(chunk)
                left -= len(chunk)
    for i in range(int(2000 * scale)):
        sub = os.path.join(rootfs, "small", f"d{i // 100:03d}" if scale > 1 else f"d{i // 100:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"f{i:04d}.txt"), "wb") as f:
            f.write(text(rng, vocab, rng.randint(100, 8000)))
    with open(os.path.join(root, "manifest"), "w") as f:
        f.write('{"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/bench",'
                '"labels":[{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}]}\n')


if __name__ == "__main__":
    main()
