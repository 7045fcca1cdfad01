package io.dgm4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.models.ebm.ExactRbm;
import io.dgm4j.models.ebm.Rbm;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AIS against log Z by exact enumeration of every (v, h) of a small RBM. */
class AnnealedImportanceSamplingTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** 10 visible and 6 hidden units (65,536 joint states) with strong weights: a multimodal p(v). */
    @Test
    void estimateMatchesExactLogPartitionFunction() {
        Rbm rbm = ExactRbm.random(10, 6, 1.0, 11, Map.of());
        double exact = ExactRbm.logZ(rbm);
        Tensor base = Rbm.logitsOfMarginals(rbm.gibbs(Rbm.bernoulli(torch.rand(500, 10)), 20));
        AnnealedImportanceSampling ais = AnnealedImportanceSampling.estimate(rbm, base, 500, 2000, k -> { });
        assertEquals(exact, ais.logZ(), 0.05, "AIS " + ais + " vs exact " + exact);
        assertTrue(ais.logZLow() <= exact && exact <= ais.logZHigh(), ais + " vs exact " + exact);
        assertTrue(rbm.logPartitionLowerBound() <= exact, "lower bound " + rbm.logPartitionLowerBound());
        // Annealed slowly the chains' weights are alike; one temperature from a uniform base leaves a few chains
        // to carry the estimate.
        AnnealedImportanceSampling direct = AnnealedImportanceSampling.estimate(rbm, torch.zeros(10), 500, 1, k -> { });
        assertTrue(ais.effectiveChains() > 250, "effective chains " + ais.effectiveChains());
        assertTrue(direct.effectiveChains() < ais.effectiveChains() / 5, direct + " vs " + ais);
    }

    /** The effective chains (sum w)^2 / sum w^2, by hand: weights 3, 1, 1, 1 give 36 / 12 = 3, whatever their scale. */
    @Test
    void effectiveChainsCountWhatTheWeightsRestOn() {
        for (double scale : new double[] {0, 700, -700}) {
            Tensor w = Tensors.of(new float[] {(float) Math.log(3), 0, 0, 0}, 4).to(torch.ScalarType.Double)
                    .add(new Scalar(scale));
            assertEquals(3, AnnealedImportanceSampling.fromLogWeights(0, w, 1).effectiveChains(), 1e-5, "scale " + scale);
        }
        Tensor equal = torch.zeros(7).to(torch.ScalarType.Double);
        assertEquals(7, AnnealedImportanceSampling.fromLogWeights(0, equal, 1).effectiveChains(), 1e-12);
    }

    /** With one temperature AIS is plain importance sampling from the base model: still unbiased in Z, much noisier. */
    @Test
    void oneTemperatureIsImportanceSamplingFromTheBase() {
        Rbm rbm = ExactRbm.random(6, 3, 0.3, 12, Map.of());
        double exact = ExactRbm.logZ(rbm);
        Tensor base = torch.zeros(6);
        AnnealedImportanceSampling ais = AnnealedImportanceSampling.estimate(rbm, base, 20000, 1, k -> { });
        assertEquals(exact, ais.logZ(), 0.02, "AIS " + ais + " vs exact " + exact);
    }
}
