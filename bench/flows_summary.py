#!/usr/bin/env python3
"""Summarises the seed rows of one or more bench/mnist_flows.sh tables (bench/out/mnist_flows-PRECISION.md).

Usage: bench/flows_summary.py TABLE.md [TABLE.md ...]

Per model and implementation: seeds, median, mean and standard error of held-out bits/dim and the
median steps/s; then dgm4j - PyTorch as an unpaired comparison: the difference of means with its
95% interval and p-value (Welch), and the difference of medians with the p-value of the
Mann-Whitney rank test, which one diverged run (a final bits/dim of 5 where the others reach 1.8)
cannot swamp. Unpaired because seed k draws unrelated random numbers on the two sides (initial
weights, data order, dequantisation noise), so the same seed number does not pair the runs.
Several tables can be combined, e.g. seeds run from two clones at once. Standard library only.
"""
import itertools
import math
import random
import statistics
import sys


def read_rows(paths):
    """{(model, implementation): {seed: (steps_per_second, bits_per_dim)}} from the tables' seed rows."""
    runs = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if len(cells) != 5 or not cells[2].isdigit():
                    continue
                model, impl, seed, sps, bpd = cells
                impl = "dgm4j" if impl == "dgm4j" else "PyTorch"
                runs.setdefault((model, impl), {})[int(seed)] = (float(sps), float(bpd))
    return runs


def t_density(x, df):
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2 * math.log1p(x * x / df))


def t_central_mass(t, df, n=2000):
    """P(|T| <= t) for Student's t with df degrees of freedom (Simpson's rule on the density)."""
    h = t / n
    total = t_density(0, df) + t_density(t, df)
    total += sum((4 if i % 2 else 2) * t_density(i * h, df) for i in range(1, n))
    return 2 * total * h / 3


def t_quantile_975(df):
    lo, hi = 0.0, 100.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_central_mass(mid, df) < 0.95 else (lo, mid)
    return (lo + hi) / 2


def rank_sum_p(a, b):
    """Two-sided p-value of the Mann-Whitney test: how often a split of the pooled values into groups of
    len(a) and len(b) puts a rank sum at least as far from its mean as a's (every split, when there are
    at most a million)."""
    pooled = sorted(a + b)
    rank = {}
    for v in set(pooled):
        positions = [i + 1 for i, w in enumerate(pooled) if w == v]
        rank[v] = sum(positions) / len(positions)
    ranks = [rank[v] for v in a + b]
    expected = len(a) * (len(pooled) + 1) / 2
    observed = abs(sum(rank[v] for v in a) - expected)
    if math.comb(len(ranks), len(a)) <= 10 ** 6:
        splits = itertools.combinations(ranks, len(a))
    else:  # too many splits to list (more than ~12 seeds a side): a fixed random sample of them
        rng = random.Random(0)
        splits = (rng.sample(ranks, len(a)) for _ in range(10 ** 5))
    extreme = [abs(sum(s) - expected) >= observed - 1e-9 for s in splits]
    return sum(extreme) / len(extreme)


def main(paths):
    runs = read_rows(paths)
    if not runs:
        sys.exit("flows_summary.py: no seed rows in " + ", ".join(paths))
    for model in sorted({m for m, _ in runs}):
        print(f"## {model}")
        stats = {}
        for impl in ("dgm4j", "PyTorch"):
            rows = runs.get((model, impl), {})
            if not rows:
                continue
            bpd = [rows[s][1] for s in sorted(rows)]
            se = statistics.stdev(bpd) / math.sqrt(len(bpd)) if len(bpd) > 1 else float("nan")
            stats[impl] = (statistics.mean(bpd), se, len(bpd), bpd)
            print(f"{impl}: seeds {','.join(map(str, sorted(rows)))}; bits/dim median {statistics.median(bpd):.3f}, "
                  f"mean {statistics.mean(bpd):.3f} +- {se:.3f} s.e.; "
                  f"steps/s median {statistics.median(r[0] for r in rows.values()):.3f}")
        if len(stats) == 2 and min(s[2] for s in stats.values()) > 1:
            (m1, se1, n1, bpd1), (m2, se2, n2, bpd2) = stats["dgm4j"], stats["PyTorch"]
            diff, se = m1 - m2, math.sqrt(se1 ** 2 + se2 ** 2)
            df = se ** 4 / (se1 ** 4 / (n1 - 1) + se2 ** 4 / (n2 - 1))
            t = diff / se
            half = t_quantile_975(df) * se
            p = 1 - t_central_mass(abs(t), df)
            print(f"dgm4j - PyTorch: {diff:+.3f} bits/dim, 95% interval [{diff - half:+.3f}, {diff + half:+.3f}] "
                  f"(Welch t = {t:.2f}, df = {df:.1f}, two-sided p = {p:.2f})")
            print(f"medians: dgm4j - PyTorch {statistics.median(bpd1) - statistics.median(bpd2):+.3f} bits/dim "
                  f"(Mann-Whitney, two-sided p = {rank_sum_p(bpd1, bpd2):.2f})")
        print()


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 else 2)
    main(sys.argv[1:])
