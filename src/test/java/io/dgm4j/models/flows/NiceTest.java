package io.dgm4j.models.flows;

import static io.dgm4j.models.flows.FlowChecks.assertLogDetsMatchNumericalJacobian;
import static io.dgm4j.models.flows.FlowChecks.assertRoundTrip;
import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NiceTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
        Engine.seed(13);
    }

    @Test
    void additiveCouplingPreservesVolumeAndInverts() {
        for (int d : new int[] {2, 3, 5}) {
            for (boolean first : new boolean[] {true, false}) {
                Parameters params = new Parameters();
                AdditiveCoupling coupling = new AdditiveCoupling(params, "c", d, first, 16, 2, Activation.TANH);
                perturb(params, 0.5);
                assertLogDetsMatchNumericalJacobian(coupling, 2e-3, d);
                assertRoundTrip(coupling, 1e-5, d);
            }
        }
    }

    @Test
    void scalingLayerLogDetIsTheSumOfItsLogScales() {
        Parameters params = new Parameters();
        DiagonalScaling scaling = new DiagonalScaling(params, "s", 3);
        perturb(params, 0.5);
        assertLogDetsMatchNumericalJacobian(scaling, 2e-3, 3);
        assertRoundTrip(scaling, 1e-5, 3);
    }

    private static Flow perturbedNice(Map<String, String> options, int dimension) {
        Flow flow = (Flow) ModelRegistry.get("nice").create(new ModelOptions(options), new int[] {dimension});
        perturb(flow.parameters(), 0.3);
        return flow;
    }

    @Test
    void wholeFlowLogDetMatchesNumericalJacobian() {
        Map<String, String> small = Map.of("hidden", "16", "activation", "tanh");
        assertLogDetsMatchNumericalJacobian(perturbedNice(small, 2).transform(), 2e-3, 2);
        assertLogDetsMatchNumericalJacobian(perturbedNice(small, 3).transform(), 2e-3, 3);
        assertRoundTrip(perturbedNice(small, 3).transform(), 1e-4, 3);
    }

    @Test
    void densityIntegratesToOneOnA2dGrid() {
        for (String prior : new String[] {"normal", "logistic"}) {
            Flow flow = perturbedNice(Map.of("hidden", "16", "activation", "tanh", "prior", prior), 2);
            DensityGrid grid = DensityGrid.evaluate(flow, -25, 25, -25, 25, 400, 400);
            assertEquals(1.0, grid.integral(), 0.01, prior);
        }
    }

    @Test
    void defaultsAreFourCouplingsThenScaling() {
        Flow flow = (Flow) new Nice().create(new ModelOptions(Map.of("hidden", "8")), new int[] {2});
        List<Transform> steps = ((CompositeTransform) flow.transform()).steps();
        List<Transform> couplings = ((CompositeTransform) steps.get(0)).steps();
        assertEquals(4, couplings.size());
        assertTrue(couplings.stream().allMatch(t -> t instanceof AdditiveCoupling), couplings.toString());
        assertTrue(steps.get(1) instanceof DiagonalScaling);
    }

    @Test
    void rejectsDataItCannotModel() {
        Nice factory = new Nice();
        ModelOptions none = new ModelOptions(Map.of());
        InvalidInputException image = assertThrows(InvalidInputException.class,
                () -> factory.create(none, new int[] {1, 28, 28}));
        assertTrue(image.getMessage().contains("nice takes vector data"), image.getMessage());
        assertThrows(InvalidInputException.class, () -> factory.create(none, new int[] {1}));
        assertThrows(InvalidInputException.class,
                () -> factory.create(new ModelOptions(Map.of("layers", "0")), new int[] {2}));
        InvalidInputException permutation = assertThrows(InvalidInputException.class,
                () -> factory.create(new ModelOptions(Map.of("permutation", "shuffle")), new int[] {2}));
        assertTrue(permutation.getMessage().contains("permutation='shuffle'"), permutation.getMessage());
        assertThrows(InvalidInputException.class,
                () -> factory.create(new ModelOptions(Map.of("prior", "cauchy")), new int[] {2}));
    }
}
