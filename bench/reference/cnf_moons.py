#!/usr/bin/env python3
"""PyTorch reference for the dgm4j continuous-flow benchmark (2-D moons).

The same two models as dgm4j's ffjord and ot-flow, written independently from
the papers, so that training speed (steps/s) and held-out NLL can be compared:

  * ODE dz/dt = v(z, t) over t in [0, 1], data at t = 0, N(0, I) at t = 1;
    log p(x) = log N(z(1)) + int_0^1 tr(dv/dz) dt.  Classical RK4 with a fixed
    step count (--steps while training, --eval-steps for the held-out NLL),
    backpropagated through ("discretise, then optimise").
  * ffjord: v = MLP of z with tanh hidden layers, t fed to every layer
    (W [h, t] + b); divergence by autograd, exactly (one vector-Jacobian
    product per dimension, create_graph while training).
  * ot-flow: v = -grad_z Phi(z, t), Phi(s) = w^T N(s) + 1/2 |A s|^2 + c^T s,
    s = (z, t), N a ResNet with activation log cosh (u0 = act(K0 s + b0),
    u1 = u0 + act(K1 u0 + b1)); the gradient and the Laplacian in closed form,
    as in the OT-Flow paper.  Loss = NLL + 0.01 L + 0.05 R, L = int 1/2 |v|^2,
    R = int |dPhi/dt - 1/2 |grad_z Phi|^2|.
  * --solver dopri5 --tol TOL trains with the adaptive Dormand-Prince 5(4)
    instead (Hairer, Norsett and Wanner, Solving ODEs I, II.4-5): FSAL, the
    book's starting step, one step size for the whole batch; a step passes when
    the RMS of its error estimate over tol * (1 + max(|y|, |y_next|)) is at most
    1 in every state tensor; the next step is h * clip(0.9 err^(-1/5), 0.2, 10)
    (at most h after a rejection).  Backpropagated through its accepted steps.
    The mean field evaluations per training solve are reported as train_nfe.
  * Adam, per-epoch random permutation, consecutive batches, last partial
    batch dropped.  Only the training loop is timed (all steps, no warm-up).

Prints steps_per_second, train_seconds, nll_nats; `--json FILE` writes them as
JSON.  `--check` compares ot-flow's closed-form divergence with autograd first.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def uniform(shape, fan_in):
    bound = 1.0 / math.sqrt(fan_in)
    return nn.Parameter(torch.empty(shape).uniform_(-bound, bound))


class FreeForm(nn.Module):
    def __init__(self, d, hidden, depth):
        super().__init__()
        widths = [d] + [hidden] * depth + [d]
        self.w = nn.ParameterList(uniform((i + 1, o), i + 1) for i, o in zip(widths, widths[1:]))
        self.b = nn.ParameterList(uniform((o,), i + 1) for i, o in zip(widths, widths[1:]))

    def forward(self, z, t):
        h = z
        for k, (w, b) in enumerate(zip(self.w, self.b)):
            h = torch.cat([h, torch.full((h.shape[0], 1), t)], 1) @ w + b
            if k < len(self.w) - 1:
                h = torch.tanh(h)
        return h

    def rates(self, z, t, training):
        with torch.enable_grad():
            z = z if z.requires_grad else z.detach().requires_grad_(True)
            v = self(z, t)
            div = torch.zeros(z.shape[0])
            for i in range(z.shape[1]):
                div = div + torch.autograd.grad(v[:, i].sum(), z, create_graph=training, retain_graph=True)[0][:, i]
        return v, div, torch.zeros(z.shape[0])


def log_cosh(x):
    a = x.abs()
    return a + F.softplus(-2 * a) - math.log(2)


class Potential(nn.Module):
    def __init__(self, d, hidden, rank):
        super().__init__()
        self.d = d
        self.k0 = uniform((d + 1, hidden), d + 1)
        self.b0 = uniform((hidden,), d + 1)
        self.k1 = uniform((hidden, hidden), hidden)
        self.b1 = uniform((hidden,), hidden)
        self.w = uniform((hidden,), hidden)
        bound = math.sqrt(6.0 / (rank + d + 1))
        self.a = nn.Parameter(torch.empty(rank, d + 1).uniform_(-bound, bound))
        self.c = nn.Parameter(torch.zeros(d + 1))

    def rates(self, z, t, training):
        n, d = z.shape
        s = torch.cat([z, torch.full((n, 1), t)], 1)
        pre0 = s @ self.k0 + self.b0
        tanh0 = torch.tanh(pre0)
        tanh1 = torch.tanh(log_cosh(pre0) @ self.k1 + self.b1)
        g1 = self.w.expand(n, -1)
        g0 = g1 + (tanh1 * g1) @ self.k1.t()
        grad = (tanh0 * g0) @ self.k0.t() + (s @ self.a.t()) @ self.a + self.c
        grad_z, dt_phi = grad[:, :d], grad[:, d]
        e = self.k0[:d]                                   # [d, m]
        lap = ((1 - tanh0 ** 2) * g0) @ (e ** 2).sum(0)
        jac0 = tanh0.unsqueeze(2) * e.t().unsqueeze(0)    # [n, m, d]
        pre_jac = self.k1.t() @ jac0
        lap = lap + ((1 - tanh1 ** 2) * g1 * (pre_jac ** 2).sum(2)).sum(1)
        lap = lap + (self.a[:, :d] ** 2).sum()
        hjb = (dt_phi - 0.5 * (grad_z ** 2).sum(1)).abs()
        return -grad_z, -lap, hjb


def integrate(field, x, steps, training):
    h = 1.0 / steps
    z, logdet = x, torch.zeros(x.shape[0])
    transport, hjb = torch.zeros(x.shape[0]), torch.zeros(x.shape[0])
    t = 0.0
    for _ in range(steps):
        k = []
        for dz, dt in ((0, 0), (0.5, 0.5), (0.5, 0.5), (1, 1)):
            point = z if not k else z + dz * h * k[-1][0]
            v, div, r = field.rates(point, t + dt * h, training)
            k.append((v, div, 0.5 * (v ** 2).sum(1), r))
        w = (1, 2, 2, 1)
        z = z + h / 6 * sum(wi * ki[0] for wi, ki in zip(w, k))
        logdet = logdet + h / 6 * sum(wi * ki[1] for wi, ki in zip(w, k))
        transport = transport + h / 6 * sum(wi * ki[2] for wi, ki in zip(w, k))
        hjb = hjb + h / 6 * sum(wi * ki[3] for wi, ki in zip(w, k))
        t += h
        if not training:
            z, logdet = z.detach(), logdet.detach()
    log_normal = -0.5 * (z ** 2).sum(1) - 0.5 * z.shape[1] * math.log(2 * math.pi)
    return log_normal + logdet, transport, hjb


# Dormand-Prince 5(4): stage times, stage weights (the last row is the fifth-order solution, whose rates
# are the seventh stage), and fifth- minus fourth-order weights for the error estimate.
DP_C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1]
DP_A = [[], [1 / 5], [3 / 40, 9 / 40], [44 / 45, -56 / 15, 32 / 9],
        [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
        [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
        [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]]
DP_E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40]


def rms(x):
    return x.pow(2).mean().sqrt().item()


def dopri5(f, y0, t1, tol, max_steps=10000):
    """Solves y' = f(t, y) for a list of tensors y from t = 0 to t1 > 0; returns (y(t1), evaluations)."""
    y, k0 = y0, f(0.0, y0)
    with torch.no_grad():
        scales = [tol * (1 + yi.abs()) for yi in y]
        d0 = max(rms(yi / si) for yi, si in zip(y, scales))
        d1 = max(rms(ki / si) for ki, si in zip(k0, scales))
        h0 = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
        k1 = f(h0, [yi + h0 * ki for yi, ki in zip(y, k0)])
        d2 = max(rms((a - b) / si) for a, b, si in zip(k1, k0, scales)) / h0
        h1 = max(1e-6, h0 * 1e-3) if max(d1, d2) <= 1e-15 else (0.01 / max(d1, d2)) ** 0.2
        h = min(100 * h0, h1)
    t, nfe, attempts = 0.0, 2, 0
    while t < t1:
        attempts += 1
        if attempts > max_steps:
            sys.exit(f"dopri5: more than {max_steps} steps, stiff or diverging at tol {tol}")
        last = h >= t1 - t
        step = t1 - t if last else h
        k = [k0]
        for stage in range(1, 7):
            point = [yi + step * sum(a * kj[i] for a, kj in zip(DP_A[stage], k) if a != 0) for i, yi in enumerate(y)]
            k.append(f(t + DP_C[stage] * step, point))
        nfe += 6
        with torch.no_grad():
            err = max(rms(step * sum(e * kj[i] for e, kj in zip(DP_E, k) if e != 0)
                          / (tol * (1 + torch.maximum(yi.abs(), pi.abs()))))
                      for i, (yi, pi) in enumerate(zip(y, point)))
        if not math.isfinite(err):
            sys.exit(f"dopri5: non-finite state at t = {t}")
        factor = 10.0 if err == 0 else min(10.0, max(0.2, 0.9 * err ** -0.2))
        if err <= 1:
            t = t1 if last else t + step
            y, k0 = point, k[6]
        else:
            factor = min(1.0, factor)
        h = step * factor
    return y, nfe


def integrate_dopri5(field, x, tol, training):
    """As integrate, with dopri5 over the augmented state [z, log-det, transport, hjb]; also returns the evaluations."""
    def f(t, state):
        v, div, r = field.rates(state[0], t, training)
        return [v, div, 0.5 * (v ** 2).sum(1), r]

    n = x.shape[0]
    (z, logdet, transport, hjb), nfe = dopri5(f, [x, torch.zeros(n), torch.zeros(n), torch.zeros(n)], 1.0, tol)
    log_normal = -0.5 * (z ** 2).sum(1) - 0.5 * z.shape[1] * math.log(2 * math.pi)
    return log_normal + logdet, transport, hjb, nfe


def load_csv(path):
    return torch.from_numpy(np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2).astype(np.float32))


def check(d):
    """ot-flow's closed-form divergence against autograd's, on random weights."""
    field = Potential(d, 16, min(10, d + 1))
    z = torch.randn(5, d, requires_grad=True)
    v, div, _ = field.rates(z, 0.3, True)
    auto = sum(torch.autograd.grad(v[:, i].sum(), z, retain_graph=True)[0][:, i] for i in range(d))
    err = (auto - div).abs().max().item()
    print(f"check: closed-form vs autograd divergence max|err| = {err:.2e}")
    if err > 1e-4:
        sys.exit("check: FAILED")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["ffjord", "ot-flow"], required=True)
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--hidden", type=int, default=None, help="ffjord 64, ot-flow 32")
    p.add_argument("--solver", choices=["rk4", "dopri5"], default="rk4", help="training solver")
    p.add_argument("--tol", type=float, default=1e-5, help="dopri5's tolerance")
    p.add_argument("--steps-per-solve", type=int, default=8)
    p.add_argument("--eval-steps", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--check", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train, test = load_csv(a.train), load_csv(a.test)
    n, d = train.shape
    if a.check:
        check(d)
    if a.model == "ffjord":
        field, weights = FreeForm(d, a.hidden or 64, 3), (0.0, 0.0)
    else:
        field, weights = Potential(d, a.hidden or 32, min(10, d + 1)), (0.01, 0.05)
    opt = torch.optim.Adam(field.parameters(), lr=a.lr)
    gen = torch.Generator().manual_seed(a.seed)
    per_epoch = n // a.batch_size

    step, evaluations = 0, 0
    t0 = time.perf_counter()
    while step < a.steps:
        perm = torch.randperm(n, generator=gen)
        for b in range(per_epoch):
            if step >= a.steps:
                break
            batch = train[perm[b * a.batch_size:(b + 1) * a.batch_size]]
            if a.solver == "rk4":
                log_p, transport, hjb = integrate(field, batch, a.steps_per_solve, True)
            else:
                log_p, transport, hjb, nfe = integrate_dopri5(field, batch, a.tol, True)
                evaluations += nfe
            loss = -log_p.mean() + weights[0] * transport.mean() + weights[1] * hjb.mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
    train_seconds = time.perf_counter() - t0

    total = 0.0
    with torch.no_grad():
        for i in range(0, test.shape[0], 1000):
            total += -integrate(field, test[i:i + 1000], a.eval_steps, False)[0].double().sum().item()
    result = {"steps_per_second": a.steps / train_seconds, "train_seconds": train_seconds,
              "nll_nats": total / test.shape[0]}
    if a.solver == "dopri5":
        result["train_nfe"] = evaluations / a.steps
    for k, v in result.items():
        print(f"{k}: {v:.6g}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(result, model=a.model, solver=a.solver, steps=a.steps, lr=a.lr, batch_size=a.batch_size, seed=a.seed,
                           torch=torch.__version__, threads=torch.get_num_threads()), f, indent=2)


if __name__ == "__main__":
    main()
