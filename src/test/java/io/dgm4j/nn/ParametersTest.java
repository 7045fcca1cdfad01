package io.dgm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.Checkpoint;
import java.nio.file.Path;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParametersTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static Parameters model(int bufferSize) {
        Parameters p = new Parameters();
        p.add("w", torch.zeros(3));
        p.addBuffer("running", torch.zeros(bufferSize));
        return p;
    }

    @Test
    void buffersAreHiddenFromOptimizersButNotFromCheckpoints() {
        Parameters saved = model(2);
        assertEquals(1, saved.list().size(), "list() holds trainable tensors only");
        assertEquals(1, saved.vector().size());
        assertEquals(3, saved.count());
        assertFalse(saved.asMap().containsKey("running"));
        assertFalse(saved.buffers().get("running").requires_grad(), "a buffer never gets a gradient");

        saved.get("w").detach().fill_(new Scalar(2.0));
        saved.buffers().get("running").copy_(Tensors.of(new float[] {5f, -7f}, 2));
        Path file = tmp.resolve("c.pt");
        Checkpoint.save(file, saved, null, 3);

        Parameters fresh = model(2);
        Checkpoint.load(file, fresh, null);
        assertArrayEquals(new float[] {5f, -7f}, Tensors.toFloats(fresh.buffers().get("running")));
        assertArrayEquals(new float[] {2f, 2f, 2f}, Tensors.toFloats(fresh.get("w")));
    }

    @Test
    void bufferShapeAndPresenceAreChecked() {
        Path file = tmp.resolve("c.pt");
        Checkpoint.save(file, model(2), null, 1);
        InvalidInputException wrongShape = assertThrows(InvalidInputException.class,
                () -> Checkpoint.load(file, model(4), null));
        assertTrue(wrongShape.getMessage().contains("'running' has shape [2]"), wrongShape.getMessage());

        Parameters withExtra = model(2);
        withExtra.addBuffer("other", torch.zeros(1));
        assertThrows(InvalidInputException.class, () -> Checkpoint.load(file, withExtra, null));
        Tensor ignored = withExtra.get("w");
        assertThrows(IllegalArgumentException.class, () -> withExtra.addBuffer("w", ignored));
    }

    /** A checkpoint whose weights hold NaN was damaged (training never saves one): loading it is refused. */
    @Test
    void nonFiniteWeightsAreRefused() {
        Parameters damaged = model(2);
        damaged.get("w").detach().copy_(Tensors.of(new float[] {1f, Float.NaN, 2f}, 3));
        Path file = tmp.resolve("nan.pt");
        Checkpoint.save(file, damaged, null, 1);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> Checkpoint.load(file, model(2), null));
        assertTrue(refused.getMessage().contains("'w' holds NaN or infinite values"), refused.getMessage());
        assertTrue(refused.getMessage().contains("corrupt"), refused.getMessage());
    }
}
