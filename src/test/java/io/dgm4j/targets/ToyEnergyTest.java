package io.dgm4j.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ToyEnergyTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static double energy(ToyEnergy e, double z1, double z2) {
        try (NoGradGuard g = new NoGradGuard()) {
            return Tensors.toFloats(e.energy(Tensors.of(new float[] {(float) z1, (float) z2}, 1, 2)))[0];
        }
    }

    private static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** The formulas again, in double precision and plain Java, as the reference. */
    private static double reference(ToyEnergy e, double z1, double z2) {
        double w1 = Math.sin(2 * Math.PI * z1 / 4);
        double w2 = 3 * Math.exp(-0.5 * Math.pow((z1 - 1) / 0.6, 2));
        double w3 = 3 / (1 + Math.exp(-(z1 - 1) / 0.3));
        double wall = 0.5 * Math.pow(Math.max(Math.abs(z1) - 4, 0) / 0.2, 2);
        return switch (e) {
            case U1 -> 0.5 * Math.pow((Math.hypot(z1, z2) - 2) / 0.4, 2)
                    - logAddExp(-0.5 * Math.pow((z1 - 2) / 0.6, 2), -0.5 * Math.pow((z1 + 2) / 0.6, 2));
            case U2 -> 0.5 * Math.pow((z2 - w1) / 0.4, 2) + wall;
            case U3 -> -logAddExp(-0.5 * Math.pow((z2 - w1) / 0.35, 2), -0.5 * Math.pow((z2 - w1 + w2) / 0.35, 2)) + wall;
            case U4 -> -logAddExp(-0.5 * Math.pow((z2 - w1) / 0.4, 2), -0.5 * Math.pow((z2 - w1 + w3) / 0.35, 2)) + wall;
            case MOONS -> -logAddExp(
                    -0.5 * Math.pow((Math.hypot(z1, z2) - 1) / 0.1, 2) - Math.log1p(Math.exp(-z2 / 0.1)),
                    -0.5 * Math.pow((Math.hypot(z1 - 1, z2 - 0.5) - 1) / 0.1, 2) - Math.log1p(Math.exp((z2 - 0.5) / 0.1)));
        };
    }

    @Test
    void energiesAtHandComputedPoints() {
        // U1(0, 0) = (2 / 0.4)^2 / 2 - log(2 exp(-(2 / 0.6)^2 / 2)) = 12.5 + 50/9 - log 2
        assertEquals(12.5 + 50.0 / 9 - Math.log(2), energy(ToyEnergy.U1, 0, 0), 1e-4);
        // On the ring at a mode: both terms vanish (up to exp(-22.2)).
        assertEquals(0, energy(ToyEnergy.U1, 2, 0), 1e-5);
        // U2(1, 0): w1 = sin(pi / 2) = 1, so (1 / 0.4)^2 / 2 = 3.125; at z1 = 5 the wall adds (1 / 0.2)^2 / 2.
        assertEquals(3.125, energy(ToyEnergy.U2, 1, 0), 1e-5);
        assertEquals(3.125 + 12.5, energy(ToyEnergy.U2, 5, 0), 1e-4);
        // U3(1, -2): w1 = 1, w2 = 3, so the second branch is exactly on its curve: -log(1 + exp(-36.7)) = 0.
        assertEquals(0, energy(ToyEnergy.U3, 1, -2), 1e-5);
        // U4(1, 0): w3 = 1.5: -log(exp(-3.125) + exp(-(0.5 / 0.35)^2 / 2)) = -log(0.043937 + 0.360447).
        assertEquals(-Math.log(0.043937 + 0.360447), energy(ToyEnergy.U4, 1, 0), 1e-4);
        // moons-energy at the top of the upper arc: ring 1, gate sigmoid(10); the lower arc adds exp(-5.70).
        assertEquals(reference(ToyEnergy.MOONS, 0, 1), energy(ToyEnergy.MOONS, 0, 1), 1e-4);
        assertTrue(Math.abs(energy(ToyEnergy.MOONS, 0, 1)) < 0.01);
    }

    @Test
    void energiesMatchTheFormulasOnAGrid() {
        for (ToyEnergy e : ToyEnergy.values()) {
            for (double z1 = -5; z1 <= 5; z1 += 0.7) {
                for (double z2 = -4; z2 <= 4; z2 += 0.9) {
                    double ref = reference(e, z1, z2);
                    assertEquals(ref, energy(e, z1, z2), 1e-4 * Math.max(1, Math.abs(ref)), e + " at " + z1 + "," + z2);
                }
            }
        }
    }

    /**
     * log Z from a wide, fine grid; the density normalised by it must put all its mass (to 1%) in the
     * target's own box, on a coarser grid: the box is right and exp(-U) is integrable.
     */
    @Test
    void normalisedDensityIntegratesToOneOverTheTargetBox() {
        for (ToyEnergy e : ToyEnergy.values()) {
            double logZ = DensityGrid.evaluate(x -> e.energy(x).neg(), -10, 10, -10, 10, 800, 800).logIntegral();
            double[] b = e.box();
            DensityGrid grid = DensityGrid.evaluate(x -> e.energy(x).neg(), b[0], b[1], b[2], b[3], 300, 300);
            assertEquals(0, grid.logIntegral() - logZ, 0.01, e.cliName());
            assertEquals(1, grid.normalised().integral(), 1e-9, e.cliName());
        }
    }

    @Test
    void namesAndErrors() {
        assertEquals(List.of("U1", "U2", "U3", "U4", "moons-energy"), ToyEnergy.names());
        assertEquals(ToyEnergy.MOONS, ToyEnergy.named("moons-energy"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ToyEnergy.named("U5"));
        assertTrue(e.getMessage().contains("'U5'") && e.getMessage().contains("moons-energy"), e.getMessage());
    }
}
