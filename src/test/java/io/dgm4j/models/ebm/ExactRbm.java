package io.dgm4j.models.ebm;

import io.dgm4j.models.ModelOptions;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A tiny RBM and its exact distribution, by enumerating every joint state (v, h) and summing
 * exp(-E(v, h)) in double precision from the parameter values, independently of the model's code.
 */
public final class ExactRbm {
    private ExactRbm() {
    }

    /** An RBM with V visible and H hidden units whose weights and biases are N(0, scale^2). */
    public static Rbm random(int visible, int hidden, double scale, long seed, Map<String, String> options) {
        Engine.seed(seed);
        Map<String, String> all = new HashMap<>(options);
        all.put("hidden", Integer.toString(hidden));
        Rbm rbm = (Rbm) new RbmFamily().create(new ModelOptions(all), new int[] {visible});
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor p : rbm.parameters().list()) {
                p.copy_(torch.randn(p.sizes().vec().get()).mul(new Scalar(scale)));
            }
        }
        return rbm;
    }

    /** Visible state number s as a 0/1 vector (bit i of s is v_i). */
    public static double[] state(int s, int units) {
        double[] v = new double[units];
        for (int i = 0; i < units; i++) {
            v[i] = (s >> i) & 1;
        }
        return v;
    }

    /** Every visible state, [2^V, V], in the order of {@link #state}. */
    public static Tensor allVisibleStates(int visible) {
        float[] values = new float[(1 << visible) * visible];
        for (int s = 0; s < (1 << visible); s++) {
            double[] v = state(s, visible);
            for (int i = 0; i < visible; i++) {
                values[s * visible + i] = (float) v[i];
            }
        }
        return Tensors.of(values, 1 << visible, visible);
    }

    /** log sum_h exp(-E(v, h)) for every visible state v, by enumeration of h: the unnormalised log p(v). */
    public static double[] logUnnormalized(Rbm rbm) {
        int nv = rbm.visibleUnits();
        int nh = rbm.hiddenUnits();
        double[] w = doubles(rbm.weight());
        double[] b = doubles(rbm.visibleBias());
        double[] c = doubles(rbm.hiddenBias());
        double[] result = new double[1 << nv];
        for (int sv = 0; sv < (1 << nv); sv++) {
            double[] v = state(sv, nv);
            double[] terms = new double[1 << nh];
            for (int sh = 0; sh < (1 << nh); sh++) {
                double[] h = state(sh, nh);
                double minusEnergy = 0;
                for (int i = 0; i < nv; i++) {
                    minusEnergy += v[i] * b[i];
                    for (int j = 0; j < nh; j++) {
                        minusEnergy += v[i] * w[i * nh + j] * h[j];
                    }
                }
                for (int j = 0; j < nh; j++) {
                    minusEnergy += h[j] * c[j];
                }
                terms[sh] = minusEnergy;
            }
            result[sv] = logSumExp(terms);
        }
        return result;
    }

    public static double logZ(Rbm rbm) {
        return logSumExp(logUnnormalized(rbm));
    }

    /** Exact log p(v) for every visible state. */
    public static double[] logProbabilities(Rbm rbm) {
        double[] log = logUnnormalized(rbm);
        double z = logSumExp(log);
        for (int s = 0; s < log.length; s++) {
            log[s] -= z;
        }
        return log;
    }

    /** The exact mean log-likelihood of binary rows [N, V]. */
    public static double meanLogLikelihood(Rbm rbm, float[][] rows) {
        double[] log = logProbabilities(rbm);
        double total = 0;
        for (float[] row : rows) {
            int s = 0;
            for (int i = 0; i < row.length; i++) {
                s |= (row[i] > 0.5f ? 1 : 0) << i;
            }
            total += log[s];
        }
        return total / rows.length;
    }

    public static double logSumExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    static double[] doubles(Tensor t) {
        float[] f = Tensors.toFloats(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
