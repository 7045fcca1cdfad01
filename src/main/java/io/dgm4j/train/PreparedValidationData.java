package io.dgm4j.train;

import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * The held-out data as a model evaluates it (e.g. one fixed binarisation), prepared once: the
 * trainer validates on the same tensor every time, so it is prepared again only when that tensor
 * changes, and kept alive past the memory scope the trainer opens around each validation.
 */
final class PreparedValidationData {
    private final UnaryOperator<Tensor> prepare;
    private Tensor source;
    private Tensor prepared;

    PreparedValidationData(UnaryOperator<Tensor> prepare) {
        this.prepare = prepare;
    }

    Tensor of(Tensor data) {
        if (data != source) {
            prepared = prepare.apply(data);
            prepared.retainReference();
            source = data;
        }
        return prepared;
    }
}
