package io.dgm4j.models.flows;

import static io.dgm4j.models.flows.FlowChecks.assertLogDetsMatchNumericalJacobian;
import static io.dgm4j.models.flows.FlowChecks.assertRoundTrip;
import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** realnvp and nice with the extra layers of CouplingStack: permutations, actnorm, batch norm. */
class CouplingStackTest {
    private static final List<Map<String, String>> VARIANTS = List.of(
            Map.of("permutation", "reverse"),
            Map.of("permutation", "random"),
            Map.of("permutation", "learned"),
            Map.of("actnorm", "true"),
            Map.of("batchnorm", "true"),
            Map.of("permutation", "learned", "actnorm", "true", "batchnorm", "true"));

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /**
     * A small model with random weights whose ActNorm layers were initialised and batch norms
     * given running averages by one training-mode pass on data off the standard scale.
     */
    private static Flow model(String family, Map<String, String> extra, int dimension) {
        Engine.seed(21);
        Map<String, String> options = new HashMap<>(Map.of("layers", "3", "hidden", "16", "activation", "tanh"));
        options.putAll(extra);
        Flow flow = (Flow) ModelRegistry.get(family).create(new ModelOptions(options), new int[] {dimension});
        flow.logProb(torch.randn(64, dimension).mul(new Scalar(1.5)).add(new Scalar(0.5)));
        perturb(flow.parameters(), 0.2);
        return flow;
    }

    @Test
    void logDetsMatchNumericalJacobianAndInversesUndoForwards() {
        for (String family : new String[] {"realnvp", "nice"}) {
            for (Map<String, String> variant : VARIANTS) {
                for (int d : new int[] {2, 3}) {
                    Transform t = model(family, variant, d).transform();
                    assertLogDetsMatchNumericalJacobian(t, 3e-3, d);
                    assertRoundTrip(t, 1e-4, d);
                }
            }
        }
    }

    @Test
    void densitiesIntegrateToOneOnA2dGrid() {
        for (String family : new String[] {"realnvp", "nice"}) {
            for (Map<String, String> variant : VARIANTS) {
                DensityGrid grid = DensityGrid.evaluate(model(family, variant, 2), -20, 20, -20, 20, 200, 200);
                assertEquals(1.0, grid.integral(), 0.01, family + " " + variant);
            }
        }
    }

    /** Without options realnvp keeps its fast stack and its parameter names (old checkpoints still load). */
    @Test
    void defaultRealNvpIsUnchanged() {
        Flow plain = (Flow) new RealNvp().create(new ModelOptions(Map.of("layers", "2", "hidden", "8")), new int[] {2});
        assertTrue(plain.transform() instanceof AlternatingCouplings);
        assertTrue(plain.parameters().asMap().containsKey("coupling0.net.w0"), plain.parameters().asMap().keySet()
                .toString());
        assertTrue(plain.parameters().buffers().isEmpty());
    }

    @Test
    void permutationsSitBetweenCouplingsWhichThenAllConditionOnTheFirstHalf() {
        for (String kind : new String[] {"reverse", "random", "learned"}) {
            Flow flow = model("realnvp", Map.of("permutation", kind), 4);
            List<Transform> steps = ((CompositeTransform) flow.transform()).steps();
            assertEquals(5, steps.size(), "3 couplings and 2 permutations: " + steps);
            for (int i = 0; i < steps.size(); i++) {
                Class<?> expected = i % 2 == 0 ? AffineCoupling.class
                        : kind.equals("learned") ? InvertibleConv1x1.class : Permutation.class;
                assertEquals(expected, steps.get(i).getClass(), kind + " step " + i);
            }
        }
    }

    /**
     * On 2 features, reversing between couplings that all condition on the first feature is the
     * alternating stack with the output order reversed after an odd number of reversals: same
     * seed, same weights, so both must agree exactly (checks the stack's wiring against the fast path).
     */
    @Test
    void reversePermutationOn2dIsTheAlternatingStackReordered() {
        for (int layers : new int[] {3, 4}) {
            Engine.seed(9);
            Flow alternating = (Flow) new RealNvp().create(new ModelOptions(Map.of("layers", "" + layers,
                    "hidden", "8")), new int[] {2});
            Engine.seed(9);
            Flow reversed = (Flow) new RealNvp().create(new ModelOptions(Map.of("layers", "" + layers,
                    "hidden", "8", "permutation", "reverse")), new int[] {2});
            Engine.seed(10);
            perturb(alternating.parameters(), 0.3);
            Engine.seed(10);
            perturb(reversed.parameters(), 0.3);
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor x = torch.randn(16, 2);
                Transform.Result a = alternating.transform().forward(x);
                Transform.Result b = reversed.transform().forward(x);
                Tensor expected = layers % 2 == 0 ? a.output().flip(1) : a.output();
                assertArrayEquals(Tensors.toFloats(expected), Tensors.toFloats(b.output()), 1e-5f, "layers " + layers);
                assertArrayEquals(Tensors.toFloats(a.logAbsDet()), Tensors.toFloats(b.logAbsDet()), 1e-5f);
            }
        }
    }

    @Test
    void randomPermutationFollowsTheSeed() {
        Engine.seed(4);
        int[] first = order(Permutation.random(10));
        Engine.seed(4);
        assertArrayEquals(first, order(Permutation.random(10)));
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted, "a permutation of 0..9");
        assertFalse(Arrays.equals(sorted, first), "seed 4 happens to give a non-identity order");
    }

    private static int[] order(Permutation p) {
        float[] moved = Tensors.toFloats(p.forward(torch.arange(new Scalar(10)).to(torch.ScalarType.Float)
                .view(1, 10)).output());
        int[] out = new int[moved.length];
        for (int i = 0; i < moved.length; i++) {
            out[i] = (int) moved[i];
        }
        return out;
    }

    @Test
    void badOptionValuesAreRejected() {
        for (Map<String, String> bad : List.of(Map.of("permutation", "shuffle"), Map.of("actnorm", "maybe"),
                Map.of("batchnorm", "2"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new RealNvp().create(new ModelOptions(bad), new int[] {2}));
            String key = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(key + "='" + bad.get(key) + "'"), e.getMessage());
        }
    }
}
