#!/usr/bin/env python3
"""PyTorch reference for dgm4j's image flows (RealNVP multi-scale and Glow) on mnist10k.

The architectures are those written out in the class comments of
io.dgm4j.models.flows.image.MultiScaleRealNvp and io.dgm4j.models.flows.image.Glow
(defaults: realnvp scales 2, couplings 3, blocks 2, channels 32; glow levels 2, steps 4,
channels 64), with the same initialisation rules (PyTorch's default conv init, zero last conv,
coupling scale c = 1, random-rotation 1x1 convolutions, ActNorm data-dependent init on the first
training batch), the same data pipeline (mnist10k.py) and the same training loop:
Adam, per-epoch permutation, consecutive batches of --batch-size, last partial batch dropped.
Only the training loop is timed.

Prints steps_per_second, train_seconds, val_bits_per_dim (held-out 2000 images, one fixed
dequantisation draw); --json FILE writes the same. --check verifies log-dets against autograd
Jacobians on a tiny image and inverse(forward(x)) == x, printing `check: ok`.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from mnist10k import bits_per_dim, dequantize_logit, load_mnist10k, standard_normal_log_prob


def conv(cin, cout, k, zero=False):
    c = nn.Conv2d(cin, cout, k, padding=k // 2)
    if zero:
        nn.init.zeros_(c.weight)
        nn.init.zeros_(c.bias)
    return c


class ResidualConvNet(nn.Module):
    def __init__(self, cin, hidden, blocks, cout):
        super().__init__()
        self.inp = conv(cin, hidden, 3)
        self.blocks = nn.ModuleList(nn.ModuleList([conv(hidden, hidden, 3), conv(hidden, hidden, 3)])
                                    for _ in range(blocks))
        self.out = conv(hidden, cout, 3, zero=True)

    def forward(self, x):
        h = self.inp(x)
        for a, b in self.blocks:
            h = h + b(F.relu(a(F.relu(h))))
        return self.out(F.relu(h))


class GlowConvNet(nn.Module):
    def __init__(self, cin, hidden, cout):
        super().__init__()
        self.c0 = conv(cin, hidden, 3)
        self.c1 = conv(hidden, hidden, 1)
        self.c2 = conv(hidden, cout, 3, zero=True)

    def forward(self, x):
        return self.c2(F.relu(self.c1(F.relu(self.c0(x)))))


class ScaleShift(nn.Module):
    def __init__(self, net, channels):
        super().__init__()
        self.net = net
        self.channels = channels
        self.scale = nn.Parameter(torch.ones(channels, 1, 1))

    def forward(self, a):
        out = self.net(a)
        return self.scale * torch.tanh(out[:, :self.channels]), out[:, self.channels:]


class CheckerboardCoupling(nn.Module):
    def __init__(self, c, h, w, parity, net_factory):
        super().__init__()
        rows = torch.arange(h).view(h, 1)
        cols = torch.arange(w).view(1, w)
        mask = ((rows + cols) % 2 == parity).float().view(1, 1, h, w)
        self.register_buffer("mask", mask)
        self.st = ScaleShift(net_factory(c, 2 * c), c)

    def _st(self, x):
        s, t = self.st(x * self.mask)
        return s * (1 - self.mask), t * (1 - self.mask)

    def forward(self, x):
        s, t = self._st(x)
        return x * s.exp() + t, s.flatten(1).sum(1)

    def inverse(self, z):
        s, t = self._st(z)
        return (z - t) * (-s).exp(), -s.flatten(1).sum(1)


class ChannelCoupling(nn.Module):
    def __init__(self, c, condition_on_first, net_factory):
        super().__init__()
        half = c // 2
        self.first = condition_on_first
        self.split = (half, c - half) if condition_on_first else (half, c - half)
        cond = half if condition_on_first else c - half
        trans = c - half if condition_on_first else half
        self.half = half
        self.st = ScaleShift(net_factory(cond, 2 * trans), trans)

    def _parts(self, x):
        a, b = x[:, :self.half], x[:, self.half:]
        return (a, b) if self.first else (b, a)

    def _join(self, cond, trans):
        return torch.cat([cond, trans] if self.first else [trans, cond], 1)

    def forward(self, x):
        cond, trans = self._parts(x)
        s, t = self.st(cond)
        return self._join(cond, trans * s.exp() + t), s.flatten(1).sum(1)

    def inverse(self, z):
        cond, trans = self._parts(z)
        s, t = self.st(cond)
        return self._join(cond, (trans - t) * (-s).exp()), -s.flatten(1).sum(1)


class Squeeze(nn.Module):
    def forward(self, x):
        return F.pixel_unshuffle(x, 2), x.new_zeros(x.shape[0])

    def inverse(self, z):
        return F.pixel_shuffle(z, 2), z.new_zeros(z.shape[0])


class ActNorm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(c))
        self.log_scale = nn.Parameter(torch.zeros(c))
        self.initialised = False

    def forward(self, x):
        if not self.initialised:
            with torch.no_grad():
                flat = x.transpose(0, 1).reshape(x.shape[1], -1)
                self.bias.copy_(-flat.mean(1))
                self.log_scale.copy_(-flat.var(1, unbiased=False).sqrt().clamp_min(1e-6).log())
            self.initialised = True
        z = (x + self.bias.view(1, -1, 1, 1)) * self.log_scale.exp().view(1, -1, 1, 1)
        return z, (self.log_scale.sum() * x.shape[2] * x.shape[3]).expand(x.shape[0])

    def inverse(self, z):
        x = z * (-self.log_scale).exp().view(1, -1, 1, 1) - self.bias.view(1, -1, 1, 1)
        return x, (-self.log_scale.sum() * z.shape[2] * z.shape[3]).expand(z.shape[0])


class InvConv1x1(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.linalg.qr(torch.randn(c, c))[0])

    def forward(self, x):
        w = self.weight
        return F.conv2d(x, w.view(*w.shape, 1, 1)), (torch.linalg.slogdet(w)[1] * x.shape[2] * x.shape[3]).expand(x.shape[0])

    def inverse(self, z):
        w = torch.linalg.inv(self.weight)
        return F.conv2d(z, w.view(*w.shape, 1, 1)), (-torch.linalg.slogdet(self.weight)[1] * z.shape[2] * z.shape[3]).expand(z.shape[0])


class Steps(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x):
        total = 0
        for layer in self.layers:
            x, ld = layer(x)
            total = total + ld
        return x, total

    def inverse(self, z):
        total = 0
        for layer in reversed(self.layers):
            z, ld = layer.inverse(z)
            total = total + ld
        return z, total


class MultiScale(nn.Module):
    """levels: list of (Steps, (c, h, w) output shape); all but the last factor out half their channels."""

    def __init__(self, levels):
        super().__init__()
        self.levels = nn.ModuleList(s for s, _ in levels)
        self.shapes = [shape for _, shape in levels]

    def forward(self, x):
        latent, total, h = [], 0, x
        for i, level in enumerate(self.levels):
            h, ld = level(h)
            total = total + ld
            if i < len(self.levels) - 1:
                kept = h.shape[1] // 2
                latent.append(h[:, kept:].flatten(1))
                h = h[:, :kept]
            else:
                latent.append(h.flatten(1))
        return torch.cat(latent, 1).view_as(x), total

    def inverse(self, z):
        n = z.shape[0]
        flat = z.reshape(n, -1)
        sizes = []
        for i, (c, hh, ww) in enumerate(self.shapes):
            sizes.append((c if i == len(self.shapes) - 1 else c - c // 2) * hh * ww)
        offset = flat.shape[1] - sizes[-1]
        c, hh, ww = self.shapes[-1]
        h, total = self.levels[-1].inverse(flat[:, offset:].reshape(n, c, hh, ww))
        for i in range(len(self.levels) - 2, -1, -1):
            c, hh, ww = self.shapes[i]
            kept = c // 2
            offset -= sizes[i]
            factored = flat[:, offset:offset + sizes[i]].reshape(n, c - kept, hh, ww)
            h, ld = self.levels[i].inverse(torch.cat([h, factored], 1))
            total = total + ld
        return h, total


def realnvp(shape, scales=2, couplings=3, blocks=2, channels=32):
    nets = lambda cin, cout: ResidualConvNet(cin, channels, blocks, cout)
    c, h, w = shape
    levels = []
    for s in range(scales):
        last = s == scales - 1
        steps = [CheckerboardCoupling(c, h, w, k % 2, nets) for k in range(couplings + 1 if last else couplings)]
        if last:
            levels.append((Steps(steps), (c, h, w)))
            break
        steps.append(Squeeze())
        c, h, w = c * 4, h // 2, w // 2
        steps += [ChannelCoupling(c, k % 2 == 0, nets) for k in range(couplings)]
        levels.append((Steps(steps), (c, h, w)))
        c //= 2
    return MultiScale(levels)


def glow(shape, levels=2, steps=4, channels=64):
    nets = lambda cin, cout: GlowConvNet(cin, channels, cout)
    c, h, w = shape
    stack = []
    for _ in range(levels):
        c, h, w = c * 4, h // 2, w // 2
        layers = [Squeeze()]
        for _ in range(steps):
            layers += [ActNorm(c), InvConv1x1(c), ChannelCoupling(c, True, nets)]
        stack.append((Steps(layers), (c, h, w)))
        c //= 2
    return MultiScale(stack)


def log_prob_discrete(model, k):
    """Lower bound on log P(k) in nats per image (k = pixel levels 0..255)."""
    x, log_det_pre = dequantize_logit(k)
    z, log_det = model(x)
    return standard_normal_log_prob(z) + log_det + log_det_pre


def check(build):
    torch.manual_seed(0)
    model = build((1, 4, 4)).double()
    x = torch.randn(3, 1, 4, 4, dtype=torch.double)
    model(x)  # ActNorm init
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
    z, ld = model(x)
    back, ild = model.inverse(z)
    assert torch.allclose(back, x, atol=1e-8), "inverse(forward(x)) != x"
    assert torch.allclose(ild, -ld, atol=1e-8), "inverse log-det is not minus forward's"
    for i in range(3):
        jac = torch.autograd.functional.jacobian(lambda v: model(v.view(1, 1, 4, 4))[0].flatten(), x[i].flatten())
        assert abs(torch.linalg.slogdet(jac)[1].item() - ld[i].item()) < 1e-6, "log-det != autograd Jacobian"
    print("check: ok")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["realnvp", "glow"], required=True)
    p.add_argument("--data-dir", required=True)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                   help="bf16: the training loss under torch.autocast, as dgm4j's --precision bf16")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json")
    p.add_argument("--check", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    build = realnvp if args.model == "realnvp" else glow
    if args.check:
        check(build)
    torch.manual_seed(args.seed)
    train, test = load_mnist10k(args.data_dir)
    model = build((1, 28, 28))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    n = train.shape[0]
    per_epoch = n // args.batch_size
    g = torch.Generator().manual_seed(args.seed)
    start = time.perf_counter()
    order = None
    for step in range(args.steps):
        if step % per_epoch == 0:
            order = torch.randperm(n, generator=g)
        idx = order[(step % per_epoch) * args.batch_size:(step % per_epoch + 1) * args.batch_size]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            loss = -log_prob_discrete(model, train[idx]).mean()
        if not math.isfinite(loss.item()):
            raise SystemExit(f"loss became {loss.item()} at step {step + 1}")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - start
    torch.manual_seed(1234)
    with torch.no_grad():
        nll = -torch.cat([log_prob_discrete(model, test[i:i + 500]) for i in range(0, test.shape[0], 500)]).mean().item()
    result = {"model": args.model, "steps": args.steps, "train_seconds": seconds,
              "steps_per_second": args.steps / seconds, "val_nll_nats": nll,
              "val_bits_per_dim": bits_per_dim(nll, 784)}
    for k, v in result.items():
        print(f"{k}: {v:.4f}" if isinstance(v, float) else f"{k}: {v}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
