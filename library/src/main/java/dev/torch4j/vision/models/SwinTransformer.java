package dev.torch4j.vision.models;

import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.GELU;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.LayerNorm;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.models.ConvNeXt.Permute;
import dev.torch4j.vision.ops.MLP;
import dev.torch4j.vision.ops.StochasticDepth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * {@code torchvision.models.SwinTransformer}: Swin ({@link #swinT()}, {@link #swinS()}, {@link #swinB()}) and Swin V2
 * ({@link #swinV2T()}, {@link #swinV2S()}, {@link #swinV2B()}): a patch embedding, stages of blocks attending within
 * (alternately shifted) windows with a relative position bias (V2: scaled cosine attention, the bias from a small MLP
 * of log-spaced coordinates, norms after the residual branches), patch merging between stages. Module names
 * ({@code features.1.0.attn.relative_position_bias_table}, ...), repr and initialisation are torchvision's, so after
 * {@code manualSeed} the weights equal torchvision's and its state dicts load. Inputs whose size is not a multiple of
 * the windows are padded, as torchvision pads them.
 */
public class SwinTransformer extends Module {
    /** The patch embedding, the stages and the patch mergings. */
    public final Sequential features;
    /** The last layer norm. */
    public final LayerNorm norm;
    /** To channels-first. */
    public final Permute permute = new Permute(0, 3, 1, 2);
    /** The global average pool. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1);
    /** Flattens the pooled features. */
    public final Flatten flatten = new Flatten(1, -1);
    /** The classifier; replace it to fine-tune for other classes. */
    public Linear head;

    /** A factory's configuration (package-private: the tests compare it with torchvision's). */
    record Variant(long embedDim, List<Integer> depths, List<Long> numHeads, long window, double stochasticDepthProb, boolean v2) {
        SwinTransformer build(long numClasses) {
            return new SwinTransformer(new long[] {4, 4}, embedDim, depths, numHeads, new long[] {window, window}, 4.0, 0.0, 0.0,
                    stochasticDepthProb, numClasses, v2);
        }

        <W extends Weights> SwinTransformer build(W weights) {
            return weights == null ? build(1000) : Weights.load(build(weights.numClasses()), weights, sd -> sd);
        }
    }

    static final Variant T = new Variant(96, List.of(2, 2, 6, 2), List.of(3L, 6L, 12L, 24L), 7, 0.2, false),
            S = new Variant(96, List.of(2, 2, 18, 2), List.of(3L, 6L, 12L, 24L), 7, 0.3, false),
            B = new Variant(128, List.of(2, 2, 18, 2), List.of(4L, 8L, 16L, 32L), 7, 0.5, false),
            V2_T = new Variant(96, List.of(2, 2, 6, 2), List.of(3L, 6L, 12L, 24L), 8, 0.2, true),
            V2_S = new Variant(96, List.of(2, 2, 18, 2), List.of(3L, 6L, 12L, 24L), 8, 0.3, true),
            V2_B = new Variant(128, List.of(2, 2, 18, 2), List.of(4L, 8L, 16L, 32L), 8, 0.5, true);

    /** {@code swin_t()}: embedding 96, depths 2, 2, 6, 2, window 7, stochastic depth 0.2, 1000 classes. */
    public static SwinTransformer swinT() { return T.build(1000); }

    /** {@code swin_t(num_classes=n)}. */
    public static SwinTransformer swinT(long numClasses) { return T.build(numClasses); }

    /** {@code swin_t(weights=weights)}: loaded from the hub cache (see {@link Weights#getStateDict}); null: untrained. */
    public static SwinTransformer swinT(SwinTWeights weights) { return T.build(weights); }

    /** {@code swin_s()}: depths 2, 2, 18, 2, stochastic depth 0.3. */
    public static SwinTransformer swinS() { return S.build(1000); }

    /** {@code swin_s(num_classes=n)}. */
    public static SwinTransformer swinS(long numClasses) { return S.build(numClasses); }

    /** {@code swin_s(weights=weights)}; null: untrained. */
    public static SwinTransformer swinS(SwinSWeights weights) { return S.build(weights); }

    /** {@code swin_b()}: embedding 128, depths 2, 2, 18, 2, stochastic depth 0.5. */
    public static SwinTransformer swinB() { return B.build(1000); }

    /** {@code swin_b(num_classes=n)}. */
    public static SwinTransformer swinB(long numClasses) { return B.build(numClasses); }

    /** {@code swin_b(weights=weights)}; null: untrained. */
    public static SwinTransformer swinB(SwinBWeights weights) { return B.build(weights); }

    /** {@code swin_v2_t()}: as swin_t with window 8 and V2's blocks and patch merging. */
    public static SwinTransformer swinV2T() { return V2_T.build(1000); }

    /** {@code swin_v2_t(num_classes=n)}. */
    public static SwinTransformer swinV2T(long numClasses) { return V2_T.build(numClasses); }

    /** {@code swin_v2_t(weights=weights)}; null: untrained. */
    public static SwinTransformer swinV2T(SwinV2TWeights weights) { return V2_T.build(weights); }

    /** {@code swin_v2_s()}. */
    public static SwinTransformer swinV2S() { return V2_S.build(1000); }

    /** {@code swin_v2_s(num_classes=n)}. */
    public static SwinTransformer swinV2S(long numClasses) { return V2_S.build(numClasses); }

    /** {@code swin_v2_s(weights=weights)}; null: untrained. */
    public static SwinTransformer swinV2S(SwinV2SWeights weights) { return V2_S.build(weights); }

    /** {@code swin_v2_b()}. */
    public static SwinTransformer swinV2B() { return V2_B.build(1000); }

    /** {@code swin_v2_b(num_classes=n)}. */
    public static SwinTransformer swinV2B(long numClasses) { return V2_B.build(numClasses); }

    /** {@code swin_v2_b(weights=weights)}; null: untrained. */
    public static SwinTransformer swinV2B(SwinV2BWeights weights) { return V2_B.build(weights); }

    /**
     * {@code SwinTransformer(patch_size, embed_dim, depths, num_heads, window_size, mlp_ratio, dropout, attention_dropout,
     * stochastic_depth_prob, num_classes)} with layer norms (eps 1e-5); {@code v2} selects torchvision's
     * {@code block=SwinTransformerBlockV2, downsample_layer=PatchMergingV2}.
     */
    public SwinTransformer(long[] patchSize, long embedDim, List<Integer> depths, List<Long> numHeads, long[] windowSize, double mlpRatio,
                           double dropout, double attentionDropout, double stochasticDepthProb, long numClasses, boolean v2) {
        LongFunction<Module> normLayer = d -> new LayerNorm(new long[] {d}, 1e-5, true);
        List<Module> layers = new ArrayList<>();
        layers.add(new Sequential(new Conv2d(3, embedDim, patchSize, Conv2d.options().stride(patchSize)), new Permute(0, 2, 3, 1),
                normLayer.apply(embedDim)));
        int total = 0;
        for (int d : depths) total += d;
        int blockId = 0;
        for (int s = 0; s < depths.size(); s++) {
            long dim = embedDim << s;
            List<Module> stage = new ArrayList<>();
            for (int i = 0; i < depths.get(s); i++) {
                double sd = stochasticDepthProb * blockId / (total - 1.0);
                long[] shift = i % 2 == 0 ? new long[] {0, 0} : new long[] {windowSize[0] / 2, windowSize[1] / 2};
                stage.add(v2 ? new SwinTransformerBlockV2(dim, numHeads.get(s), windowSize, shift, mlpRatio, dropout, attentionDropout, sd, normLayer)
                        : new SwinTransformerBlock(dim, numHeads.get(s), windowSize, shift, mlpRatio, dropout, attentionDropout, sd, normLayer));
                blockId++;
            }
            layers.add(new Sequential(stage.toArray(Module[]::new)));
            if (s < depths.size() - 1) layers.add(v2 ? new PatchMergingV2(dim, normLayer) : new PatchMerging(dim, normLayer));
        }
        this.features = new Sequential(layers.toArray(Module[]::new));
        long numFeatures = embedDim << (depths.size() - 1);
        this.norm = (LayerNorm) normLayer.apply(numFeatures);
        this.head = new Linear(numFeatures, numClasses);
        for (Module m : modules()) {
            if (m instanceof Linear l) {
                Init.truncNormal_(l.weight, 0.0, 0.02, -2, 2);
                if (l.bias != null) Init.zeros_(l.bias);
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return head.call(flatten.call(avgpool.call(permute.call(norm.call(features.call(x))))));
    }

    /** The 2x2 neighbourhoods' features side by side ({@code [..., H/2, W/2, 4C]}), odd sizes zero-padded first. */
    static Tensor patchMergingPad(Tensor x) {
        long[] s = x.shapeArray();
        long h = s[s.length - 3], w = s[s.length - 2];
        x = dev.torch4j.nn.Functional.pad(x, 0, 0, 0, w % 2, 0, h % 2);
        Tensor[] parts = new Tensor[4];
        int k = 0;
        for (long[] o : new long[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) { // x[..., 0::2, 0::2, :], x[..., 1::2, 0::2, :], ...
            parts[k++] = x.index(Index.ELLIPSIS, Index.slice(o[0], null, 2), Index.slice(o[1], null, 2), Index.slice(null, null));
        }
        return dev.torch4j.Torch.cat(parts, -1);
    }

    /** torchvision's {@code PatchMerging}: the 2x2 neighbourhoods concatenated, layer norm, linear to twice the width. */
    public static class PatchMerging extends Module {
        /** The linear reduction from 4C to 2C. */
        public final Linear reduction;
        /** The norm (over 4C here, over 2C after the reduction in V2). */
        public final Module norm;

        /** {@code PatchMerging(dim, norm_layer)}. */
        public PatchMerging(long dim, LongFunction<Module> normLayer) { this(dim, normLayer, 4 * dim); }

        PatchMerging(long dim, LongFunction<Module> normLayer, long normDim) {
            this.reduction = new Linear(4 * dim, 2 * dim, false);
            this.norm = normLayer.apply(normDim);
        }

        @Override
        public Tensor forward(Tensor x) { return reduction.call(norm.call(patchMergingPad(x))); }
    }

    /** torchvision's {@code PatchMergingV2}: the reduction first, then the norm over 2C. */
    public static final class PatchMergingV2 extends PatchMerging {
        /** {@code PatchMergingV2(dim, norm_layer)}. */
        public PatchMergingV2(long dim, LongFunction<Module> normLayer) { super(dim, normLayer, 2 * dim); }

        @Override
        public Tensor forward(Tensor x) { return norm.call(reduction.call(patchMergingPad(x))); }
    }

    /** torchvision's {@code SwinTransformerBlock}: window attention and an MLP, each after a layer norm, with stochastic depth. */
    public static class SwinTransformerBlock extends Module {
        /** The norm before the attention (after it in V2). */
        public final Module norm1;
        /** The (shifted) window attention. */
        public final Module attn;
        /** Drops the residual branches per sample in training. */
        public final StochasticDepth stochastic_depth;
        /** The norm before the MLP (after it in V2). */
        public final Module norm2;
        /** Linear to {@code mlp_ratio} times the width, GELU, dropout, linear back, dropout. */
        public final MLP mlp;

        /** {@code SwinTransformerBlock(dim, num_heads, window_size, shift_size, mlp_ratio, dropout, attention_dropout, stochastic_depth_prob, norm_layer)}. */
        public SwinTransformerBlock(long dim, long numHeads, long[] windowSize, long[] shiftSize, double mlpRatio, double dropout,
                                    double attentionDropout, double stochasticDepthProb, LongFunction<Module> normLayer) {
            this(dim, numHeads, windowSize, shiftSize, mlpRatio, dropout, attentionDropout, stochasticDepthProb, normLayer, false);
        }

        SwinTransformerBlock(long dim, long numHeads, long[] windowSize, long[] shiftSize, double mlpRatio, double dropout,
                             double attentionDropout, double stochasticDepthProb, LongFunction<Module> normLayer, boolean v2) {
            this.norm1 = normLayer.apply(dim);
            this.attn = v2 ? new ShiftedWindowAttentionV2(dim, windowSize, shiftSize, numHeads, true, true, attentionDropout, dropout)
                    : new ShiftedWindowAttention(dim, windowSize, shiftSize, numHeads, true, true, attentionDropout, dropout);
            this.stochastic_depth = new StochasticDepth(stochasticDepthProb, "row");
            this.norm2 = normLayer.apply(dim);
            this.mlp = new MLP(dim, new long[] {(long) (dim * mlpRatio), dim}, null, inplace -> new GELU(), null, true, dropout);
            for (Module m : mlp.modules()) {
                if (m instanceof Linear l) {
                    Init.xavierUniform_(l.weight);
                    if (l.bias != null) Init.normal_(l.bias, 0.0, 1e-6);
                }
            }
        }

        @Override
        public Tensor forward(Tensor x) {
            x = x.add(stochastic_depth.call(attn.call(norm1.call(x))));
            return x.add(stochastic_depth.call(mlp.call(norm2.call(x))));
        }
    }

    /** torchvision's {@code SwinTransformerBlockV2}: the norms on the residual branches' outputs (res-post-norm). */
    public static final class SwinTransformerBlockV2 extends SwinTransformerBlock {
        /** {@code SwinTransformerBlockV2(dim, num_heads, window_size, shift_size, mlp_ratio, dropout, attention_dropout, stochastic_depth_prob, norm_layer)}. */
        public SwinTransformerBlockV2(long dim, long numHeads, long[] windowSize, long[] shiftSize, double mlpRatio, double dropout,
                                      double attentionDropout, double stochasticDepthProb, LongFunction<Module> normLayer) {
            super(dim, numHeads, windowSize, shiftSize, mlpRatio, dropout, attentionDropout, stochasticDepthProb, normLayer, true);
        }

        @Override
        public Tensor forward(Tensor x) {
            x = x.add(stochastic_depth.call(norm1.call(attn.call(x))));
            return x.add(stochastic_depth.call(norm2.call(mlp.call(x))));
        }
    }
}
