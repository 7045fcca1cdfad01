package io.dgm4j.train;

import io.dgm4j.nn.FlatParameters;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.RMSprop;
import org.bytedeco.pytorch.RMSpropOptions;
import org.bytedeco.pytorch.TensorVector;

/** libtorch's RMSprop (alpha 0.99, eps 1e-8, as PyTorch's) on one flat parameter buffer. */
final class Rmsprop implements ParameterUpdate {
    private final RMSprop optimizer;

    Rmsprop(FlatParameters params, double learningRate, double weightDecay) {
        RMSpropOptions options = new RMSpropOptions(learningRate);
        options.weight_decay().put(weightDecay);
        this.optimizer = new RMSprop(new TensorVector(params.values()), options);
    }

    @Override
    public void setLearningRate(double lr) {
        for (long i = 0; i < optimizer.param_groups().size(); i++) {
            optimizer.param_groups().get(i).options().set_lr(lr);
        }
    }

    @Override
    public void step() {
        optimizer.step();
    }

    @Override
    public void save(OutputArchive archive) {
        optimizer.save(archive);
    }

    @Override
    public void load(InputArchive archive) {
        optimizer.load(archive);
    }
}
