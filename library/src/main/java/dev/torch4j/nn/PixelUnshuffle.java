package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.PixelUnshuffle(downscale_factor)}: {@code [..., C, H*r, W*r] -> [..., C*r*r, H, W]}. */
public class PixelUnshuffle extends Module {
    /** The {@code downscale_factor} argument. */
    public final long downscaleFactor;

    /** {@code nn.PixelUnshuffle(downscale_factor)}. */
    public PixelUnshuffle(long downscaleFactor) { this.downscaleFactor = downscaleFactor; }

    @Override
    public Tensor forward(Tensor input) { return Functional.pixelUnshuffle(input, downscaleFactor); }

    @Override
    public String extraRepr() { return "downscale_factor=" + downscaleFactor; }
}
