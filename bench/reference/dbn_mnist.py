"""PyTorch reference for dgm4j's deep belief network on mnist10k (bench/dbn_mnist.sh).

Same setup as `dgm4j train --model dbn --data mnist10k --opt units=H1,H2 --opt layer-steps=80*EPOCHS`:
  * each RBM as in rbm_mnist.py (W ~ N(0, 0.01^2), hidden biases 0, visible biases from the first
    batch's smoothed marginals, CD-k, loss mean F(x) - mean F(negatives), SGD with momentum, batch 100);
  * greedy: RBM 1 trains EPOCHS epochs on dynamically binarised images, then RBM 2 (its own optimizer)
    trains EPOCHS epochs on h1 ~ q(h1 | x) drawn afresh for every batch;
  * reported: steps/s of the training loops alone; AIS for the top RBM (base model from the marginals of
    h1 drawn for the fixed-binarised training images), then on the fixed-binarised held-out images the
    variational bound E_q[log p(x, h1) - log q(h1 | x)] (one draw) and the K-sample importance-weighted
    bound, with p(x, h1) = p(x | h1) exp(-F_2(h1)) / Z_2 and q(h1 | x) = RBM 1's hidden conditional.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

from mnist10k import load_mnist10k
from rbm_mnist import ais_log_z, bernoulli, free_energy, gibbs, logits_of_marginals


def train_rbm(data_batches, visible, hidden, args):
    w = (torch.randn(visible, hidden) * 0.01).requires_grad_()
    b = torch.zeros(visible, requires_grad=True)
    c = torch.zeros(hidden, requires_grad=True)
    optimizer = torch.optim.SGD([w, b, c], lr=args.lr, momentum=args.momentum)
    steps = 0
    for step, x in enumerate(data_batches(w, b, c)):
        if step == 0:
            with torch.no_grad():
                b.copy_(logits_of_marginals(x))
        with torch.no_grad():
            negatives = gibbs(x, w, b, c, args.k)
        loss = free_energy(x, w, b, c).mean() - free_energy(negatives, w, b, c).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        steps += 1
    return w.detach(), b.detach(), c.detach(), steps


def log_bernoulli(logits, x):
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)


@torch.no_grad()
def log_weights(x, k, bottom, top, log_z):
    """[k, N]: log p(x | h1) - F_2(h1) - log Z_2 - log q(h1 | x) for k draws h1 ~ q(h1 | x) per row."""
    w1, b1, c1 = bottom
    w2, b2, c2 = top
    rows = x.repeat(k, 1)
    up = rows @ w1 + c1
    h1 = bernoulli(torch.sigmoid(up))
    lw = log_bernoulli(h1 @ w1.t() + b1, rows) - log_bernoulli(up, h1) - free_energy(h1, w2, b2, c2) - log_z
    return lw.view(k, x.shape[0])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", required=True)
    p.add_argument("--epochs", type=int, default=10, help="per layer")
    p.add_argument("--units", default="500,500")
    p.add_argument("--k", type=int, default=1)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.5)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--ais-chains", type=int, default=100)
    p.add_argument("--ais-temperatures", type=int, default=10000)
    p.add_argument("--iw-k", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", required=True)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    h1_units, h2_units = (int(u) for u in args.units.split(","))

    train, test = load_mnist10k(args.data_dir)
    train, test = train.flatten(1) / 255.0, test.flatten(1) / 255.0
    fixed = torch.Generator().manual_seed(0x5EED)
    train_fixed = (torch.rand(train.shape, generator=fixed) < train).float()
    test_fixed = (torch.rand(test.shape, generator=fixed) < test).float()
    per_epoch = train.shape[0] // args.batch_size

    def batches(up=None):
        for _ in range(args.epochs):
            order = torch.randperm(train.shape[0])
            for i in range(per_epoch):
                x = bernoulli(train[order[i * args.batch_size:(i + 1) * args.batch_size]])
                yield x if up is None else bernoulli(torch.sigmoid(x @ up[0] + up[2]))

    start = time.perf_counter()
    bottom = train_rbm(lambda w, b, c: batches(), train.shape[1], h1_units, args)
    top = train_rbm(lambda w, b, c: batches(bottom), h1_units, h2_units, args)
    seconds = time.perf_counter() - start
    steps = bottom[3] + top[3]
    bottom, top = bottom[:3], top[:3]

    with torch.no_grad():
        h1_train = bernoulli(torch.sigmoid(train_fixed @ bottom[0] + bottom[2]))
        log_z, low, high = ais_log_z(*top, logits_of_marginals(h1_train), args.ais_chains, args.ais_temperatures)
        elbo = log_weights(test_fixed, 1, bottom, top, log_z).mean().item()
        chunk = max(1, 8192 // args.iw_k)
        total = 0.0
        for i in range(0, test_fixed.shape[0], chunk):
            lw = log_weights(test_fixed[i:i + chunk], args.iw_k, bottom, top, log_z)
            total += (torch.logsumexp(lw, 0) - math.log(args.iw_k)).sum().item()
        iw = total / test_fixed.shape[0]
        bound = max(F.softplus(top[1]).sum().item(), F.softplus(top[2]).sum().item())
    result = {"steps": steps, "train_seconds": seconds, "steps_per_second": steps / seconds,
              "elbo_nats": elbo, "iwae_nll_nats": -iw, "ais_log_z": log_z, "ais_log_z_low": low,
              "ais_log_z_high": high, "log_z_lower_bound": bound}
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
