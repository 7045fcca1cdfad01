package io.dgm4j.models.cnf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.tensor.Engine;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adaptive solver against ODEs with closed-form solutions, in double precision. */
class DormandPrinceTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static Tensor doubles(double... values) {
        Tensor t = torch.empty(values.length).to(torch.ScalarType.Double);
        for (int i = 0; i < values.length; i++) {
            t.select(0, i).fill_(new Scalar(values[i]));
        }
        return t;
    }

    /** dy/dt = cos(t) y, solved by y(t) = y(0) exp(sin t): the rates depend on t, so the stage times matter. */
    private static final OdeSystem COSINE = (t, y) -> List.of(y.get(0).mul(new Scalar(Math.cos(t))));

    @Test
    void errorFallsWithTheToleranceAndTheEvaluationsGrow() {
        try (NoGradGuard g = new NoGradGuard()) {
            double[] start = {1.0, -0.5, 2.0};
            double previousError = Double.POSITIVE_INFINITY;
            int previousEvaluations = 0;
            for (double tol : new double[] {1e-3, 1e-6, 1e-9}) {
                OdeSolver.Solution s = new DormandPrince(tol).solve(COSINE, List.of(doubles(start)), 0, 3);
                double error = 0;
                for (int i = 0; i < start.length; i++) {
                    double exact = start[i] * Math.exp(Math.sin(3));
                    error = Math.max(error, Math.abs(s.end().get(0).select(0, i).item_double() - exact));
                }
                assertTrue(error < 20 * tol, "tolerance " + tol + ": error " + error);
                assertTrue(error < previousError, "tolerance " + tol + ": error " + error + " after " + previousError);
                assertTrue(s.evaluations() > previousEvaluations, "tolerance " + tol + ": " + s.evaluations() + " evaluations");
                previousError = error;
                previousEvaluations = s.evaluations();
            }
        }
    }

    /** A rotation (dy/dt = [[0, -1], [1, 0]] y) backwards from t = 2 to 0, and the same forwards again. */
    @Test
    void integratesBackwardsInTimeAndBack() {
        OdeSystem rotation = (t, y) -> {
            Tensor v = y.get(0);
            return List.of(torch.stack(new org.bytedeco.pytorch.TensorVector(v.select(1, 1).neg(), v.select(1, 0)), 1));
        };
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor start = doubles(1, 0, 0.3, -0.7).reshape(2, 2);
            DormandPrince solver = new DormandPrince(1e-9);
            Tensor back = solver.solve(rotation, List.of(start), 2, 0).end().get(0);
            // rotating by -2 radians
            double c = Math.cos(2);
            double s = Math.sin(2);
            assertEquals(c * 1 + s * 0, back.select(0, 0).select(0, 0).item_double(), 1e-7);
            assertEquals(-s * 1 + c * 0, back.select(0, 0).select(0, 1).item_double(), 1e-7);
            assertEquals(c * 0.3 + s * -0.7, back.select(0, 1).select(0, 0).item_double(), 1e-7);
            Tensor again = solver.solve(rotation, List.of(back), 0, 2).end().get(0);
            assertTrue(again.sub(start).abs().max().item_double() < 1e-7);
        }
    }

    @Test
    void aStiffOrDivergingFieldStopsWithAClearError() {
        OdeSystem stiff = (t, y) -> List.of(y.get(0).mul(new Scalar(-1e5)));
        OdeSystem blowUp = (t, y) -> List.of(y.get(0).square());
        try (NoGradGuard g = new NoGradGuard()) {
            InvalidInputException tooMany = assertThrows(InvalidInputException.class,
                    () -> new DormandPrince(1e-6, 50).solve(stiff, List.of(doubles(1.0)), 0, 1));
            assertTrue(tooMany.getMessage().contains("more than 50 steps"), tooMany.getMessage());
            // y' = y^2 from y(0) = 1 is 1 / (1 - t), infinite at t = 1
            assertThrows(InvalidInputException.class,
                    () -> new DormandPrince(1e-6).solve(blowUp, List.of(doubles(1.0)), 0, 2));
        }
    }

    /**
     * y' = -3000 y over [0, 1] needs about a thousand steps: allowed without gradients, refused while they are
     * recorded, where each step's graph is kept (a diverging training field grew to 21 GB at the default limit).
     */
    @Test
    void solvesRecordingGradientsStopSooner() {
        OdeSystem stiff = (t, y) -> List.of(y.get(0).mul(new Scalar(-3000)));
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor end = new DormandPrince(1e-3).solve(stiff, List.of(doubles(1.0)), 0, 1).end().get(0);
            assertEquals(0, end.item_double(), 1e-3);
        }
        Tensor start = doubles(1.0).requires_grad_(true);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> new DormandPrince(1e-3).solve(stiff, List.of(start), 0, 1));
        assertTrue(refused.getMessage().contains("more than " + DormandPrince.RECORDED_MAX_STEPS + " steps")
                && refused.getMessage().contains("--lr"), refused.getMessage());
    }

    @Test
    void aToleranceOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DormandPrince(0));
        assertThrows(IllegalArgumentException.class, () -> new DormandPrince(1));
    }
}
