#!/usr/bin/env python3
"""PyTorch reference for dgm4j's image flows on MNIST (realnvp on [C,H,W] data, and glow).

The architecture is the one written down in the class comments of
io.dgm4j.models.flows.image.MultiScaleRealNvp and .Glow (same layers, same init, same
parameter counts: 384979 for realnvp and 75752 for glow at the defaults on 1x28x28), and
the likelihood is ImageFlow's: k = round(255 x), y = (k + u)/256 with u ~ U[0,1)^D,
v = logit(a + (1-2a) y), a = 0.05, log P >= log N(f(v)) + log|det| + logit log-det - D log 256.

Data: the t10k MNIST file, shuffled with --seed, 8000 train / 2000 held out (dgm4j's
mnist10k split draws its own permutation, so the split differs, not its size).
Adam, lr 1e-3, per-epoch permutation, consecutive batches. Only the training loop is timed.
--channels-last runs each coupling net on channels-last tensors, as dgm4j does.

Prints steps_per_second, train_seconds, train_bpd (last step), val_bits_per_dim.
"""
import argparse
import gzip
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualConvNet(nn.Module):
    def __init__(self, cin, hidden, blocks, cout):
        super().__init__()
        self.inp = nn.Conv2d(cin, hidden, 3, padding=1)
        self.blocks = nn.ModuleList(nn.ModuleList([nn.Conv2d(hidden, hidden, 3, padding=1),
                                                   nn.Conv2d(hidden, hidden, 3, padding=1)]) for _ in range(blocks))
        self.out = nn.Conv2d(hidden, cout, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x):
        h = self.inp(x.contiguous(memory_format=MEMORY_FORMAT))
        for a, b in self.blocks:
            h = h + b(F.relu(a(F.relu(h))))
        return self.out(F.relu(h))


class GlowConvNet(nn.Module):
    def __init__(self, cin, hidden, cout):
        super().__init__()
        self.a = nn.Conv2d(cin, hidden, 3, padding=1)
        self.b = nn.Conv2d(hidden, hidden, 1)
        self.c = nn.Conv2d(hidden, cout, 3, padding=1)
        nn.init.zeros_(self.c.weight)
        nn.init.zeros_(self.c.bias)

    def forward(self, x):
        return self.c(F.relu(self.b(F.relu(self.a(x.contiguous(memory_format=MEMORY_FORMAT))))))


class CheckerboardCoupling(nn.Module):
    def __init__(self, c, h, w, parity, net):
        super().__init__()
        mask = ((torch.arange(h)[:, None] + torch.arange(w)[None, :]) % 2 == parity).float()[None, None]
        self.register_buffer('mask', mask)
        self.net = net(c, 2 * c)
        self.scale = nn.Parameter(torch.ones(c, 1, 1))
        self.c = c

    def forward(self, x):
        out = self.net(x * self.mask)
        s = torch.tanh(out[:, :self.c]) * self.scale * (1 - self.mask)
        t = out[:, self.c:] * (1 - self.mask)
        return x * s.exp() + t, s.flatten(1).sum(1)


class ChannelCoupling(nn.Module):
    def __init__(self, c, condition_on_first, net):
        super().__init__()
        half = c // 2
        self.first = condition_on_first
        self.cond = (0, half) if condition_on_first else (half, c - half)
        self.tr = (half, c - half) if condition_on_first else (0, half)
        self.net = net(self.cond[1], 2 * self.tr[1])
        self.scale = nn.Parameter(torch.ones(self.tr[1], 1, 1))

    def forward(self, x):
        a, b = x.narrow(1, *self.cond), x.narrow(1, *self.tr)
        out = self.net(a)
        n = self.tr[1]
        s = torch.tanh(out[:, :n]) * self.scale
        z = b * s.exp() + out[:, n:]
        return (torch.cat([a, z], 1) if self.first else torch.cat([z, a], 1)), s.flatten(1).sum(1)


class Squeeze(nn.Module):
    def forward(self, x):
        return F.pixel_unshuffle(x, 2), x.new_zeros(x.shape[0])


class ActNorm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(c))
        self.log_scale = nn.Parameter(torch.zeros(c))
        self.initialised = False

    def forward(self, x):
        if not self.initialised:  # data-dependent init on the first batch
            with torch.no_grad():
                mean = x.mean((0, 2, 3))
                var = ((x - mean.view(-1, 1, 1)) ** 2).mean((0, 2, 3))
                self.bias.copy_(-mean)
                self.log_scale.copy_(-var.sqrt().clamp_min(1e-6).log())
            self.initialised = True
        z = (x + self.bias.view(-1, 1, 1)) * self.log_scale.exp().view(-1, 1, 1)
        return z, (self.log_scale.sum() * x.shape[2] * x.shape[3]).expand(x.shape[0])


class InvertibleConv1x1(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.linalg.qr(torch.randn(c, c))[0])

    def forward(self, x):
        z = F.conv2d(x, self.weight.view(*self.weight.shape, 1, 1))
        return z, (torch.linalg.slogdet(self.weight)[1] * x.shape[2] * x.shape[3]).expand(x.shape[0])


class MultiScale(nn.Module):
    """Levels; all but the last factor out the second half of their channels."""

    def __init__(self, levels):
        super().__init__()
        self.levels = nn.ModuleList(steps for steps, _ in levels)
        self.channels = [c for _, c in levels]

    def forward(self, x):
        parts, log_det, h = [], 0, x
        for i, level in enumerate(self.levels):
            for step in level:
                h, d = step(h)
                log_det = log_det + d
            if i < len(self.levels) - 1:
                kept = self.channels[i] // 2
                parts.append(h[:, kept:].flatten(1))
                h = h[:, :kept]
            else:
                parts.append(h.flatten(1))
        return torch.cat(parts, 1).view(x.shape), log_det


def realnvp(shape, scales=2, couplings=3, blocks=2, channels=32):
    net = lambda i, o: ResidualConvNet(i, channels, blocks, o)
    c, h, w = shape
    levels = []
    for s in range(scales):
        last = s == scales - 1
        steps = [CheckerboardCoupling(c, h, w, k % 2, net) for k in range(couplings + 1 if last else couplings)]
        if last:
            levels.append((nn.ModuleList(steps), c))
            break
        steps.append(Squeeze())
        c, h, w = 4 * c, h // 2, w // 2
        steps += [ChannelCoupling(c, k % 2 == 0, net) for k in range(couplings)]
        levels.append((nn.ModuleList(steps), c))
        c //= 2
    return MultiScale(levels)


def glow(shape, levels=2, steps=4, channels=64):
    net = lambda i, o: GlowConvNet(i, channels, o)
    c, h, w = shape
    stack = []
    for _ in range(levels):
        c, h, w = 4 * c, h // 2, w // 2
        level = [Squeeze()]
        for _ in range(steps):
            level += [ActNorm(c), InvertibleConv1x1(c), ChannelCoupling(c, True, net)]
        stack.append((nn.ModuleList(level), c))
        c //= 2
    return MultiScale(stack)


def log_prob(model, x, alpha=0.05, generator=None):
    k = (x * 255).round()
    y = (k + torch.rand(k.shape, generator=generator)) / 256
    p = alpha + (1 - 2 * alpha) * y
    logit_log_det = (math.log(1 - 2 * alpha) - p.log() - (-p).log1p()).flatten(1).sum(1)
    z, log_det = model(p.log() - (-p).log1p())
    d = x[0].numel()
    return (-0.5 * (z ** 2).flatten(1).sum(1) - 0.5 * d * math.log(2 * math.pi) + log_det + logit_log_det
            - d * math.log(256))


def load_mnist(data_dir):
    with gzip.open(f"{data_dir}/t10k-images-idx3-ubyte.gz") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return torch.from_numpy(raw.reshape(-1, 1, 28, 28).astype(np.float32) / 255)


MEMORY_FORMAT = torch.contiguous_format

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', choices=['realnvp', 'glow'], default='realnvp')
    ap.add_argument('--steps', type=int, default=100)
    ap.add_argument('--batch-size', type=int, default=64)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--data-dir', default='../shared/datasets/mnist')
    ap.add_argument('--channels-last', action='store_true')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.channels_last:
        MEMORY_FORMAT = torch.channels_last
    images = load_mnist(args.data_dir)
    images = images[torch.randperm(len(images))]
    train, held_out = images[:8000], images[8000:]
    model = realnvp((1, 28, 28)) if args.model == 'realnvp' else glow((1, 28, 28))
    print('parameters:', sum(p.numel() for p in model.parameters()))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    per_epoch = len(train) // args.batch_size
    d = 784
    start = time.time()
    for step in range(args.steps):
        if step % per_epoch == 0:
            order = torch.randperm(len(train))
        batch = train[order[(step % per_epoch) * args.batch_size:][:args.batch_size]]
        loss = -log_prob(model, batch).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    seconds = time.time() - start
    with torch.no_grad():
        nll = -log_prob(model, held_out, generator=torch.Generator().manual_seed(1234)).mean().item()
    print(f"steps_per_second: {args.steps / seconds:.4f}")
    print(f"train_seconds: {seconds:.2f}")
    print(f"train_bpd: {loss.item() / (d * math.log(2)):.4f}")
    print(f"val_bits_per_dim: {nll / (d * math.log(2)):.4f}")
