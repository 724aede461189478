package dev.torch4j.vision.models.video;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;

import static dev.torch4j.Torch.cat;

/**
 * torchvision's MViT {@code Pool}: pools the tokens of {@code (B, N, 1 + T*H*W, C)} (or {@code (B, 1 + T*H*W, C)}) as a
 * {@code (T, H, W)} volume, the class token set aside and put back, then the optional norm (before the pool when
 * {@code normBeforePool}). {@link #forward(Tensor, long[])} also gives the pooled {@code (T, H, W)}.
 */
public class Pool extends Module {
    /** The pooling layer: a depthwise Conv3d (attention) or MaxPool3d (the skip connection). */
    public final Module pool;
    /** The norm and activation, or null. */
    public final Sequential norm_act;
    /** Whether the norm runs before the pool. */
    public final boolean normBeforePool;

    /** {@code Pool(pool, norm, activation, norm_before_pool)}; null norm and activation leave them out. */
    public Pool(Module pool, Module norm, Module activation, boolean normBeforePool) {
        this.pool = pool;
        java.util.List<Module> layers = new java.util.ArrayList<>();
        if (norm != null) layers.add(norm);
        if (activation != null) layers.add(activation);
        this.norm_act = layers.isEmpty() ? null : new Sequential(layers.toArray(Module[]::new));
        this.normBeforePool = normBeforePool;
    }

    /** The pooled tokens and their {@code (T, H, W)}. */
    public record Pooled(Tensor x, long[] thw) {}

    /** Pools {@code x}, whose tokens after the class token form the volume {@code thw}. */
    public Pooled forward(Tensor x, long[] thw) {
        boolean squeeze = x.dim() == 3;
        if (squeeze) x = x.unsqueeze(1);
        else if (x.dim() != 4) throw new IllegalArgumentException("Unsupported input dimension " + x.shape());
        long b = x.size(0), n = x.size(1), l = x.size(2), c = x.size(3);
        Tensor classToken = x.narrow(2, 0, 1);
        x = x.narrow(2, 1, l - 1).transpose(2, 3).reshape(b * n, c, thw[0], thw[1], thw[2]).contiguous();
        if (normBeforePool && norm_act != null) x = norm_act.call(x);
        x = pool.call(x);
        long[] out = {x.size(2), x.size(3), x.size(4)};
        x = cat(new Tensor[] {classToken, x.reshape(b, n, c, -1).transpose(2, 3)}, 2);
        if (!normBeforePool && norm_act != null) x = norm_act.call(x);
        return new Pooled(squeeze ? x.squeeze(1) : x, out);
    }

    @Override
    public Tensor forward(Tensor x) { throw new UnsupportedOperationException("Pool takes the tokens and their (T, H, W): forward(x, thw)"); }
}
