package io.dgm4j.train;

import io.dgm4j.nn.FlatParameters;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.RMSprop;
import org.bytedeco.pytorch.RMSpropOptions;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.TensorVector;

/** One of libtorch's own optimizers (those without a fused kernel here) on one flat parameter buffer. */
final class LibtorchOptimizer implements ParameterUpdate {
    private final Optimizer optimizer;

    private LibtorchOptimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /** RMSprop as PyTorch's (alpha 0.99, eps 1e-8). */
    static LibtorchOptimizer rmsprop(FlatParameters params, double learningRate, double weightDecay) {
        RMSpropOptions options = new RMSpropOptions(learningRate);
        options.weight_decay().put(weightDecay);
        return new LibtorchOptimizer(new RMSprop(new TensorVector(params.values()), options));
    }

    /**
     * SGD as PyTorch's (heavy-ball momentum, no dampening). Unlike Adam and RMSprop its step grows with
     * the gradient, so it shows a loss whose gradient vanishes (minimax GAN loss, confident critic).
     */
    static LibtorchOptimizer sgd(FlatParameters params, double learningRate, double momentum, double weightDecay) {
        SGDOptions options = new SGDOptions(learningRate);
        options.momentum().put(momentum);
        options.weight_decay().put(weightDecay);
        return new LibtorchOptimizer(new SGD(new TensorVector(params.values()), options));
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
