package io.dgm4j.models.flows;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Parameters;

/**
 * The planar and radial flows (Rezende & Mohamed 2015): {@code layers} (16) {@link PlanarLayer}s or
 * {@link RadialLayer}s over a standard normal, vector data of any dimension. They sample with their
 * density but have no density at a given point: train them with reverse KL against a target energy.
 */
public final class PlanarRadialFamily implements ModelFactory {
    /** One layer of the family, named by its prefix, for the given dimension. */
    private interface LayerFactory {
        Transform create(Parameters params, String prefix, int dimension);
    }

    private final String name;
    private final LayerFactory layer;

    private PlanarRadialFamily(String name, LayerFactory layer) {
        this.name = name;
        this.layer = layer;
    }

    public static PlanarRadialFamily planar() {
        return new PlanarRadialFamily("planar", PlanarLayer::new);
    }

    public static PlanarRadialFamily radial() {
        return new PlanarRadialFamily("radial", RadialLayer::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return name + " flow (Rezende & Mohamed 2015), sampling direction only: train with --target (reverse KL)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int dimension = SamplingDirectionFlow.vectorDimension(name, dataShape);
        int layers = options.positiveInt("layers", 16);
        Parameters params = new Parameters();
        return SamplingDirectionFlow.stack(dataShape, layers, k -> layer.create(params, name + k, dimension), params);
    }
}
