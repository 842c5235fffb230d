#!/usr/bin/env python3
"""Generates the benchmark image layout: ~200 MB in rootfs/ (100 MiB of random data,
100 MiB of text, 2,000 small files) and a manifest. Deterministic: a fixed seed gives the
same bytes on every machine. With SCALE of 1 or more (default 1) the tree also holds SCALE - 1
copies of those files under rootfs/more/kNN/ (a tree SCALE times as large: 10 for ~2 GiB);
below 1 the files shrink instead (0.1 gives ~20 MB).

usage: gen-tree.py DIR [SCALE]
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
    # below 1 the files shrink (0.1: ~20 MB, run-bench.sh's small image); from 1 up the
    # tree holds int(scale) copies of them
    shrink = min(scale, 1.0)
    rng = random.Random(42)
    vocab = words(rng, 5000)
    rootfs = os.path.join(root, "rootfs")
    files = {}
    for i in range(4):
        files[f"data/random/blob{i}.bin"] = rng.randbytes(int(25 * MiB * shrink))
    for i in range(10):
        files[f"data/text/text{i}.txt"] = text(rng, vocab, int(10 * MiB * shrink))
    for i in range(int(2000 * shrink)):
        files[f"small/d{i // 100:02d}/f{i:04d}.txt"] = text(rng, vocab, rng.randint(100, 8000))
    for k in range(max(1, int(scale))):
        base = rootfs if k == 0 else os.path.join(rootfs, "more", f"k{k:02d}")
        for name, content in files.items():
            path = os.path.join(base, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(content)
    with open(os.path.join(root, "manifest"), "w") as f:
        f.write('{"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/bench",'
                '"labels":[{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}]}\n')


if __name__ == "__main__":
    main()
