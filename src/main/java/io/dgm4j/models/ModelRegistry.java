package io.dgm4j.models;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.autoregressive.MadeFamily;
import io.dgm4j.models.autoregressive.NadeFamily;
import io.dgm4j.models.autoregressive.PixelCnnFamily;
import io.dgm4j.models.cnf.Ffjord;
import io.dgm4j.models.cnf.OtFlow;
import io.dgm4j.models.ebm.DbnFamily;
import io.dgm4j.models.ebm.RbmFamily;
import io.dgm4j.models.flows.Iaf;
import io.dgm4j.models.flows.Maf;
import io.dgm4j.models.flows.Nice;
import io.dgm4j.models.flows.PlanarRadialFamily;
import io.dgm4j.models.flows.RealNvp;
import io.dgm4j.models.flows.image.Glow;
import io.dgm4j.models.gan.GanFamily;
import io.dgm4j.models.helmholtz.HelmholtzFamily;
import io.dgm4j.models.vae.FlowVaeFamily;
import io.dgm4j.models.vae.VaeFamily;
import java.util.LinkedHashMap;
import java.util.Map;

/** Model families by their CLI name. Adding a family = one line here plus its package. */
public final class ModelRegistry {
    private static final Map<String, ModelFactory> FACTORIES = new LinkedHashMap<>();

    static {
        register(new RealNvp());
        register(new Nice());
        register(new Maf());
        register(new Iaf());
        register(PlanarRadialFamily.planar());
        register(PlanarRadialFamily.radial());
        register(new Glow());
        register(new Ffjord());
        register(new OtFlow());
        register(VaeFamily.vae());
        register(VaeFamily.iwae());
        register(new HelmholtzFamily());
        register(FlowVaeFamily.posterior());
        register(FlowVaeFamily.prior());
        GanFamily.all().forEach(ModelRegistry::register);
        register(new RbmFamily());
        register(new DbnFamily());
        register(new NadeFamily());
        register(new MadeFamily());
        register(new PixelCnnFamily());
    }

    private ModelRegistry() {
    }

    private static void register(ModelFactory factory) {
        FACTORIES.put(factory.name(), factory);
    }

    public static ModelFactory get(String name) {
        ModelFactory f = FACTORIES.get(name);
        if (f == null) {
            throw new InvalidInputException("unknown model '" + name + "': choose one of "
                    + String.join(", ", FACTORIES.keySet()));
        }
        return f;
    }

    public static Map<String, ModelFactory> all() {
        return java.util.Collections.unmodifiableMap(FACTORIES);
    }
}
