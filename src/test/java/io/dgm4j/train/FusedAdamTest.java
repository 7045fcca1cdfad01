package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.nn.FlatParameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fused Adam/AdamW kernel against Adam written out by hand and against libtorch's own optimizers. */
class FusedAdamTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** Two parameters [2] and [3] packed into one buffer, at fixed values. */
    private static FlatParameters parameters(float[] values) {
        Tensor a = Tensors.of(new float[] {values[0], values[1]}, 2);
        Tensor b = Tensors.of(new float[] {values[2], values[3], values[4]}, 3);
        return new FlatParameters(List.of(a, b));
    }

    private static void setGradient(FlatParameters params, float[] gradient) {
        try (NoGradGuard guard = new NoGradGuard()) {
            params.values().grad().copy_(Tensors.of(gradient, gradient.length));
        }
    }

    /**
     * Adam's update written out in doubles: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
     * p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps), with g += wd p (Adam) or p *= 1 - lr wd (AdamW).
     */
    @Test
    void matchesAdamWrittenOutByHand() {
        float[] start = {0.5f, -1.0f, 2.0f, 0.0f, -0.25f};
        float[][] gradients = {{0.1f, -0.2f, 0.3f, 1.0f, -3.0f}, {-0.4f, 0.0f, 0.5f, 0.2f, 2.0f},
            {0.05f, 0.3f, -0.1f, -1.0f, 0.7f}};
        for (boolean decoupled : new boolean[] {false, true}) {
            double lr = 0.1;
            double b1 = 0.5;
            double b2 = 0.9;
            double wd = 0.2;
            double eps = 1e-8;
            FlatParameters params = parameters(start);
            FusedAdam adam = new FusedAdam(params, lr, b1, b2, wd, decoupled);
            double[] p = new double[5];
            double[] m = new double[5];
            double[] v = new double[5];
            for (int i = 0; i < 5; i++) {
                p[i] = start[i];
            }
            for (int t = 1; t <= gradients.length; t++) {
                setGradient(params, gradients[t - 1]);
                adam.step();
                for (int i = 0; i < 5; i++) {
                    double g = gradients[t - 1][i];
                    if (decoupled) {
                        p[i] *= 1 - lr * wd;
                    } else {
                        g += wd * p[i];
                    }
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(b1, t));
                    double vHat = v[i] / (1 - Math.pow(b2, t));
                    p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
                float[] got = Tensors.toFloats(params.values());
                for (int i = 0; i < 5; i++) {
                    assertEquals(p[i], got[i], 1e-5, (decoupled ? "AdamW" : "Adam") + " step " + t + " entry " + i);
                }
            }
        }
    }

    /** Writes (beta1, beta2) into libtorch's std::tuple, which libstdc++ lays out last element first. */
    private static void putBetas(DoublePointer tuple, double beta1, double beta2) {
        tuple.put(0, beta2).put(1, beta1);
    }

    /** Many steps with random gradients on a bigger buffer: the fused kernel follows libtorch's unfused Adam/AdamW. */
    @Test
    void followsLibtorchsOwnOptimizers() {
        Engine.seed(3);
        Tensor start = torch.randn(1000);
        Tensor[] gradients = new Tensor[50];
        for (int t = 0; t < gradients.length; t++) {
            gradients[t] = torch.randn(1000).mul(new org.bytedeco.pytorch.Scalar(t % 7 + 0.1));
        }
        for (boolean decoupled : new boolean[] {false, true}) {
            FlatParameters fused = new FlatParameters(List.of(start.clone()));
            FlatParameters reference = new FlatParameters(List.of(start.clone()));
            FusedAdam adam = new FusedAdam(fused, 1e-2, 0.8, 0.99, 0.01, decoupled);
            Optimizer libtorch;
            if (decoupled) {
                AdamWOptions options = new AdamWOptions(1e-2);
                options.weight_decay().put(0.01);
                putBetas(options.betas(), 0.8, 0.99);
                libtorch = new AdamW(new TensorVector(reference.values()), options);
            } else {
                AdamOptions options = new AdamOptions(1e-2);
                options.weight_decay().put(0.01);
                putBetas(options.betas(), 0.8, 0.99);
                libtorch = new Adam(new TensorVector(reference.values()), options);
            }
            for (Tensor g : gradients) {
                try (NoGradGuard guard = new NoGradGuard()) {
                    fused.values().grad().copy_(g);
                    reference.values().grad().copy_(g);
                }
                adam.step();
                libtorch.step();
            }
            double moved = fused.values().detach().sub(start).abs().max().item_double();
            double gap = fused.values().detach().sub(reference.values().detach()).abs().max().item_double();
            assertTrue(moved > 0.1, "the parameters moved by " + moved);
            assertTrue(gap < 1e-5, (decoupled ? "AdamW" : "Adam") + " differs from libtorch's by " + gap);
        }
    }

    /** Saving after some steps and loading into a fresh optimizer continues exactly as the original would. */
    @Test
    void stateSurvivesSaveAndLoad() {
        float[] start = {0.5f, -1.0f, 2.0f, 0.0f, -0.25f};
        float[] g1 = {0.1f, -0.2f, 0.3f, 1.0f, -3.0f};
        float[] g2 = {-0.4f, 0.0f, 0.5f, 0.2f, 2.0f};
        FlatParameters original = parameters(start);
        FusedAdam adam = new FusedAdam(original, 0.1, 0.9, 0.999, 0, false);
        setGradient(original, g1);
        adam.step();
        String file = tmp.resolve("adam.pt").toString();
        OutputArchive out = new OutputArchive();
        adam.save(out);
        out.save_to(file);

        FlatParameters restored = parameters(Tensors.toFloats(original.values()));
        FusedAdam resumed = new FusedAdam(restored, 0.1, 0.9, 0.999, 0, false);
        InputArchive in = new InputArchive();
        in.load_from(file);
        resumed.load(in);
        setGradient(original, g2);
        adam.step();
        setGradient(restored, g2);
        resumed.step();
        float[] expected = Tensors.toFloats(original.values());
        float[] got = Tensors.toFloats(restored.values());
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], got[i], 0f, "entry " + i);
        }
    }

    /** An archive without the fused state (libtorch's own Adam saved it) is a clear error, not a crash. */
    @Test
    void stateInAnotherFormatIsAClearError() {
        Tensor p = torch.randn(5);
        p.requires_grad_(true);
        p.mutable_grad().put(torch.randn(5));
        Adam libtorch = new Adam(new TensorVector(p), new AdamOptions(1e-3));
        libtorch.step();
        String file = tmp.resolve("old.pt").toString();
        OutputArchive out = new OutputArchive();
        libtorch.save(out);
        out.save_to(file);
        InputArchive in = new InputArchive();
        in.load_from(file);
        FusedAdam adam = new FusedAdam(parameters(new float[5]), 1e-3, 0.9, 0.999, 0, false);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> adam.load(in));
        assertTrue(e.getMessage().contains("older dgm4j"), e.getMessage());
    }
}
