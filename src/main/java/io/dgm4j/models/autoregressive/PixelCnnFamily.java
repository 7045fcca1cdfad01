package io.dgm4j.models.autoregressive;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;

/**
 * The {@code pixelcnn} family: PixelCNN over binary one-channel images. Options: channels (32) and
 * blocks (4 residual 3x3 blocks), small for CPUs; the paper's MNIST model is much wider.
 */
public final class PixelCnnFamily implements ModelFactory {
    @Override
    public String name() {
        return "pixelcnn";
    }

    @Override
    public String description() {
        return "PixelCNN: masked convolutions over binary images [1, H, W] (--opt channels=32 --opt blocks=4)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        return new PixelCnn(dataShape, options.positiveInt("channels", 32), options.positiveInt("blocks", 4));
    }
}
