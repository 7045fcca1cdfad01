package io.dgm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlatParametersTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private record Net(Parameters params, TwinMlp mlp) {
        static Net create(long seed) {
            Engine.seed(seed);
            Parameters params = new Parameters();
            return new Net(params, new TwinMlp(params, "net", 3, 8, 2, 2, Activation.TANH, false));
        }

        Tensor loss(Tensor x, Tensor target) {
            return mlp.forward(x).sub(target).square().mean();
        }
    }

    /** Packing parameters into one buffer must not change what Adam does to them. */
    @Test
    void adamOnTheFlatBufferMatchesAdamOnSeparateTensors() {
        Net separate = Net.create(1);
        Net packed = Net.create(1);
        Engine.seed(2);
        Tensor x = torch.randn(16, 3);
        Tensor target = torch.randn(2, 16, 2);
        Optimizer plain = new Adam(separate.params().vector(), new AdamOptions(1e-2));
        FlatParameters flat = new FlatParameters(packed.params().list());
        Optimizer onFlat = new Adam(new TensorVector(flat.values()), new AdamOptions(1e-2));
        for (int step = 0; step < 10; step++) {
            try (PointerScope scope = new PointerScope()) {
                plain.zero_grad();
                separate.loss(x, target).backward();
                plain.step();
                flat.zeroGradients();
                packed.loss(x, target).backward();
                onFlat.step();
            }
        }
        for (String name : separate.params().asMap().keySet()) {
            assertArrayEquals(Tensors.toFloats(separate.params().get(name)),
                    Tensors.toFloats(packed.params().get(name)), 1e-6f, name);
        }
    }
}
