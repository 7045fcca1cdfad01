#!/usr/bin/env python3
"""Two-moons CSV generator for testing the Python reference of the dgm4j
RealNVP benchmark (bench/reference/realnvp_moons.py).

Mirrors sklearn.datasets.make_moons(n, noise, shuffle=True) using numpy only:
outer moon (cos t, sin t), inner moon (1 - cos t, 1 - sin t - 0.5),
t = linspace(0, pi, n/2), plus isotropic Gaussian noise.  The real benchmark
uses CSVs exported by the Java CLI; this exists for standalone testing.

Usage: make_moons.py --n 10000 --noise 0.05 --seed 0 --out train.csv
"""
import argparse

import numpy as np


def make_moons(n, noise, rng):
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0.0, np.pi, n_out)
    t_in = np.linspace(0.0, np.pi, n_in)
    x = np.concatenate([np.cos(t_out), 1.0 - np.cos(t_in)])
    y = np.concatenate([np.sin(t_out), 1.0 - np.sin(t_in) - 0.5])
    pts = np.stack([x, y], axis=1)
    pts = pts[rng.permutation(n)]
    if noise is not None and noise > 0:
        pts = pts + rng.normal(scale=noise, size=pts.shape)
    return pts


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--noise", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    pts = make_moons(a.n, a.noise, np.random.default_rng(a.seed))
    np.savetxt(a.out, pts, delimiter=",", header="x,y", comments="", fmt="%.9g")


if __name__ == "__main__":
    main()
