"""PyTorch reference for dgm4j's RBM on mnist10k (bench/rbm_mnist.sh).

Same setup as `dgm4j train --model rbm --data mnist10k` with the family's defaults:
  * mnist10k = the 10,000 MNIST test images, intensities pixel / 255; the first 8,000 train, the
    last 2,000 are held out; dynamic binarisation x ~ Bernoulli(intensity) for every training
    batch, one fixed binarisation of the held-out (and, for AIS's base model, the training) images;
  * 784 visible and HIDDEN binary hidden units; W ~ N(0, 0.01^2), hidden biases 0, visible biases
    set at the first step to the logits of that batch's smoothed pixel marginals (count+1)/(N+2);
  * CD-k (negatives k Gibbs steps from the batch) or PCD-k (100 chains from Bernoulli(1/2) noise,
    advanced k steps per update); loss mean F(x) - mean F(negatives); torch.optim.SGD with
    momentum; batch 100, a new permutation per epoch;
  * reported: steps/s of the training loop alone; AIS (base: no weights, no hidden biases, visible
    biases from the training marginals; beta = 1/K .. 1 linearly; one Gibbs transition per beta),
    its log Z with a 3-standard-error band, the certain lower bound max(sum softplus(b),
    sum softplus(c)), and the held-out NLL = mean F(x) + log Z.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

from mnist10k import load_mnist10k


def free_energy(v, w, b, c):
    return -(v @ b) - F.softplus(v @ w + c).sum(1)


def bernoulli(p):
    return (torch.rand_like(p) < p).float()


def gibbs(v, w, b, c, steps):
    for _ in range(steps):
        h = bernoulli(torch.sigmoid(v @ w + c))
        v = bernoulli(torch.sigmoid(h @ w.t() + b))
    return v


def logits_of_marginals(rows):
    p = (rows.sum(0) + 1) / (rows.shape[0] + 2.0)
    return torch.log(p) - torch.log1p(-p)


@torch.no_grad()
def ais_log_z(w, b, c, base, chains, temperatures):
    v = bernoulli(torch.sigmoid(base).expand(chains, -1))
    log_w = torch.zeros(chains, dtype=torch.float64)
    for k in range(1, temperatures + 1):
        prev, beta = (k - 1) / temperatures, k / temperatures
        a = v @ w + c
        gain = (v @ (b - base)) * (beta - prev) + (F.softplus(beta * a) - F.softplus(prev * a)).sum(1)
        log_w += gain.double()
        if k < temperatures:
            h = bernoulli(torch.sigmoid(beta * a))
            v = bernoulli(torch.sigmoid(beta * (h @ w.t() + b) + (1 - beta) * base))
    log_z_base = w.shape[1] * math.log(2) + F.softplus(base).sum().item()
    shift = log_w.max().item()
    scaled = (log_w - shift).exp()
    mean, se = scaled.mean().item(), scaled.std().item() / math.sqrt(chains)
    low = mean - 3 * se
    return (log_z_base + shift + math.log(mean),
            log_z_base + shift + math.log(low) if low > 0 else float("-inf"),
            log_z_base + shift + math.log(mean + 3 * se))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--hidden", type=int, default=500)
    p.add_argument("--k", type=int, default=1)
    p.add_argument("--persistent", action="store_true")
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.5)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--ais-chains", type=int, default=100)
    p.add_argument("--ais-temperatures", type=int, default=10000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", required=True)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train, test = load_mnist10k(args.data_dir)
    train, test = train.flatten(1) / 255.0, test.flatten(1) / 255.0
    fixed = torch.Generator().manual_seed(0x5EED)
    train_fixed = (torch.rand(train.shape, generator=fixed) < train).float()
    test_fixed = (torch.rand(test.shape, generator=fixed) < test).float()

    d = train.shape[1]
    w = (torch.randn(d, args.hidden) * 0.01).requires_grad_()
    b = torch.zeros(d, requires_grad=True)
    c = torch.zeros(args.hidden, requires_grad=True)
    optimizer = torch.optim.SGD([w, b, c], lr=args.lr, momentum=args.momentum)
    chains = bernoulli(torch.full((100, d), 0.5)) if args.persistent else None

    steps_per_epoch = train.shape[0] // args.batch_size
    step = 0
    start = time.perf_counter()
    for _ in range(args.epochs):
        order = torch.randperm(train.shape[0])
        for i in range(steps_per_epoch):
            x = bernoulli(train[order[i * args.batch_size:(i + 1) * args.batch_size]])
            if step == 0:
                with torch.no_grad():
                    b.copy_(logits_of_marginals(x))
            with torch.no_grad():
                if args.persistent:
                    chains = gibbs(chains, w, b, c, args.k)
                    negatives = chains
                else:
                    negatives = gibbs(x, w, b, c, args.k)
            loss = free_energy(x, w, b, c).mean() - free_energy(negatives, w, b, c).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
    seconds = time.perf_counter() - start

    with torch.no_grad():
        w, b, c = w.detach(), b.detach(), c.detach()
        ais_start = time.perf_counter()
        log_z, low, high = ais_log_z(w, b, c, logits_of_marginals(train_fixed), args.ais_chains,
                                     args.ais_temperatures)
        ais_seconds = time.perf_counter() - ais_start
        fe = free_energy(test_fixed, w, b, c).mean().item()
        bound = max(F.softplus(b).sum().item(), F.softplus(c).sum().item())
    result = {"steps": step, "train_seconds": seconds, "steps_per_second": step / seconds,
              "ais_nll_nats": fe + log_z, "ais_log_z": log_z, "ais_log_z_low": low, "ais_log_z_high": high,
              "log_z_lower_bound": bound, "free_energy": fe, "ais_seconds": ais_seconds}
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
