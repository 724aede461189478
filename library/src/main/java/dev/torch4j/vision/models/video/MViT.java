package dev.torch4j.vision.models.video;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.LayerNorm;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ModuleList;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.models.Weights;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static dev.torch4j.Torch.*;

/**
 * {@code torchvision.models.video.MViT} (Multiscale Vision Transformers): {@link #mvit_v1_b()} and {@link #mvit_v2_s()}.
 * A 3-d convolution cuts the clip {@code (N, 3, T, H, W)} (or an image {@code (N, 3, H, W)}, as one frame) into
 * patches, a class token and position encodings are added, and blocks of pooled attention shrink the token volume as
 * they widen the channels; the class token's normalised features go to the classifier. The model is built for one
 * clip size ({@code spatialSize}, {@code temporalSize}: 224x224 and 16 frames by default) and takes only that size;
 * the factories here take another size (torchvision's fix it, its {@code _mvit} builder takes it).
 * Module names, repr and initialisation are torchvision's, so after {@code manualSeed} the weights equal
 * torchvision's and its state dicts load.
 */
public class MViT extends Module {
    /** The patch embedding. */
    public final Conv3d conv_proj;
    public final PositionalEncoding pos_encoding;
    public final ModuleList blocks;
    public final Module norm;
    /** Dropout and the classifier. */
    public final Sequential head;

    /** One block's configuration: heads, widths, and the query and key/value pools' kernels and strides (empty for none). */
    public record MSBlockConfig(long numHeads, long inputChannels, long outputChannels, long[] kernelQ, long[] kernelKv, long[] strideQ,
                                long[] strideKv) {}

    /**
     * {@code MViT}'s keyword arguments beyond the architecture: {@code dropout} (0.5), {@code attention_dropout} (0),
     * {@code stochastic_depth_prob} (0), {@code num_classes} (400), {@code norm_layer} (LayerNorm, eps 1e-6) and the
     * patch embedding's kernel (3, 7, 7), stride (2, 4, 4) and padding (1, 3, 3).
     */
    public record Options(double dropout, double attentionDropout, double stochasticDepthProb, long numClasses, LongFunction<Module> normLayer,
                          long[] patchEmbedKernel, long[] patchEmbedStride, long[] patchEmbedPadding) {
        /** {@code dropout}: before the classifier. */
        public Options dropout(double v) {
            return new Options(v, attentionDropout, stochasticDepthProb, numClasses,
                    normLayer, patchEmbedKernel, patchEmbedStride, patchEmbedPadding);
        }

        /** {@code attention_dropout}: after the attention's projection and in the MLPs. */
        public Options attentionDropout(double v) {
            return new Options(dropout, v, stochasticDepthProb, numClasses,
                    normLayer, patchEmbedKernel, patchEmbedStride, patchEmbedPadding);
        }

        /** {@code stochastic_depth_prob}: the last block's, rising linearly from 0 at the first. */
        public Options stochasticDepthProb(double v) {
            return new Options(dropout, attentionDropout, v, numClasses,
                    normLayer, patchEmbedKernel, patchEmbedStride, patchEmbedPadding);
        }

        /** {@code num_classes}. */
        public Options numClasses(long v) {
            return new Options(dropout, attentionDropout, stochasticDepthProb, v,
                    normLayer, patchEmbedKernel, patchEmbedStride, patchEmbedPadding);
        }

        /** {@code norm_layer}: built from the channel count. */
        public Options normLayer(LongFunction<Module> v) {
            return new Options(dropout, attentionDropout, stochasticDepthProb, numClasses, v,
                    patchEmbedKernel, patchEmbedStride, patchEmbedPadding);
        }

        /** The patch embedding's kernel, stride and padding (three values each). */
        public Options patchEmbed(long[] kernel, long[] stride, long[] padding) {
            return new Options(dropout, attentionDropout, stochasticDepthProb, numClasses, normLayer, kernel.clone(), stride.clone(), padding.clone());
        }
    }

    /** torchvision's defaults. */
    public static Options options() {
        return new Options(0.5, 0.0, 0.0, 400, c -> new LayerNorm(new long[] {c}, 1e-6, true), new long[] {3, 7, 7}, new long[] {2, 4, 4},
                new long[] {1, 3, 3});
    }

    /**
     * {@code MViT(spatial_size, temporal_size, block_setting, residual_pool, residual_with_cls_embed, rel_pos_embed,
     * proj_after_attn, **options)}.
     */
    public MViT(long[] spatialSize, long temporalSize, List<MSBlockConfig> blockSetting, boolean residualPool, boolean residualWithClsEmbed,
                boolean relPosEmbed, boolean projAfterAttn, Options o) {
        if (blockSetting.isEmpty()) throw new IllegalArgumentException("The configuration parameter can't be empty.");
        long c0 = blockSetting.getFirst().inputChannels();
        conv_proj = new Conv3d(3, c0, o.patchEmbedKernel, Conv3d.options().stride(o.patchEmbedStride).padding(o.patchEmbedPadding));
        long[] inputSize = {temporalSize / o.patchEmbedStride[0], spatialSize[0] / o.patchEmbedStride[1], spatialSize[1] / o.patchEmbedStride[2]};
        pos_encoding = new PositionalEncoding(c0, new long[] {inputSize[1], inputSize[2]}, inputSize[0], relPosEmbed);
        List<Module> list = new ArrayList<>();
        int total = blockSetting.size();
        for (int i = 0; i < total; i++) {
            MSBlockConfig cnf = blockSetting.get(i);
            double sd = o.stochasticDepthProb * i / (total - 1.0);
            list.add(new MultiscaleBlock(inputSize.clone(), cnf, residualPool, residualWithClsEmbed, relPosEmbed, projAfterAttn, o.attentionDropout,
                    sd, o.normLayer));
            if (cnf.strideQ().length > 0) for (int d = 0; d < 3; d++) inputSize[d] /= cnf.strideQ()[d];
        }
        blocks = new ModuleList(list);
        norm = o.normLayer.apply(blockSetting.getLast().outputChannels());
        head = new Sequential(new Dropout(o.dropout, true), new Linear(blockSetting.getLast().outputChannels(), o.numClasses));
        for (Module m : modules()) {
            if (m instanceof Linear l) {
                Init.truncNormal_(l.weight, 0, 0.02, -2, 2);
                if (l.bias != null) Init.zeros_(l.bias);
            } else if (m instanceof LayerNorm n) {
                if (n.weight != null) Init.ones_(n.weight);
                if (n.bias != null) Init.zeros_(n.bias);
            } else if (m instanceof PositionalEncoding p) {
                for (Tensor w : p.parameters()) Init.truncNormal_(w, 0, 0.02, -2, 2);
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 4) x = x.unsqueeze(2);
        else if (x.dim() != 5) throw new IllegalArgumentException("Unsupported input dimension " + x.shape());
        x = conv_proj.call(x).flatten(2).transpose(1, 2);
        x = pos_encoding.call(x);
        long[] thw = {pos_encoding.temporalSize, pos_encoding.spatialSize[0], pos_encoding.spatialSize[1]};
        for (Module b : blocks) {
            Pool.Pooled p = ((MultiscaleBlock) b).forward(x, thw);
            x = p.x();
            thw = p.thw();
        }
        x = norm.call(x);
        return head.call(x.select(1, 0));
    }

    /** torchvision's {@code PositionalEncoding}: the class token, and (without relative embeddings) spatial, temporal and class position embeddings. */
    public static final class PositionalEncoding extends Module {
        public Tensor class_token, spatial_pos, temporal_pos, class_pos;
        /** The token volume's (H, W) and T. */
        public final long[] spatialSize;
        public final long temporalSize;

        PositionalEncoding(long embedSize, long[] spatialSize, long temporalSize, boolean relPosEmbed) {
            this.spatialSize = spatialSize.clone();
            this.temporalSize = temporalSize;
            class_token = Parameter.of(zeros(embedSize));
            if (!relPosEmbed) {
                spatial_pos = Parameter.of(zeros(spatialSize[0] * spatialSize[1], embedSize));
                temporal_pos = Parameter.of(zeros(temporalSize, embedSize));
                class_pos = Parameter.of(zeros(embedSize));
            }
        }

        @Override
        public Tensor forward(Tensor x) {
            long b = x.size(0), c = class_token.size(0);
            x = cat(new Tensor[] {class_token.expand(b, -1).unsqueeze(1), x}, 1);
            if (spatial_pos != null) {
                long hw = spatial_pos.size(0);
                Tensor pos = temporal_pos.repeatInterleave(hw, 0).add(spatial_pos.unsqueeze(0).expand(temporalSize, -1, -1).reshape(-1, c));
                x = x.add(cat(new Tensor[] {class_pos.unsqueeze(0), pos}, 0).unsqueeze(0));
            }
            return x;
        }
    }

    /** {@code _mvit}: with weights, {@code num_classes} and the clip size must be theirs (or the defaults). */
    private static MViT build(List<MSBlockConfig> setting, boolean v2, VideoWeights weights, long[] spatialSize, long temporalSize, Options o) {
        if (weights != null) {
            o = o.numClasses(VideoWeights.overwrite("num_classes", o.numClasses, 400, weights.numClasses()));
            long[] min = weights.minSize();
            if (spatialSize[0] != 224 || spatialSize[1] != 224) {
                if (spatialSize[0] != min[0] || spatialSize[1] != min[1]) {
                    throw new IllegalArgumentException("The parameter 'spatial_size' expected value (" + min[0] + ", " + min[1] + ") but got ("
                            + spatialSize[0] + ", " + spatialSize[1] + ") instead.");
                }
            }
            spatialSize = min;
            temporalSize = VideoWeights.overwrite("temporal_size", temporalSize, 16, weights.minTemporalSize());
        }
        MViT model = v2 ? new MViT(spatialSize, temporalSize, setting, true, false, true, true, o)
                : new MViT(spatialSize, temporalSize, setting, false, false, false, false, o);
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    private static final long[] K3 = {3, 3, 3}, NONE = {}, S122 = {1, 2, 2}, S111 = {1, 1, 1}, S144 = {1, 4, 4}, S188 = {1, 8, 8};

    /** mvit_v1_b's 16 blocks. */
    static List<MSBlockConfig> v1b() {
        long[] heads = {1, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8};
        long[] in = {96, 192, 192, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 768, 768};
        long[] out = {192, 192, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 768, 768, 768};
        List<MSBlockConfig> s = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean q = i == 1 || i == 3 || i == 14;
            long[] kv = i == 0 ? S188 : i < 3 ? S144 : i < 14 ? S122 : S111;
            s.add(new MSBlockConfig(heads[i], in[i], out[i], q ? K3 : NONE, K3, q ? S122 : NONE, kv));
        }
        return s;
    }

    /** mvit_v2_s's 16 blocks. */
    static List<MSBlockConfig> v2s() {
        long[] heads = {1, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8};
        long[] in = {96, 96, 192, 192, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 768};
        long[] out = {96, 192, 192, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 384, 768, 768};
        List<MSBlockConfig> s = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean q = i == 1 || i == 3 || i == 14;
            long[] kv = i == 0 ? S188 : i < 3 ? S144 : i < 14 ? S122 : S111;
            s.add(new MSBlockConfig(heads[i], in[i], out[i], K3, K3, q ? S122 : S111, kv));
        }
        return s;
    }

    /** {@code mvit_v1_b()}: 16 frames of 224x224, 400 classes, stochastic depth 0.2. */
    public static MViT mvit_v1_b() { return mvit_v1_b(null); }

    /** {@code mvit_v1_b(weights=weights)}: null builds it untrained. */
    public static MViT mvit_v1_b(MViTV1BWeights weights) { return mvit_v1_b(weights, new long[] {224, 224}, 16, options().stochasticDepthProb(0.2)); }

    /** {@code mvit_v1_b(weights=weights, spatial_size=..., temporal_size=..., **options)} (pass stochastic depth 0.2 for torchvision's default). */
    public static MViT mvit_v1_b(MViTV1BWeights weights, long[] spatialSize, long temporalSize, Options o) {
        return build(v1b(), false, weights, spatialSize, temporalSize, o);
    }

    /** {@code mvit_v2_s()}: 16 frames of 224x224, 400 classes, stochastic depth 0.2. */
    public static MViT mvit_v2_s() { return mvit_v2_s(null); }

    /** {@code mvit_v2_s(weights=weights)}: null builds it untrained. */
    public static MViT mvit_v2_s(MViTV2SWeights weights) { return mvit_v2_s(weights, new long[] {224, 224}, 16, options().stochasticDepthProb(0.2)); }

    /** {@code mvit_v2_s(weights=weights, spatial_size=..., temporal_size=..., **options)} (pass stochastic depth 0.2 for torchvision's default). */
    public static MViT mvit_v2_s(MViTV2SWeights weights, long[] spatialSize, long temporalSize, Options o) {
        return build(v2s(), true, weights, spatialSize, temporalSize, o);
    }
}
