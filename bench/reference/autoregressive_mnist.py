"""PyTorch reference for dgm4j's autoregressive models on mnist10k (bench/autoregressive_mnist.sh).

Same setup as `dgm4j train --model nade|pixelcnn --data mnist10k`:
  * mnist10k = the 10,000 MNIST test images, intensities pixel / 255; the first 8,000 train,
    the last 2,000 are held out; dynamic binarisation x ~ Bernoulli(intensity) afresh for every
    training batch, one fixed binarisation of the held-out images;
  * nade: NADE with 500 hidden units in raster order, its logits computed as dgm4j's Nade does
    (blocks of at most 16 pixels and 2^22 values per [B, N, H] intermediate, the running sum
    carried from block to block, within a block one product with a strictly lower-triangular
    mask), parameters initialised as nn.Linear layers of the same fan-ins;
  * pixelcnn: a 7x7 mask-A convolution to 32 channels, 4 residual blocks h + conv3x3_B(relu(h)),
    relu, 1x1 conv, relu, 1x1 conv to one logit per pixel (nn.Conv2d's initialisation);
  * Adam (lr 1e-3), a new permutation per epoch, the last partial batch dropped;
  * reported: epochs/s of the training loop alone and the held-out NLL in nats (and bits per
    binary pixel).
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

from mnist10k import load_mnist10k

BLOCK_VALUES = 1 << 22
PIXELS_PER_BLOCK = 16


def uniform(fan_in, *shape):
    bound = 1 / math.sqrt(fan_in)
    return nn.Parameter(torch.empty(*shape).uniform_(-bound, bound))


class Nade(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.w = uniform(d, d, hidden)
        self.c = uniform(d, hidden)
        self.v = uniform(hidden, d, hidden)
        self.b = uniform(hidden, d)

    def logits(self, x):
        n, d = x.shape
        hidden = self.c.shape[0]
        block = max(1, min(d, PIXELS_PER_BLOCK, BLOCK_VALUES // (n * hidden)))
        carried = self.c.unsqueeze(0)
        parts = []
        for start in range(0, d, block):
            xb = x[:, start:start + block]
            wb = self.w[start:start + block]
            length = xb.shape[1]
            earlier = torch.ones(length, length).tril(-1).unsqueeze(1) * xb.unsqueeze(0)
            pre = torch.matmul(earlier, wb).add_(carried)
            parts.append(torch.bmm(pre.sigmoid(), self.v[start:start + block].unsqueeze(2)).squeeze(2))
            carried = carried + xb @ wb
        return torch.cat(parts, 0).t() + self.b


class MaskedConv2d(nn.Conv2d):
    def __init__(self, cin, cout, k, include_centre):
        super().__init__(cin, cout, k, padding=k // 2)
        mask = torch.zeros(k, k)
        c = k // 2
        mask[:c] = 1
        mask[c, :c + (1 if include_centre else 0)] = 1
        self.register_buffer("mask", mask)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCnn(nn.Module):
    def __init__(self, channels=32, blocks=4):
        super().__init__()
        self.first = MaskedConv2d(1, channels, 7, False)
        self.blocks = nn.ModuleList(MaskedConv2d(channels, channels, 3, True) for _ in range(blocks))
        self.hidden = nn.Conv2d(channels, channels, 1)
        self.out = nn.Conv2d(channels, 1, 1)

    def logits(self, x):
        h = self.first(x.view(-1, 1, 28, 28))
        for block in self.blocks:
            h = h + block(F.relu(h))
        return self.out(F.relu(self.hidden(F.relu(h)))).view(x.shape[0], -1)


def log_prob(model, x):
    return -F.binary_cross_entropy_with_logits(model.logits(x), x, reduction="none").sum(1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", required=True)
    p.add_argument("--model", choices=["nade", "pixelcnn"], required=True)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", help="write the figures to this file")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train, test = load_mnist10k(a.data_dir)
    train, test = train.flatten(1) / 255.0, test.flatten(1) / 255.0
    model = Nade(train.shape[1], 500) if a.model == "nade" else PixelCnn()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    per_epoch = train.shape[0] // a.batch_size

    start = time.perf_counter()
    for epoch in range(a.epochs):
        order = torch.randperm(train.shape[0])
        for b in range(per_epoch):
            x = torch.bernoulli(train[order[b * a.batch_size:(b + 1) * a.batch_size]])
            loss = -log_prob(model, x).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - start

    with torch.no_grad():
        held_out = torch.bernoulli(test, generator=torch.Generator().manual_seed(0x5EED))
        nll = -torch.cat([log_prob(model, held_out[i:i + 100]) for i in range(0, held_out.shape[0], 100)]).mean().item()
    figures = {"model": a.model, "epochs": a.epochs, "train_seconds": seconds, "epochs_per_second": a.epochs / seconds,
               "val_nll_nats": nll, "val_bits_per_dim": nll / (train.shape[1] * math.log(2)),
               "final_train_loss": loss.item(), "parameters": sum(t.numel() for t in model.parameters())}
    print(json.dumps(figures))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(figures, f)


if __name__ == "__main__":
    main()
