package io.dgm4j.nn;

import io.dgm4j.InvalidInputException;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.TensorChecksum;
import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The named trainable tensors of a model, in registration order. Layers register what they
 * create here; optimisers, checkpoints and gradient checks read them from here.
 *
 * <p>Buffers are the non-trainable state a layer must keep across a checkpoint (ActNorm's
 * "initialised" flag, batch norm's running averages, a fixed permutation). They are saved and
 * loaded with the parameters, under the same shape checks, but {@link #list()}, {@link #vector()},
 * {@link #asMap()} and {@link #count()} show trainable tensors only, so no optimizer ever sees them.
 *
 * <p>Why not torch::nn::Module: registering into a C++ module hands back references into a
 * vector that moves as it grows (a JVM crash seen in ENGINE.md). Here the Java side owns each
 * tensor, created outside any training-step memory scope so it lives as long as the model.
 */
public final class Parameters {
    private final Map<String, Tensor> byName = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    public Parameters() {
        // Every model starts here, so library users who never call Engine get its safe start-up too.
        Engine.ensureStarted();
    }

    /** Registers {@code initial} (detached, made a leaf that requires grad) under a unique name. */
    public Tensor add(String name, Tensor initial) {
        requireNewName(name);
        Tensor leaf = initial.detach().contiguous().clone();
        leaf.requires_grad_(true);
        leaf.retainReference();
        byName.put(name, leaf);
        return leaf;
    }

    /**
     * Registers non-trainable state (a detached copy of {@code initial}, no gradient) under a
     * unique name. The layer updates it in place (under NoGradGuard); checkpoints carry it.
     */
    public Tensor addBuffer(String name, Tensor initial) {
        requireNewName(name);
        Tensor buffer = initial.detach().contiguous().clone();
        buffer.retainReference();
        buffers.put(name, buffer);
        return buffer;
    }

    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    private void requireNewName(String name) {
        if (byName.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("parameter registered twice: " + name);
        }
    }

    public Tensor get(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return t;
    }

    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    public List<Tensor> list() {
        return new ArrayList<>(byName.values());
    }

    public TensorVector vector() {
        return new TensorVector(byName.values().toArray(new Tensor[0]));
    }

    public long count() {
        long n = 0;
        for (Tensor t : byName.values()) {
            n += t.numel();
        }
        return n;
    }

    public void save(OutputArchive archive) {
        for (Map.Entry<String, Tensor> e : savedTensors().entrySet()) {
            // A clone, because a parameter may be a slice of a larger buffer (FlatParameters) and
            // serialising a slice would write the whole buffer.
            archive.write(e.getKey(), e.getValue().detach().clone());
        }
    }

    /** Copies saved values into the registered tensors; shapes must match the architecture. */
    public void load(InputArchive archive, String source) {
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : savedTensors().entrySet()) {
                Tensor saved = new Tensor();
                if (!archive.try_read(e.getKey(), saved)) {
                    throw new InvalidInputException("checkpoint " + source + " has no parameter '" + e.getKey()
                            + "': it was saved by a different architecture; retrain or pass the matching run");
                }
                long[] savedShape = Tensors.shape(saved);
                long[] expectedShape = Tensors.shape(e.getValue());
                if (!Arrays.equals(savedShape, expectedShape)) {
                    throw new InvalidInputException("checkpoint " + source + ": parameter '" + e.getKey()
                            + "' has shape " + Arrays.toString(savedShape)
                            + " but the model expects " + Arrays.toString(expectedShape)
                            + ": the run's config.json and checkpoint disagree");
                }
                // Training stops at the first non-finite loss, so no checkpoint it writes holds NaN weights:
                // a file that does was damaged, and would otherwise give NaN samples and figures silently.
                if (byName.containsKey(e.getKey()) && !torch.isfinite(saved).all().item_bool()) {
                    throw new InvalidInputException("checkpoint " + source + ": parameter '" + e.getKey()
                            + "' holds NaN or infinite values, which training never saves: the file is corrupt; "
                            + "restore it or train again");
                }
                e.getValue().copy_(saved);
            }
        }
    }

    /**
     * CRC32 of everything {@link #save} writes (parameters then buffers, raw bytes in save order): a
     * checkpoint stores it, and a loaded model that does not reproduce it was read from a damaged file.
     */
    public long checksum() {
        return TensorChecksum.crc32(savedTensors().values());
    }

    /** Parameters then buffers: everything a checkpoint holds. */
    private Map<String, Tensor> savedTensors() {
        Map<String, Tensor> all = new LinkedHashMap<>(byName);
        all.putAll(buffers);
        return all;
    }
}
