package io.dgm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BatchNorm's two modes and the minibatch standard deviation feature against hand computations. */
class GanLayersTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /**
     * Training mode normalises with the batch mean and biased variance and moves the running
     * averages by momentum 0.1 (the variance's unbiased); evaluation mode uses the running averages.
     */
    @Test
    void batchNormUsesBatchStatisticsWhileTrainingAndRunningAveragesOtherwise() {
        Parameters params = new Parameters();
        BatchNorm norm = new BatchNorm(params, "bn", 2);
        float[] x = {1, 10, 2, 20, 3, 30, 6, 40};
        Tensor batch = Tensors.of(x, 4, 2);
        float[] trained = Tensors.toFloats(norm.forward(batch, true));
        double[][] stats = new double[2][];
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            for (int i = 0; i < 4; i++) {
                mean += x[2 * i + c] / 4.0;
            }
            double biased = 0;
            for (int i = 0; i < 4; i++) {
                biased += Math.pow(x[2 * i + c] - mean, 2) / 4;
            }
            for (int i = 0; i < 4; i++) {
                assertEquals((x[2 * i + c] - mean) / Math.sqrt(biased + 1e-5), trained[2 * i + c], 1e-4);
            }
            stats[c] = new double[] {0.1 * mean, 0.9 + 0.1 * biased * 4 / 3};
        }
        float[] runningMean = Tensors.toFloats(params.buffers().get("bn.running_mean"));
        float[] runningVar = Tensors.toFloats(params.buffers().get("bn.running_var"));
        for (int c = 0; c < 2; c++) {
            assertEquals(stats[c][0], runningMean[c], 1e-4);
            assertEquals(stats[c][1], runningVar[c], 1e-3);
        }
        float[] evaluated = Tensors.toFloats(norm.forward(batch, false));
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals((x[2 * i + c] - stats[c][0]) / Math.sqrt(stats[c][1] + 1e-5), evaluated[2 * i + c], 1e-3);
            }
        }
        assertArrayEquals(runningMean, Tensors.toFloats(params.buffers().get("bn.running_mean")),
                "evaluation leaves the running averages alone");
    }

    /** The appended feature is the mean over features of each feature's (biased) standard deviation over the batch. */
    @Test
    void minibatchStdAppendsTheMeanStandardDeviation() {
        float[] x = {0, 1, 2, 5, 4, 3};
        Tensor out = MinibatchStd.append(Tensors.of(x, 3, 2));
        assertArrayEquals(new long[] {3, 3}, Tensors.shape(out));
        double std0 = Math.sqrt((4 + 0 + 4) / 3.0);
        double std1 = Math.sqrt((4 + 4 + 0) / 3.0);
        float[] values = Tensors.toFloats(out);
        for (int i = 0; i < 3; i++) {
            assertEquals((std0 + std1) / 2, values[3 * i + 2], 1e-5);
            assertEquals(x[2 * i], values[3 * i], 0);
        }
        Tensor images = torch.ones(4, 1, 3, 3).mul(new Scalar(2));
        assertArrayEquals(new long[] {4, 2, 3, 3}, Tensors.shape(MinibatchStd.append(images)));
        assertEquals(0.0, MinibatchStd.append(images).select(1, 1).abs().max().item_double(), 1e-3,
                "identical examples have no spread");
    }
}
