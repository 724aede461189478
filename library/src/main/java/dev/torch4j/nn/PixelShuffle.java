package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.PixelShuffle(upscale_factor)}: {@code (*, C*r*r, H, W) -> (*, C, H*r, W*r)}. */
public class PixelShuffle extends Module {
    /** The {@code upscale_factor} argument. */
    public final long upscaleFactor;

    /** {@code nn.PixelShuffle(upscale_factor)}. */
    public PixelShuffle(long upscaleFactor) { this.upscaleFactor = upscaleFactor; }

    @Override
    public Tensor forward(Tensor input) { return Functional.pixelShuffle(input, upscaleFactor); }

    @Override
    public String extraRepr() { return "upscale_factor=" + upscaleFactor; }
}
