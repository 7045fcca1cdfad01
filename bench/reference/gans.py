#!/usr/bin/env python3
"""PyTorch reference for dgm4j's GANs (bench/gans.sh), written from the shared plan of issue 5.

Families (loss, default nets, optimiser of both generator and critic, critic steps):
  gan         non-saturating: critic BCE-with-logits, G minimises -log D(G(z))   mlp / toy   Adam 2e-4 (0.5, 0.999)  1
  gan-minimax minimax: G minimises log(1 - D(G(z)))                             mlp / toy   Adam 2e-4 (0.5, 0.999)  1
  dcgan       non-saturating                                                    dcgan only  Adam 2e-4 (0.5, 0.999)  1
  wgan        Wasserstein, critic weights clipped to [-c, c] after every critic step   dcgan / toy  RMSprop 5e-5  5
  wgan-gp     Wasserstein + lambda * mean((|grad_x D(x_hat)| - 1)^2), x_hat a uniform mix of a real and a fake
              example, the norm over all input dimensions     dcgan (no batch norm in the critic) / toy  Adam 1e-4 (0.5, 0.9)  5
(first net: images, second: 2-D data).

Nets (PyTorch default initialisation everywhere; batch norm eps 1e-5, momentum 0.1):
  mlp   G: z -> 128 -> 256 -> 512 -> 1024 -> 784, LeakyReLU(0.2) after each hidden Linear, BatchNorm1d after the
           256, 512 and 1024 Linears (before the activation), tanh, viewed as [1,28,28].
        D: 784 -> 512 -> 256 -> 1, LeakyReLU(0.2) and Dropout(0.3) after each hidden Linear, raw logit.
  dcgan G: Linear(z, 128*7*7) -> [128,7,7] -> BatchNorm2d -> ReLU -> ConvTranspose2d(128, 64, 4, 2, 1) -> BatchNorm2d
           -> ReLU -> ConvTranspose2d(64, 1, 4, 2, 1) -> tanh.
        D: Conv2d(1, 64, 4, 2, 1) -> LeakyReLU(0.2) -> Conv2d(64, 128, 4, 2, 1) -> BatchNorm2d (not for wgan-gp)
           -> LeakyReLU(0.2) -> flatten -> Linear(6272, 1).
  toy   G: z -> [hidden x depth, ReLU] -> 2.  D: 2 -> [hidden x depth, ReLU] -> 1.

Data: mnist10k (the first 8,000 of the MNIST test images; pixels / 255 in [0, 1], shown to the critic as 2x - 1;
samples are written back as (G(z) + 1) / 2), or 25gaussians (10,000 training points drawn exactly as dgm4j's
ToyDatasets draws them from java.util.Random(seed): a uniform mode of the 5x5 grid {-4,-2,0,2,4}^2 plus N(0, 0.05^2)
noise per coordinate; identity scaling).

Training: one step = one critic update on one real batch (a new permutation per epoch, the last partial batch
dropped) against a batch of fakes of the same size from G in training mode; after every critic-steps-th step,
generator-steps generator updates on fresh batches of z. The critic sees real and fake batches in separate calls
(its batch norm uses per-call statistics). Batch norm uses batch statistics while training and running averages
for the final samples (eval()); G's running averages are updated by both of its passes (the critic step's fakes,
drawn without gradient, and each generator step's). Steps/s is timed after 20 warm-up steps (excluded).

Prints steps_per_second, the final losses and the parameter counts as JSON (`--json FILE` writes it too) and writes
`--n` final samples in data units to `--samples FILE.csv` (784 columns in [0, 1] for MNIST, x,y for 2-D), for
`dgm4j score`. `--check` runs self-checks (the Java random stream, the gradient penalty of a linear critic, net
shapes) and exits.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist10k import load_mnist10k  # noqa: E402

WARMUP_STEPS = 20
IMAGE_SHAPE = (1, 28, 28)


class Family:
    def __init__(self, loss, image_net, vector_net, optimizer, critic_steps):
        self.loss, self.image_net, self.vector_net = loss, image_net, vector_net
        self.optimizer, self.critic_steps = optimizer, critic_steps


ADAM_GAN = ("adam", 2e-4, (0.5, 0.999))
FAMILIES = {
    "gan": Family("non-saturating", "mlp", "toy", ADAM_GAN, 1),
    "gan-minimax": Family("minimax", "mlp", "toy", ADAM_GAN, 1),
    "dcgan": Family("non-saturating", "dcgan", None, ADAM_GAN, 1),
    "wgan": Family("wasserstein-clip", "dcgan", "toy", ("rmsprop", 5e-5, None), 5),
    "wgan-gp": Family("wasserstein-gp", "dcgan", "toy", ("adam", 1e-4, (0.5, 0.9)), 5),
}


# ---------------------------------------------------------------------------------------------------------- data

class JavaRandom:
    """java.util.Random: its LCG, nextInt(bound) and nextGaussian are fixed by the Java specification."""
    MULTIPLIER, ADDEND, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed):
        self.state = (seed ^ self.MULTIPLIER) & self.MASK
        self.next_next_gaussian = None

    def next_bits(self, bits):
        self.state = (self.state * self.MULTIPLIER + self.ADDEND) & self.MASK
        return self.state >> (48 - bits)

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next_bits(31)) >> 31
        while True:
            bits = self.next_bits(31)
            value = bits % bound
            if bits - value + (bound - 1) < 1 << 31:  # Java rejects the draws whose int sum overflows
                return value

    def next_double(self):
        return ((self.next_bits(26) << 27) + self.next_bits(27)) * 2.0 ** -53

    def next_gaussian(self):
        if self.next_next_gaussian is not None:
            g, self.next_next_gaussian = self.next_next_gaussian, None
            return g
        while True:
            v1, v2 = 2 * self.next_double() - 1, 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        multiplier = math.sqrt(-2 * math.log(s) / s)
        self.next_next_gaussian = v2 * multiplier
        return v1 * multiplier


def gaussians25(n, seed, noise=0.05):
    """dgm4j's ToyDatasets.generate("25gaussians", n, seed): [n, 2] float32."""
    random = JavaRandom(seed)
    points = np.empty((n, 2), dtype=np.float64)
    for i in range(n):
        mode = random.next_int(25)
        points[i, 0] = -4 + 2 * (mode // 5) + noise * random.next_gaussian()
        points[i, 1] = -4 + 2 * (mode % 5) + noise * random.next_gaussian()
    return torch.from_numpy(points.astype(np.float32))


def load_training_data(name, data_dir, seed, train_size):
    """Training examples in the critic's units: MNIST in [-1, 1] [N,1,28,28], 2-D points as they are."""
    if name == "mnist10k":
        if not data_dir:
            raise SystemExit("gans.py: --data mnist10k needs --data-dir (the folder of t10k-images-idx3-ubyte.gz)")
        train, _ = load_mnist10k(data_dir)
        return train / 255.0 * 2 - 1
    return gaussians25(train_size, seed)


def to_data_units(x, images):
    return ((x + 1) / 2).flatten(1) if images else x


# ---------------------------------------------------------------------------------------------------------- nets

def mlp_generator(latent):
    def block(n_in, n_out, batch_norm):
        return [nn.Linear(n_in, n_out)] + ([nn.BatchNorm1d(n_out)] if batch_norm else []) + [nn.LeakyReLU(0.2)]
    return nn.Sequential(*block(latent, 128, False), *block(128, 256, True), *block(256, 512, True),
                         *block(512, 1024, True), nn.Linear(1024, 784), nn.Tanh(), nn.Unflatten(1, IMAGE_SHAPE))


def mlp_critic():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Dropout(0.3),
                         nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Dropout(0.3), nn.Linear(256, 1))


def dcgan_generator(latent):
    return nn.Sequential(nn.Linear(latent, 128 * 7 * 7), nn.Unflatten(1, (128, 7, 7)), nn.BatchNorm2d(128), nn.ReLU(),
                         nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
                         nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh())


def dcgan_critic(batch_norm):
    return nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 128, 4, 2, 1),
                         *([nn.BatchNorm2d(128)] if batch_norm else []), nn.LeakyReLU(0.2), nn.Flatten(),
                         nn.Linear(128 * 7 * 7, 1))


def toy_mlp(n_in, n_out, hidden, depth):
    layers, width = [], n_in
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    return nn.Sequential(*layers, nn.Linear(width, n_out))


def build_nets(model, net, latent, hidden, depth):
    if net == "mlp":
        return mlp_generator(latent), mlp_critic()
    if net == "dcgan":
        return dcgan_generator(latent), dcgan_critic(batch_norm=model != "wgan-gp")
    return toy_mlp(latent, 2, hidden, depth), toy_mlp(2, 1, hidden, depth)


def optimizer(spec, params, lr):
    kind, default_lr, betas = spec
    lr = default_lr if lr is None else lr
    return torch.optim.Adam(params, lr=lr, betas=betas) if kind == "adam" else torch.optim.RMSprop(params, lr=lr)


# ---------------------------------------------------------------------------------------------------------- losses

def gradient_penalty(critic, real, fake):
    """mean over examples of (|grad_x D(x_hat)|_2 - 1)^2, x_hat = eps real + (1 - eps) fake, eps ~ U[0,1) each."""
    eps = torch.rand(real.shape[0], *[1] * (real.dim() - 1))
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return (grad.flatten(1).norm(dim=1) - 1).pow(2).mean()


def critic_loss(loss, critic, real, fake, gp_weight):
    real_out, fake_out = critic(real), critic(fake)
    if loss in ("non-saturating", "minimax"):
        return (F.binary_cross_entropy_with_logits(real_out, torch.ones_like(real_out))
                + F.binary_cross_entropy_with_logits(fake_out, torch.zeros_like(fake_out)))
    wasserstein = fake_out.mean() - real_out.mean()
    if loss == "wasserstein-gp":
        return wasserstein + gp_weight * gradient_penalty(critic, real, fake)
    return wasserstein


def generator_loss(loss, fake_out):
    if loss == "non-saturating":
        return F.binary_cross_entropy_with_logits(fake_out, torch.ones_like(fake_out))  # -log sigmoid(D)
    if loss == "minimax":
        return -F.softplus(fake_out).mean()  # log(1 - sigmoid(D)) = -softplus(D)
    return -fake_out.mean()


# ---------------------------------------------------------------------------------------------------------- training

def mixed_precision(a):
    """--precision bf16: products and convolutions in bfloat16 under autocast, as dgm4j's --precision bf16."""
    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.precision == "bf16")


def train(a, family, generator, critic, data):
    g_opt = optimizer(family.optimizer, generator.parameters(), a.lr)
    c_opt = optimizer(family.optimizer, critic.parameters(), a.lr)
    per_epoch = data.shape[0] // a.batch_size
    if per_epoch == 0:
        raise SystemExit(f"gans.py: --batch-size {a.batch_size} exceeds the {data.shape[0]} training examples")
    order, start, g_loss = None, None, None  # no generator loss before the first generator update
    for step in range(a.steps):
        if step == WARMUP_STEPS:
            start = time.perf_counter()
        b = step % per_epoch
        if b == 0:
            order = torch.randperm(data.shape[0])
        real = data[order[b * a.batch_size:(b + 1) * a.batch_size]]
        with mixed_precision(a), torch.no_grad():
            fake = generator(torch.randn(a.batch_size, a.latent))
        with mixed_precision(a):
            c_loss = critic_loss(family.loss, critic, real, fake, a.gp_weight)
        c_opt.zero_grad(set_to_none=True)
        c_loss.backward()
        c_opt.step()
        if family.loss == "wasserstein-clip":
            with torch.no_grad():
                for p in critic.parameters():
                    p.clamp_(-a.clip, a.clip)
        if (step + 1) % a.critic_steps == 0:
            for _ in range(a.generator_steps):
                with mixed_precision(a):
                    loss = generator_loss(family.loss, critic(generator(torch.randn(a.batch_size, a.latent))))
                g_opt.zero_grad(set_to_none=True)
                loss.backward()
                g_opt.step()
                g_loss = loss.item()
        c_loss = c_loss.item()
        if not math.isfinite(c_loss) or (g_loss is not None and not math.isfinite(g_loss)):
            raise SystemExit(f"gans.py: step {step + 1}: a loss is not finite (critic {c_loss}, generator {g_loss})")
        if (step + 1) % a.log_every == 0 or step + 1 == a.steps:
            g_text = "none yet" if g_loss is None else f"{g_loss:.4f}"
            print(f"step {step + 1}: critic loss {c_loss:.4f}, generator loss {g_text}", flush=True)
    seconds = time.perf_counter() - start
    return seconds, c_loss, g_loss


def write_samples(path, samples):
    columns = ["x", "y"] if samples.shape[1] == 2 else [f"x{i}" for i in range(samples.shape[1])]
    np.savetxt(path, samples.numpy(), fmt="%.6g", delimiter=",", header=",".join(columns), comments="")


# ---------------------------------------------------------------------------------------------------------- checks

# new java.util.Random(0): nextInt(25), nextGaussian(), nextGaussian(), nextInt(25), printed by jshell (JDK 17).
JAVA_RANDOM_0 = [10, 1.1460540722898627, 0.36771966046909416, 3]

def self_check():
    failures = []
    r = JavaRandom(0)
    got = [r.next_int(25), r.next_gaussian(), r.next_gaussian(), r.next_int(25)]
    want = JAVA_RANDOM_0
    if got[0] != want[0] or got[3] != want[3] or max(abs(g - w) for g, w in zip(got[1:3], want[1:3])) > 1e-15:
        failures.append(f"java.util.Random(0) stream {got} != {want}")
    # A linear critic D(x) = w.x + b has grad_x D = w everywhere, so the penalty is (|w| - 1)^2 exactly.
    torch.manual_seed(0)
    linear = nn.Sequential(nn.Flatten(), nn.Linear(784, 1)).double()
    gp = gradient_penalty(linear, torch.rand(8, *IMAGE_SHAPE, dtype=torch.float64),
                          torch.rand(8, *IMAGE_SHAPE, dtype=torch.float64)).item()
    want_gp = (linear[1].weight.norm().item() - 1) ** 2
    if abs(gp - want_gp) > 1e-12 * max(1.0, want_gp):
        failures.append(f"gradient penalty {gp} != (|w| - 1)^2 = {want_gp}")
    for model, net, latent in [("gan", "mlp", 100), ("dcgan", "dcgan", 100), ("wgan-gp", "dcgan", 100),
                               ("wgan-gp", "toy", 2)]:
        g, c = build_nets(model, net, latent, 256, 3)
        x = g(torch.randn(5, latent))
        want_shape = (5, *IMAGE_SHAPE) if net != "toy" else (5, 2)
        if tuple(x.shape) != want_shape or tuple(c(x).shape) != (5, 1):
            failures.append(f"{model}/{net}: G gives {tuple(x.shape)}, D gives {tuple(c(x).shape)}")
        if net != "toy" and x.abs().max() > 1:
            failures.append(f"{model}/{net}: tanh output outside [-1, 1]")
        has_bn = any(isinstance(m, nn.BatchNorm2d) for m in c.modules())
        if net == "dcgan" and has_bn != (model != "wgan-gp"):
            failures.append(f"{model}/dcgan critic: batch norm present = {has_bn}")
    for f in failures:
        print("check: FAILED:", f)
    if failures:
        sys.exit(1)
    print("check: ok")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=sorted(FAMILIES), default="dcgan")
    p.add_argument("--data", choices=["mnist10k", "25gaussians"], default="mnist10k")
    p.add_argument("--data-dir", help="folder of the MNIST IDX files (mnist10k)")
    p.add_argument("--net", choices=["mlp", "dcgan", "toy"], help="default: the family's net for the data")
    p.add_argument("--steps", type=int, default=1000, help="critic updates, warm-up included (> 20)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, help="default: the family's")
    p.add_argument("--critic-steps", type=int, help="default: 5 for wgan/wgan-gp, else 1")
    p.add_argument("--generator-steps", type=int, default=1)
    p.add_argument("--clip", type=float, default=0.01)
    p.add_argument("--gp-weight", type=float, default=10.0)
    p.add_argument("--latent", type=int, help="default: 100 for images, 2 for 2-D data")
    p.add_argument("--hidden", type=int, default=256, help="toy nets")
    p.add_argument("--depth", type=int, default=3, help="toy nets")
    p.add_argument("--train-size", type=int, default=10000, help="2-D data")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32", help="of the training steps")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--n", type=int, default=2000, help="final samples written to --samples")
    p.add_argument("--samples", help="CSV file for the final samples (data units)")
    p.add_argument("--log-every", type=int, default=100)
    p.add_argument("--json", help="write the figures to this file")
    p.add_argument("--check", action="store_true", help="run the self-checks and exit")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.check:
        self_check()
        return
    family = FAMILIES[a.model]
    images = a.data == "mnist10k"
    default_net = family.image_net if images else family.vector_net
    if default_net is None:
        raise SystemExit(f"gans.py: --model {a.model} is for images only; use --data mnist10k")
    a.net = a.net or default_net
    if (a.net == "toy") == images:
        raise SystemExit(f"gans.py: --net {a.net} does not fit --data {a.data}; leave --net out for the default")
    a.latent = a.latent or (100 if images else 2)
    a.critic_steps = a.critic_steps or family.critic_steps
    if a.steps <= WARMUP_STEPS or min(a.critic_steps, a.generator_steps, a.batch_size, a.n) < 1:
        raise SystemExit(f"gans.py: need --steps > {WARMUP_STEPS} and positive critic/generator steps, batch, --n")

    torch.manual_seed(a.seed)
    data = load_training_data(a.data, a.data_dir, a.seed, a.train_size)
    generator, critic = build_nets(a.model, a.net, a.latent, a.hidden, a.depth)
    seconds, c_loss, g_loss = train(a, family, generator, critic, data)
    generator.eval()
    with torch.no_grad():
        samples = to_data_units(generator(torch.randn(a.n, a.latent)), images)
    if a.samples:
        write_samples(a.samples, samples)
    timed = a.steps - WARMUP_STEPS
    figures = {"model": a.model, "data": a.data, "net": a.net, "precision": a.precision, "steps": a.steps,
               "timed_steps": timed, "train_seconds": seconds, "steps_per_second": timed / seconds, "final_critic_loss": c_loss,
               "final_generator_loss": g_loss, "sample_min": samples.min().item(), "sample_max": samples.max().item(),
               "generator_parameters": sum(t.numel() for t in generator.parameters()),
               "critic_parameters": sum(t.numel() for t in critic.parameters())}
    print(json.dumps(figures))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(figures, f)


if __name__ == "__main__":
    main()
