"""mnist10k for the PyTorch references, as dgm4j splits it, and the image flows' likelihood pieces.

Same conventions as dgm4j (see README, 'Images'):
  * mnist10k = the 10,000 MNIST test images; the first 8,000 train, the last 2,000 are held out.
  * pixels k in {0..255}; uniform dequantisation y = (k + u) / 256, u ~ U[0,1);
    logit transform x = logit(a + (1 - 2a) y), a = 0.05, with its log-det;
  * reported figure: bits/dim of the discrete data,
    bpd = -(log p_X(x) + log|dx/dy| - D log 256) / (D ln 2).
"""
import gzip
import math
import os
import struct

import numpy as np
import torch

ALPHA = 0.05


def load_mnist10k(data_dir):
    """Pixel levels 0..255 as floats, [N, 1, 28, 28]: (the first 8000 images, the last 2000)."""
    path = os.path.join(data_dir, "t10k-images-idx3-ubyte.gz")
    opener = gzip.open if os.path.exists(path) else open
    if not os.path.exists(path):
        path = path[:-3]
    with opener(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise SystemExit(f"{path}: not an IDX image file")
        pixels = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8).reshape(n, 1, rows, cols)
    k = torch.from_numpy(pixels.astype(np.float32))
    return k[:8000], k[8000:]


def dequantize_logit(k):
    """Pixel levels k [N,1,28,28] -> (x, log|dx/dy| - D log 256) per example."""
    y = (k + torch.rand_like(k)) / 256.0
    p = ALPHA + (1 - 2 * ALPHA) * y
    x = torch.log(p) - torch.log1p(-p)
    # dx/dy = (1 - 2a) / (p (1 - p))
    log_det = (math.log(1 - 2 * ALPHA) - torch.log(p) - torch.log1p(-p)).flatten(1).sum(1)
    d = k[0].numel()
    return x, log_det - d * math.log(256.0)


def standard_normal_log_prob(z):
    return (-0.5 * z.pow(2) - 0.5 * math.log(2 * math.pi)).flatten(1).sum(1)


def bits_per_dim(nll_nats, d):
    return nll_nats / (d * math.log(2))
