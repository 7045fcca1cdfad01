"""PyTorch reference for dgm4j's MLP VAE on mnist10k (bench/vae_mnist.sh).

Same setup as `dgm4j train --model vae --data mnist10k` with its image defaults:
  * mnist10k = the 10,000 MNIST test images, intensities pixel / 255; the first 8,000 train,
    the last 2,000 are held out;
  * 784-400-20 encoder (one ReLU hidden layer, output split into mean and log-variance) and
    20-400-784 decoder giving Bernoulli logits; nn.Linear's default initialisation (dgm4j's too);
  * dynamic binarisation x ~ Bernoulli(intensity) afresh for every training batch, one fixed
    binarisation of the held-out images;
  * one-sample ELBO with the closed-form KL, Adam (lr 1e-3), batch 128, a new permutation per
    epoch, the last partial batch dropped (62 steps per epoch);
  * --precision bf16: the loss under torch.autocast("cpu", dtype=torch.bfloat16), as dgm4j's
    `--precision bf16`; the held-out figures are always computed in fp32;
  * reported: epochs/s of the training loop alone, the held-out ELBO and the IWAE-K NLL
    -mean log (1/K) sum_k p(x, z_k) / q(z_k|x).
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

from mnist10k import load_mnist10k

LATENT = 20
HIDDEN = 400


def load_mnist10k_intensities(data_dir):
    """mnist10k as flattened intensities k/255 in [0, 1], [N, 784]: (train, held out)."""
    train, test = load_mnist10k(data_dir)
    return train.flatten(1) / 255.0, test.flatten(1) / 255.0


class Vae(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(d, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 2 * LATENT))
        self.decoder = nn.Sequential(nn.Linear(LATENT, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, d))

    def posterior(self, x):
        out = self.encoder(x)
        return out[:, :LATENT], out[:, LATENT:]

    def log_likelihood(self, x, z):
        return -F.binary_cross_entropy_with_logits(self.decoder(z), x, reduction="none").sum(-1)

    def elbo(self, x):
        mean, log_var = self.posterior(x)
        z = mean + torch.randn_like(mean) * (0.5 * log_var).exp()
        kl = 0.5 * (mean.pow(2) + log_var.exp() - 1 - log_var).sum(1)
        return self.log_likelihood(x, z) - kl

    def log_weights(self, x, k):
        """log p(x, z_k) - log q(z_k|x), [k, N]."""
        mean, log_var = self.posterior(x)
        eps = torch.randn(k, *mean.shape)
        z = mean + eps * (0.5 * log_var).exp()
        log_prior_ratio = 0.5 * (eps.pow(2) - z.pow(2)).sum(2) + 0.5 * log_var.sum(1)
        return self.log_likelihood(x.expand(k, *x.shape), z) + log_prior_ratio


def iwae_nll(model, x, k, images_per_chunk=20, samples_per_chunk=500):
    """-mean over x of log (1/K) sum_k w_k, in chunks that bound the memory to ~30 MB."""
    total = 0.0
    for i in range(0, x.shape[0], images_per_chunk):
        chunk = x[i:i + images_per_chunk]
        parts = [model.log_weights(chunk, min(samples_per_chunk, k - j)) for j in range(0, k, samples_per_chunk)]
        total += (torch.logsumexp(torch.cat(parts, 0), 0) - math.log(k)).sum().item()
    return -total / x.shape[0]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--k", type=int, default=5000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", help="write the figures to this file")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train, test = load_mnist10k_intensities(a.data_dir)
    model = Vae(train.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    per_epoch = train.shape[0] // a.batch_size

    start = time.perf_counter()
    for epoch in range(a.epochs):
        order = torch.randperm(train.shape[0])
        for b in range(per_epoch):
            x = torch.bernoulli(train[order[b * a.batch_size:(b + 1) * a.batch_size]])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.precision == "bf16"):
                loss = -model.elbo(x).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - start

    with torch.no_grad():
        held_out = torch.bernoulli(test, generator=torch.Generator().manual_seed(0x5EED))
        elbo = model.elbo(held_out).mean().item()
        nll = iwae_nll(model, held_out, a.k)
    figures = {"epochs": a.epochs, "precision": a.precision, "train_seconds": seconds, "epochs_per_second": a.epochs / seconds,
               "val_elbo_nats": elbo, "iwae_nll_nats": nll, "iwae_k": a.k, "final_train_loss": loss.item(),
               "parameters": sum(t.numel() for t in model.parameters())}
    print(json.dumps(figures))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(figures, f)


if __name__ == "__main__":
    main()
