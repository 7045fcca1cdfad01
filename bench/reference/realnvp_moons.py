#!/usr/bin/env python3
"""PyTorch reference for the dgm4j RealNVP benchmark (2-D moons).

Trains a RealNVP with exactly the math of the Java (libtorch) implementation
so that training speed (steps/s) and held-out NLL can be compared:

  * L affine coupling layers.  Layer k (0-based) conditions on A and transforms
    B: even k -> A = first floor(d/2) dims, B = the rest; odd k -> the reverse
    (d=2: even k: A={0}, B={1}; odd k: A={1}, B={0}).
  * Two separate MLPs per coupling, s-net and t-net, |A| -> H (-> H)* -> |B|
    (`--depth` hidden layers), activation between layers, none at the end.
    Last Linear of each net zero-initialised (weights and bias); the others use
    PyTorch's default nn.Linear init.
  * s = scale * tanh(s_raw), `scale` learnable, shape [|B|], init ones.
  * data -> latent: z_A = x_A, z_B = x_B * exp(s(x_A)) + t(x_A),
    log|det| = sum of s over B only.
    latent -> data (sampling): x_B = (z_B - t(z_A)) * exp(-s(z_A)).
  * log p(x) = log N(z; 0, I) + sum of log-dets; loss = mean NLL in nats.
  * Adam, per-epoch random permutation, consecutive batches, last partial
    batch dropped.  Only the training loop is timed (all steps, no warm-up).

Prints steps_per_second, train_seconds, nll_nats, bits_per_dim
(bits/dim = nll / (d ln 2)); `--json FILE` writes the same as JSON.
`--check` verifies log-det against the autograd Jacobian and
inverse(forward(x)) == x before training, printing `check: ok`.
"""
import argparse
import copy
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn

ACTIVATIONS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "silu": nn.SiLU,
    "leaky_relu": nn.LeakyReLU,
}


def mlp(n_in, n_out, hidden, depth, activation):
    layers = []
    width = n_in
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), ACTIVATIONS[activation]()]
        width = hidden
    last = nn.Linear(width, n_out)
    nn.init.zeros_(last.weight)
    nn.init.zeros_(last.bias)
    layers.append(last)
    return nn.Sequential(*layers)


class AffineCoupling(nn.Module):
    def __init__(self, d, k, hidden, depth, activation):
        super().__init__()
        h = d // 2
        first, rest = list(range(h)), list(range(h, d))
        a_idx, b_idx = (first, rest) if k % 2 == 0 else (rest, first)
        perm = a_idx + b_idx
        inv = [0] * d
        for pos, i in enumerate(perm):
            inv[i] = pos
        self.register_buffer("a_idx", torch.tensor(a_idx, dtype=torch.long))
        self.register_buffer("b_idx", torch.tensor(b_idx, dtype=torch.long))
        self.register_buffer("inv_perm", torch.tensor(inv, dtype=torch.long))
        self.s_net = mlp(len(a_idx), len(b_idx), hidden, depth, activation)
        self.t_net = mlp(len(a_idx), len(b_idx), hidden, depth, activation)
        self.scale = nn.Parameter(torch.ones(len(b_idx)))

    def _st(self, a):
        s = self.scale * torch.tanh(self.s_net(a))
        t = self.t_net(a)
        return s, t

    def forward(self, x):
        """data -> latent; returns (z, log|det J|) with log-det per example."""
        xa = x.index_select(1, self.a_idx)
        xb = x.index_select(1, self.b_idx)
        s, t = self._st(xa)
        zb = xb * torch.exp(s) + t
        z = torch.cat([xa, zb], dim=1).index_select(1, self.inv_perm)
        return z, s.sum(dim=1)

    def inverse(self, z):
        za = z.index_select(1, self.a_idx)
        zb = z.index_select(1, self.b_idx)
        s, t = self._st(za)
        xb = (zb - t) * torch.exp(-s)
        return torch.cat([za, xb], dim=1).index_select(1, self.inv_perm)


class RealNVP(nn.Module):
    def __init__(self, d, layers, hidden, depth, activation):
        super().__init__()
        self.d = d
        self.couplings = nn.ModuleList(
            [AffineCoupling(d, k, hidden, depth, activation) for k in range(layers)])

    def forward(self, x):
        logdet = torch.zeros(x.shape[0], dtype=x.dtype, device=x.device)
        z = x
        for c in self.couplings:
            z, ld = c(z)
            logdet = logdet + ld
        return z, logdet

    def inverse(self, z):
        x = z
        for c in reversed(self.couplings):
            x = c.inverse(x)
        return x

    def log_prob(self, x):
        z, logdet = self(x)
        log_base = -0.5 * (z * z).sum(dim=1) - 0.5 * self.d * math.log(2 * math.pi)
        return log_base + logdet

    @torch.no_grad()
    def sample(self, n):
        return self.inverse(torch.randn(n, self.d))


def load_csv(path):
    arr = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return torch.from_numpy(arr.astype(np.float32))


def self_check(model, d, n=16):
    """Log-det vs autograd Jacobian and inverse(forward(x)) == x, in float64,
    on a copy of the model with randomised (non-identity) last layers."""
    m = copy.deepcopy(model).double()
    g = torch.Generator().manual_seed(1234)
    with torch.no_grad():
        for c in m.couplings:
            for net in (c.s_net, c.t_net):
                last = net[-1]
                last.weight.copy_(0.5 * torch.randn(last.weight.shape, generator=g, dtype=torch.float64))
                last.bias.copy_(0.5 * torch.randn(last.bias.shape, generator=g, dtype=torch.float64))
            c.scale.copy_(0.5 + torch.rand(c.scale.shape, generator=g, dtype=torch.float64))
    x = torch.randn(n, d, generator=g, dtype=torch.float64)
    with torch.no_grad():
        z, logdet = m(x)
        x_rec = m.inverse(z)
    inv_err = (x_rec - x).abs().max().item()
    ld_err = 0.0
    for i in range(n):
        jac = torch.autograd.functional.jacobian(lambda v: m(v.unsqueeze(0))[0].squeeze(0), x[i])
        _, ref = torch.linalg.slogdet(jac)
        ld_err = max(ld_err, abs(ref.item() - logdet[i].item()))
    nontrivial = logdet.abs().max().item()
    ok = inv_err < 1e-9 and ld_err < 1e-9 and nontrivial > 1e-3
    print(f"check: inverse max|err| = {inv_err:.3e}, logdet max|err| = {ld_err:.3e}, "
          f"max|logdet| = {nontrivial:.3f}")
    if not ok:
        print("check: FAILED")
        sys.exit(1)
    print("check: ok")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--depth", type=int, default=2)
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="relu")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--eval-chunk", type=int, default=4096)
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--check", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    train = load_csv(a.train)
    test = load_csv(a.test)
    n, d = train.shape
    if test.shape[1] != d:
        sys.exit("train/test dimension mismatch")
    if n < a.batch_size:
        sys.exit("training set smaller than one batch")

    model = RealNVP(d, a.layers, a.hidden, a.depth, a.activation)
    if a.check:
        self_check(model, d)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    gen = torch.Generator().manual_seed(a.seed)
    per_epoch = n // a.batch_size

    model.train()
    step = 0
    t0 = time.perf_counter()
    while step < a.steps:
        perm = torch.randperm(n, generator=gen)
        for b in range(per_epoch):
            if step >= a.steps:
                break
            batch = train[perm[b * a.batch_size:(b + 1) * a.batch_size]]
            loss = -model.log_prob(batch).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
    train_seconds = time.perf_counter() - t0
    last_loss = loss.item()

    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, test.shape[0], a.eval_chunk):
            total += -model.log_prob(test[i:i + a.eval_chunk]).double().sum().item()
    nll = total / test.shape[0]
    bpd = nll / (d * math.log(2))

    result = {
        "steps_per_second": a.steps / train_seconds,
        "train_seconds": train_seconds,
        "nll_nats": nll,
        "bits_per_dim": bpd,
    }
    for k, v in result.items():
        print(f"{k}: {v:.6g}")
    print(f"# final train batch loss: {last_loss:.4f}; torch {torch.__version__}, "
          f"threads {torch.get_num_threads()}", file=sys.stderr)
    if a.json:
        extra = dict(result, steps=a.steps, layers=a.layers, hidden=a.hidden, depth=a.depth,
                     activation=a.activation, lr=a.lr, batch_size=a.batch_size, seed=a.seed,
                     threads=a.threads, n_train=n, n_test=test.shape[0], dim=d,
                     final_train_loss=last_loss, torch_version=torch.__version__)
        with open(a.json, "w") as f:
            json.dump(extra, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
