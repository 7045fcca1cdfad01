#!/usr/bin/env python3
"""PyTorch reference for the dgm4j MAF/IAF speed benchmark (bench/maf_iaf_speed.sh).

Builds MAF and IAF with exactly the architecture of dgm4j's `maf`/`iaf` families and times
sampling and density evaluation the way `dgm4j eval --timing` does:

  * L MAF layers, natural order, a feature reversal between consecutive layers.
  * Each layer is a Gaussian MADE: masked MLP D -> H (-> H) -> 2D (`--depth` hidden layers,
    activation between layers). Input degrees 1..D; hidden degrees drawn uniformly from
    [min of the previous layer's degrees, D-1]; hidden masks keep out >= in, the output
    mask out > in. Outputs mu (first D) and alpha = 3 tanh(raw / 3) (last D).
  * MAF layer, data -> latent in one pass: z = (x - mu(x)) exp(-alpha(x)), log|det| = -sum alpha.
    latent -> data in D passes: x <- z exp(alpha(x)) + mu(x), starting from x = 0.
  * MAF = base N(0, I) + the stack; IAF = the same stack inverted (samples in one pass per
    layer, density in D).
  * Timing: batches of 1000, no_grad, warm-up (50 calls or 2 s), median of 21 calls, reported as
    milliseconds per 1000 examples; the density is timed at the model's own 1000 samples.

Weights are random (PyTorch's nn.Linear init for every layer); timings do not depend on their
values. Prints `maf sample_ms_per_1000: ...` etc.; `--check` first verifies the log-dets against
the autograd Jacobian and that inverse(forward(x)) == x (float64), printing `check: ok`.
"""
import argparse
import statistics
import sys
import time

import torch
import torch.nn as nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "silu": nn.SiLU, "leaky_relu": nn.LeakyReLU}
ALPHA_BOUND = 3.0


class MaskedLinear(nn.Linear):
    def __init__(self, in_degrees, out_degrees, strict):
        super().__init__(len(in_degrees), len(out_degrees))
        din = torch.tensor(in_degrees).unsqueeze(0)
        dout = torch.tensor(out_degrees).unsqueeze(1)
        mask = (dout > din) if strict else (dout >= din)
        self.register_buffer("mask", mask.to(self.weight.dtype))

    def forward(self, x):
        return nn.functional.linear(x, self.weight * self.mask, self.bias)


class GaussianMade(nn.Module):
    def __init__(self, d, hidden, depth, activation):
        super().__init__()
        self.d = d
        degrees = list(range(1, d + 1))
        layers = []
        prev = degrees
        for _ in range(depth):
            low = min(prev)
            high = max(low, d - 1)
            hid = torch.randint(low, high + 1, (hidden,)).tolist()
            layers += [MaskedLinear(prev, hid, False), ACTIVATIONS[activation]()]
            prev = hid
        layers.append(MaskedLinear(prev, degrees + degrees, True))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        out = self.net(x)
        mu, raw = out[:, :self.d], out[:, self.d:]
        return mu, ALPHA_BOUND * torch.tanh(raw / ALPHA_BOUND)


class MafLayer(nn.Module):
    def __init__(self, d, hidden, depth, activation):
        super().__init__()
        self.d = d
        self.made = GaussianMade(d, hidden, depth, activation)

    def forward(self, x):
        mu, alpha = self.made(x)
        return (x - mu) * torch.exp(-alpha), -alpha.sum(1)

    def inverse(self, z):
        x = torch.zeros_like(z)
        for _ in range(self.d):
            mu, alpha = self.made(x)
            x = z * torch.exp(alpha) + mu
        return x, alpha.sum(1)


class Stack(nn.Module):
    """MAF layers with reversals between them; forward = data -> latent."""

    def __init__(self, d, layers, hidden, depth, activation):
        super().__init__()
        self.layers = nn.ModuleList([MafLayer(d, hidden, depth, activation) for _ in range(layers)])

    def forward(self, x):
        logdet = torch.zeros(x.shape[0], dtype=x.dtype)
        for k, layer in enumerate(self.layers):
            if k > 0:
                x = x.flip(1)
            x, ld = layer(x)
            logdet = logdet + ld
        return x, logdet

    def inverse(self, z):
        logdet = torch.zeros(z.shape[0], dtype=z.dtype)
        for k in range(len(self.layers) - 1, -1, -1):
            z, ld = self.layers[k].inverse(z)
            logdet = logdet + ld
            if k > 0:
                z = z.flip(1)
        return z, logdet


def log_normal(z):
    return -0.5 * (z ** 2).sum(1) - 0.5 * z.shape[1] * torch.log(torch.tensor(2 * torch.pi, dtype=z.dtype))


class Flow:
    """inverted=False: MAF (density = stack.forward); True: IAF (density = stack.inverse)."""

    def __init__(self, stack, d, inverted):
        self.stack, self.d, self.inverted = stack, d, inverted

    def to_latent(self, x):
        return self.stack.inverse(x) if self.inverted else self.stack(x)

    def to_data(self, z):
        return self.stack(z) if self.inverted else self.stack.inverse(z)

    def log_prob(self, x):
        z, ld = self.to_latent(x)
        return log_normal(z) + ld

    def sample(self, n):
        return self.to_data(torch.randn(n, self.d))[0]


WARM_UP_CALLS, WARM_UP_SECONDS, REPEATS = 50, 2.0, 21


def median_ms(work):
    """Same protocol as dgm4j's SpeedTiming: warm up (50 calls or 2 s), then the median of 21 calls."""
    times = []
    with torch.no_grad():
        start = time.perf_counter()
        for _ in range(WARM_UP_CALLS):
            work()
            if time.perf_counter() - start > WARM_UP_SECONDS:
                break
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            work()
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def self_check(stack, d):
    s = stack.double()
    x = torch.randn(4, d, dtype=torch.float64)
    for name, f, g in (("forward", s.forward, s.inverse), ("inverse", s.inverse, s.forward)):
        y, ld = f(x)
        back, _ = g(y)
        inv_err = (back - x).abs().max().item()
        ld_err = 0.0
        for i in range(x.shape[0]):
            jac = torch.autograd.functional.jacobian(lambda v: f(v.unsqueeze(0))[0].squeeze(0), x[i])
            ld_err = max(ld_err, abs(torch.linalg.slogdet(jac)[1].item() - ld[i].item()))
        print(f"check {name}: inverse max|err| = {inv_err:.3e}, logdet max|err| = {ld_err:.3e}")
        if inv_err > 1e-8 or ld_err > 1e-8:
            print("check: FAILED")
            sys.exit(1)
    s.float()
    print("check: ok")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dim", type=int, required=True)
    p.add_argument("--layers", type=int, default=5)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--depth", type=int, choices=(1, 2), default=1)
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="relu")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--check", action="store_true")
    a = p.parse_args()
    if a.dim < 2:
        sys.exit("--dim must be at least 2")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    stack = Stack(a.dim, a.layers, a.hidden, a.depth, a.activation)
    if a.check:
        self_check(stack, a.dim)
    for name, inverted in (("maf", False), ("iaf", True)):
        flow = Flow(stack, a.dim, inverted)
        points = flow.sample(1000)
        print(f"{name} sample_ms_per_1000: {median_ms(lambda: flow.sample(1000)):.4f}")
        print(f"{name} density_ms_per_1000: {median_ms(lambda: flow.log_prob(points)):.4f}")
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, dim {a.dim}", file=sys.stderr)


if __name__ == "__main__":
    main()
