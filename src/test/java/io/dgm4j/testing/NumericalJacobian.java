package io.dgm4j.testing;

import io.dgm4j.tensor.Tensors;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Central-difference Jacobians and their log|det|, computed independently of any autograd. */
public final class NumericalJacobian {
    private NumericalJacobian() {
    }

    /** log|det J| of f at each row of x ([n, d] row-major), by central differences with step h. */
    public static double[] logAbsDet(UnaryOperator<Tensor> f, float[] x, int d, double h) {
        int n = x.length / d;
        double[][][] jac = new double[n][d][d];
        try (NoGradGuard guard = new NoGradGuard()) {
            for (int j = 0; j < d; j++) {
                float[] plus = x.clone();
                float[] minus = x.clone();
                for (int i = 0; i < n; i++) {
                    plus[i * d + j] += (float) h;
                    minus[i * d + j] -= (float) h;
                }
                float[] fp = Tensors.toFloats(f.apply(Tensors.of(plus, n, d)));
                float[] fm = Tensors.toFloats(f.apply(Tensors.of(minus, n, d)));
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < d; k++) {
                        jac[i][k][j] = (fp[i * d + k] - fm[i * d + k]) / (2 * h);
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = logAbsDeterminant(jac[i]);
        }
        return out;
    }

    /** log|det A| by Gaussian elimination with partial pivoting. */
    public static double logAbsDeterminant(double[][] a) {
        int d = a.length;
        double[][] m = new double[d][];
        for (int i = 0; i < d; i++) {
            m[i] = a[i].clone();
        }
        double logDet = 0;
        for (int c = 0; c < d; c++) {
            int pivot = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[pivot];
            m[pivot] = tmp;
            logDet += Math.log(Math.abs(m[c][c]));
            for (int r = c + 1; r < d; r++) {
                double factor = m[r][c] / m[c][c];
                for (int k = c; k < d; k++) {
                    m[r][k] -= factor * m[c][k];
                }
            }
        }
        return logDet;
    }
}
