package io.dgm4j.models.cnf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FFJORD's field: its forward-mode divergence equals autograd's exact one, for several depths and dimensions. */
class FreeFormFieldTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    @Test
    void closedFormDivergenceEqualsAutograd() {
        Engine.seed(2);
        for (int d : new int[] {1, 2, 5}) {
            for (int depth : new int[] {1, 3}) {
                FreeFormField field = new FreeFormField(new Parameters(), d, 12, depth);
                Tensor z = torch.randn(6, d);
                z.requires_grad_(true);
                VelocityField.Value value = field.at(z, 0.7, true);
                float[] closedForm = Tensors.toFloats(value.divergence().detach());
                float[] autograd = AutogradDivergence.of(value.velocity(), z);
                for (int i = 0; i < closedForm.length; i++) {
                    assertEquals(autograd[i], closedForm[i], 1e-5, "d " + d + " depth " + depth + " example " + i);
                }
            }
        }
    }
}
