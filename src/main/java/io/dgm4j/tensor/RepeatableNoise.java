package io.dgm4j.tensor;

import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A private generator for the noise of evaluations (dequantisation, Hutchinson probes), restarted
 * from its seed at each use: the same data always gets the same figure, whatever drew from
 * libtorch's own generator before, so that metrics.csv, summary.json and eval agree.
 */
public final class RepeatableNoise {
    private final long seed;
    private final Generator generator;

    public RepeatableNoise(long seed) {
        this.seed = seed;
        generator = torch.make_generator_cpu(seed);
        // models are often built inside a PointerScope; the generator must outlive it
        generator.retainReference();
    }

    /** The generator, back at its seed. */
    public GeneratorOptional restarted() {
        generator.set_current_seed(seed);
        return new GeneratorOptional(generator);
    }
}
