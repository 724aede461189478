package dev.torch4j.vision.models.video;

import dev.torch4j.Tensor;
import dev.torch4j.nn.GELU;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.ops.MLP;
import dev.torch4j.vision.ops.StochasticDepth;

import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * torchvision's {@code MultiscaleBlock}: pooled attention and an MLP, each after a norm and with a residual; where the
 * queries are strided the residual is max-pooled alike ({@code pool_skip}), and where the width changes a linear
 * {@code project}ion maps the residual (after the attention with {@code proj_after_attn}, MViTv2's way, else after it).
 */
public class MultiscaleBlock extends Module {
    /** The max pool of the residual where the queries are strided, or null. */
    public final Pool pool_skip;
    /** The norms before the attention and before the MLP. */
    public final Module norm1, norm2;
    /** The pooled attention. */
    public final MultiscaleAttention attn;
    /** Linear, GELU, dropout, linear, dropout. */
    public final MLP mlp;
    /** Drops both residual branches per sample in training. */
    public final StochasticDepth stochastic_depth;
    /** The residual's projection where the width changes, or null. */
    public final Linear project;

    private final boolean projAfterAttn;

    /** {@code MultiscaleBlock(input_size, cnf, residual_pool, residual_with_cls_embed, rel_pos_embed, proj_after_attn, ...)}. */
    public MultiscaleBlock(long[] inputSize, MViT.MSBlockConfig cnf, boolean residualPool, boolean residualWithClsEmbed, boolean relPosEmbed,
                           boolean projAfterAttn, double dropout, double stochasticDepthProb, LongFunction<Module> normLayer) {
        this.projAfterAttn = projAfterAttn;
        if (MultiscaleAttention.prod(cnf.strideQ()) > 1) {
            long[] kernel = new long[cnf.strideQ().length], padding = new long[kernel.length];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = cnf.strideQ()[i] > 1 ? cnf.strideQ()[i] + 1 : cnf.strideQ()[i];
                padding[i] = kernel[i] / 2;
            }
            pool_skip = new Pool(new MaxPool3d(kernel, cnf.strideQ(), padding), null, null, false);
        } else {
            pool_skip = null;
        }
        long attnDim = projAfterAttn ? cnf.outputChannels() : cnf.inputChannels();
        norm1 = normLayer.apply(cnf.inputChannels());
        norm2 = normLayer.apply(attnDim);
        attn = new MultiscaleAttention(inputSize, cnf.inputChannels(), attnDim, cnf.numHeads(), cnf.kernelQ(), cnf.kernelKv(), cnf.strideQ(),
                cnf.strideKv(), residualPool, residualWithClsEmbed, relPosEmbed, dropout, normLayer);
        mlp = new MLP(attnDim, new long[] {4 * attnDim, cnf.outputChannels()}, null, inplace -> new GELU(), null, true, dropout);
        stochastic_depth = new StochasticDepth(stochasticDepthProb, "row");
        project = cnf.inputChannels() != cnf.outputChannels() ? new Linear(cnf.inputChannels(), cnf.outputChannels()) : null;
    }

    /** The block's output and the pooled {@code (T, H, W)}. */
    public Pool.Pooled forward(Tensor x, long[] thw) {
        Tensor xNorm1 = norm1.call(x);
        Pool.Pooled a = attn.forward(xNorm1, thw);
        if (project != null && projAfterAttn) x = project.call(xNorm1);
        Tensor skip = pool_skip == null ? x : pool_skip.forward(x, thw).x();
        x = skip.add(stochastic_depth.call(a.x()));
        Tensor xNorm2 = norm2.call(x);
        Tensor proj = project == null || projAfterAttn ? x : project.call(xNorm2);
        return new Pool.Pooled(proj.add(stochastic_depth.call(mlp.call(xNorm2))), a.thw());
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("MultiscaleBlock takes the tokens and their (T, H, W): forward(x, thw)");
    }

    /** {@code nn.MaxPool3d} given lists, as torchvision builds the skip pool: its repr prints them as lists. */
    public static final class MaxPool3d extends dev.torch4j.nn.MaxPool3d {
        MaxPool3d(long[] kernel, long[] stride, long[] padding) { super(kernel, stride, padding, new long[] {1}, false); }

        @Override
        public String extraRepr() {
            return "kernel_size=" + list(kernelSize) + ", stride=" + list(stride) + ", padding=" + list(padding) + ", dilation=1, ceil_mode=False";
        }

        private static String list(long[] v) { return Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]")); }
    }
}
