package io.dgm4j.targets;

import io.dgm4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The 2-D test energies of Rezende and Mohamed (2015, Table 1) and a two-moons energy, by their CLI
 * names. With w1(z) = sin(2 pi z1 / 4), w2(z) = 3 exp(-((z1 - 1) / 0.6)^2 / 2), w3(z) = 3 sigmoid((z1 - 1) / 0.3):
 * <ul>
 * <li>U1(z) = ((|z| - 2) / 0.4)^2 / 2 - log(exp(-((z1 - 2) / 0.6)^2 / 2) + exp(-((z1 + 2) / 0.6)^2 / 2))</li>
 * <li>U2(z) = ((z2 - w1) / 0.4)^2 / 2 + wall(z1)</li>
 * <li>U3(z) = -log(exp(-((z2 - w1) / 0.35)^2 / 2) + exp(-((z2 - w1 + w2) / 0.35)^2 / 2)) + wall(z1)</li>
 * <li>U4(z) = -log(exp(-((z2 - w1) / 0.4)^2 / 2) + exp(-((z2 - w1 + w3) / 0.35)^2 / 2)) + wall(z1)</li>
 * <li>moons-energy: p~(z) = ring(z, (0, 0)) sigmoid(z2 / 0.1) + ring(z, (1, 0.5)) sigmoid(-(z2 - 0.5) / 0.1),
 *     ring(z, c) = exp(-((|z - c| - 1) / 0.1)^2 / 2): the upper half of a unit circle and the lower half of a
 *     shifted one, like the moons dataset.</li>
 * </ul>
 * wall(z1) = (max(|z1| - 4, 0) / 0.2)^2 / 2 is our addition: U2-U4 as printed do not depend on z1
 * beyond the wiggle, so exp(-U) has infinite mass and neither log Z nor the KL exists. The wall is
 * zero on the paper's plotting box |z1| <= 4, where the energies are exactly the paper's.
 */
public enum ToyEnergy implements Target {
    U1("U1", -4, 4, -4, 4) {
        @Override
        public Tensor energy(Tensor z) {
            Tensor ring = halfSquare(z.square().sum(1).sqrt().sub(new Scalar(2)), 0.4);
            return ring.sub(torch.logaddexp(halfSquare(z1(z).sub(new Scalar(2)), 0.6).neg(),
                    halfSquare(z1(z).add(new Scalar(2)), 0.6).neg()));
        }
    },
    U2("U2", -5, 5, -4, 4) {
        @Override
        public Tensor energy(Tensor z) {
            return halfSquare(z2(z).sub(w1(z)), 0.4).add(wall(z));
        }
    },
    U3("U3", -5, 5, -4.5, 3.5) {
        @Override
        public Tensor energy(Tensor z) {
            Tensor wiggle = z2(z).sub(w1(z));
            return torch.logaddexp(halfSquare(wiggle, 0.35).neg(), halfSquare(wiggle.add(w2(z)), 0.35).neg())
                    .neg().add(wall(z));
        }
    },
    U4("U4", -5, 5, -6.5, 3.5) {
        @Override
        public Tensor energy(Tensor z) {
            Tensor wiggle = z2(z).sub(w1(z));
            return torch.logaddexp(halfSquare(wiggle, 0.4).neg(), halfSquare(wiggle.add(w3(z)), 0.35).neg())
                    .neg().add(wall(z));
        }
    },
    MOONS("moons-energy", -2, 3, -1.5, 2) {
        @Override
        public Tensor energy(Tensor z) {
            Tensor upper = logRing(z, 0, 0).add(torch.log_sigmoid(z2(z).div(new Scalar(0.1))));
            Tensor lower = logRing(z, 1, 0.5).add(torch.log_sigmoid(z2(z).sub(new Scalar(0.5)).div(new Scalar(-0.1))));
            return torch.logaddexp(upper, lower).neg();
        }
    };

    private final String cliName;
    private final double[] box;

    ToyEnergy(String cliName, double xMin, double xMax, double yMin, double yMax) {
        this.cliName = cliName;
        this.box = new double[] {xMin, xMax, yMin, yMax};
    }

    /** The name on the command line and in config.json, e.g. U1 or moons-energy. */
    public String cliName() {
        return cliName;
    }

    /** xMin, xMax, yMin, yMax of a rectangle holding practically all the target's mass (for plots and grids). */
    public double[] box() {
        return box.clone();
    }

    @Override
    public int dimension() {
        return 2;
    }

    public static ToyEnergy named(String name) {
        for (ToyEnergy e : values()) {
            if (e.cliName.equals(name)) {
                return e;
            }
        }
        throw new InvalidInputException("unknown target '" + name + "': choose one of " + String.join(", ", names()));
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ToyEnergy e : values()) {
            names.add(e.cliName);
        }
        return names;
    }

    private static Tensor z1(Tensor z) {
        return z.select(1, 0);
    }

    private static Tensor z2(Tensor z) {
        return z.select(1, 1);
    }

    /** (v / scale)^2 / 2. */
    private static Tensor halfSquare(Tensor v, double scale) {
        return v.div(new Scalar(scale)).square().mul(new Scalar(0.5));
    }

    private static Tensor w1(Tensor z) {
        return z1(z).mul(new Scalar(Math.PI / 2)).sin();
    }

    private static Tensor w2(Tensor z) {
        return halfSquare(z1(z).sub(new Scalar(1)), 0.6).neg().exp().mul(new Scalar(3));
    }

    private static Tensor w3(Tensor z) {
        return z1(z).sub(new Scalar(1)).div(new Scalar(0.3)).sigmoid().mul(new Scalar(3));
    }

    private static Tensor wall(Tensor z) {
        return halfSquare(z1(z).abs().sub(new Scalar(4)).relu(), 0.2);
    }

    /** log ring(z, c) = -((|z - c| - 1) / 0.1)^2 / 2. */
    private static Tensor logRing(Tensor z, double cx, double cy) {
        Tensor dx = z1(z).sub(new Scalar(cx));
        Tensor dy = z2(z).sub(new Scalar(cy));
        return halfSquare(dx.square().add(dy.square()).sqrt().sub(new Scalar(1)), 0.1).neg();
    }
}
