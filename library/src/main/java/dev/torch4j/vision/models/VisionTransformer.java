package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.GELU;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.LayerNorm;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.MultiheadAttention;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.MLP;
import dev.torch4j.nn.Tanh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torchvision.models.VisionTransformer} (ViT): {@link #vitB16()}, {@link #vitB32()}, {@link #vitL16()},
 * {@link #vitL32()} and {@link #vitH14()} without pretrained weights. The image is cut into patches by a strided
 * convolution, a class token is prepended, learned position embeddings added, and pre-norm transformer encoder
 * blocks run; the class token's final state goes to the head. Module names are torchvision's
 * ({@code class_token}, {@code encoder.layers.encoder_layer_0.self_attention.in_proj_weight},
 * {@code encoder.layers.encoder_layer_0.mlp.3.bias}, {@code heads.head.weight}, ...), as is the initialisation (the
 * head starts at zero), so after {@code manualSeed} the weights equal torchvision's and its state dicts load:
 *
 * <pre>{@code
 * VisionTransformer model = VisionTransformer.vitB16();
 * model.loadStateDict(Torch.load(Path.of("vit_b_16-c867db91.pth")));
 * model.eval();
 * Tensor logits = model.call(images);   // [N, 3, 224, 224] -> [N, 1000]
 * }</pre>
 *
 * torchvision's optional convolutional stem ({@code conv_stem_configs}) is not offered.
 */
public class VisionTransformer extends Module {
    /**
     * The keyword arguments after the architecture: {@code dropout} (after the embeddings, attention and MLP),
     * {@code attention_dropout} (on the attention weights), {@code num_classes}, and {@code representation_size}
     * (0 for None: a linear layer with tanh before the head when positive).
     */
    public record Options(double dropout, double attentionDropout, long numClasses, long representationSize) {
        /** {@code dropout=p}. */
        public Options dropout(double p) { return new Options(p, attentionDropout, numClasses, representationSize); }

        /** {@code attention_dropout=p}. */
        public Options attentionDropout(double p) { return new Options(dropout, p, numClasses, representationSize); }

        /** {@code num_classes=n}. */
        public Options numClasses(long n) { return new Options(dropout, attentionDropout, n, representationSize); }

        /** {@code representation_size=n} (0 for None). */
        public Options representationSize(long n) { return new Options(dropout, attentionDropout, numClasses, n); }
    }

    /** torchvision's defaults: no dropout, 1000 classes, no representation layer. */
    public static Options options() { return new Options(0.0, 0.0, 1000, 0); }

    /** The architecture's sizes: input side, patch side, {@code seq_length} (patches + the class token), widths. */
    public final long imageSize, patchSize, hiddenDim, mlpDim, seqLength;
    /** The keyword arguments it was built with. */
    public final Options options;
    /** The patch embedding: a {@code patch_size} convolution with stride {@code patch_size} to {@code hidden_dim}. */
    public final Conv2d conv_proj;
    /** The learned class token {@code [1, 1, hidden_dim]}, prepended to the patches. */
    public final Tensor class_token;
    /** Position embeddings, dropout, the encoder blocks and the final layer norm. */
    public final Encoder encoder;
    /** {@code head} (and {@code pre_logits}, {@code act} with a representation size); replace to fine-tune. */
    public Sequential heads;

    /** {@code VisionTransformer(image_size, patch_size, num_layers, num_heads, hidden_dim, mlp_dim)}. */
    public VisionTransformer(long imageSize, long patchSize, long numLayers, long numHeads, long hiddenDim, long mlpDim) {
        this(imageSize, patchSize, numLayers, numHeads, hiddenDim, mlpDim, options());
    }

    /** {@code VisionTransformer(image_size, patch_size, num_layers, num_heads, hidden_dim, mlp_dim, **options)}. */
    public VisionTransformer(long imageSize, long patchSize, long numLayers, long numHeads, long hiddenDim, long mlpDim, Options o) {
        if (imageSize % patchSize != 0) throw new IllegalArgumentException("Input shape indivisible by patch size!");
        this.imageSize = imageSize;
        this.patchSize = patchSize;
        this.hiddenDim = hiddenDim;
        this.mlpDim = mlpDim;
        this.options = o;
        // construction order is torchvision's, so the layers' default draws come in its order
        this.conv_proj = new Conv2d(3, hiddenDim, patchSize, Conv2d.options().stride(patchSize));
        this.class_token = Parameter.of(Torch.zeros(1, 1, hiddenDim));
        this.seqLength = (imageSize / patchSize) * (imageSize / patchSize) + 1;
        this.encoder = new Encoder(seqLength, numLayers, numHeads, hiddenDim, mlpDim, o.dropout(), o.attentionDropout());
        Map<String, Module> h = new LinkedHashMap<>();
        Linear preLogits = null;
        if (o.representationSize() <= 0) {
            h.put("head", new Linear(hiddenDim, o.numClasses()));
        } else {
            preLogits = new Linear(hiddenDim, o.representationSize());
            h.put("pre_logits", preLogits);
            h.put("act", new Tanh());
            h.put("head", new Linear(o.representationSize(), o.numClasses()));
        }
        this.heads = new Sequential(h);

        long fanIn = 3 * patchSize * patchSize;
        Init.truncNormal_(conv_proj.weight, 0, Math.sqrt(1.0 / fanIn), -2, 2);
        Init.zeros_(conv_proj.bias);
        if (preLogits != null) {
            Init.truncNormal_(preLogits.weight, 0, Math.sqrt(1.0 / hiddenDim), -2, 2);
            Init.zeros_(preLogits.bias);
        }
        Linear head = (Linear) heads.get(-1);
        Init.zeros_(head.weight);
        Init.zeros_(head.bias);
    }

    /** A factory's architecture (package-private: the tests compare it with torchvision's). */
    record Arch(long patchSize, long numLayers, long numHeads, long hiddenDim, long mlpDim) {
        VisionTransformer build(long imageSize, Options o) {
            return new VisionTransformer(imageSize, patchSize, numLayers, numHeads, hiddenDim, mlpDim, o);
        }
    }

    static final Arch B16 = new Arch(16, 12, 12, 768, 3072);
    static final Arch B32 = new Arch(32, 12, 12, 768, 3072);
    static final Arch L16 = new Arch(16, 24, 16, 1024, 4096);
    static final Arch L32 = new Arch(32, 24, 16, 1024, 4096);
    static final Arch H14 = new Arch(14, 32, 16, 1280, 5120);

    /** {@code vit_b_16()}: patch 16, 12 layers, 12 heads, width 768, MLP 3072, 224x224 images, 1000 classes. */
    public static VisionTransformer vitB16() { return vitB16(224, options()); }

    /** {@code vit_b_16(num_classes=n)}. */
    public static VisionTransformer vitB16(long numClasses) { return vitB16(224, options().numClasses(numClasses)); }

    /**
     * {@code vitB16(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VisionTransformer vitB16(ViTB16Weights weights) {
        return weights == null ? vitB16() : Weights.load(vitB16(weights.minSize()[0], options().numClasses(weights.numClasses())), weights, sd -> sd);
    }

    /** {@code vit_b_16(image_size=s, **options)}. */
    public static VisionTransformer vitB16(long imageSize, Options o) { return B16.build(imageSize, o); }

    /** {@code vit_b_32()}: patch 32, 12 layers, 12 heads, width 768, MLP 3072, 224x224 images, 1000 classes. */
    public static VisionTransformer vitB32() { return vitB32(224, options()); }

    /** {@code vit_b_32(num_classes=n)}. */
    public static VisionTransformer vitB32(long numClasses) { return vitB32(224, options().numClasses(numClasses)); }

    /**
     * {@code vitB32(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VisionTransformer vitB32(ViTB32Weights weights) {
        return weights == null ? vitB32() : Weights.load(vitB32(weights.minSize()[0], options().numClasses(weights.numClasses())), weights, sd -> sd);
    }

    /** {@code vit_b_32(image_size=s, **options)}. */
    public static VisionTransformer vitB32(long imageSize, Options o) { return B32.build(imageSize, o); }

    /** {@code vit_l_16()}: patch 16, 24 layers, 16 heads, width 1024, MLP 4096, 224x224 images, 1000 classes. */
    public static VisionTransformer vitL16() { return vitL16(224, options()); }

    /** {@code vit_l_16(num_classes=n)}. */
    public static VisionTransformer vitL16(long numClasses) { return vitL16(224, options().numClasses(numClasses)); }

    /**
     * {@code vitL16(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VisionTransformer vitL16(ViTL16Weights weights) {
        return weights == null ? vitL16() : Weights.load(vitL16(weights.minSize()[0], options().numClasses(weights.numClasses())), weights, sd -> sd);
    }

    /** {@code vit_l_16(image_size=s, **options)}. */
    public static VisionTransformer vitL16(long imageSize, Options o) { return L16.build(imageSize, o); }

    /** {@code vit_l_32()}: patch 32, 24 layers, 16 heads, width 1024, MLP 4096, 224x224 images, 1000 classes. */
    public static VisionTransformer vitL32() { return vitL32(224, options()); }

    /** {@code vit_l_32(num_classes=n)}. */
    public static VisionTransformer vitL32(long numClasses) { return vitL32(224, options().numClasses(numClasses)); }

    /**
     * {@code vitL32(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VisionTransformer vitL32(ViTL32Weights weights) {
        return weights == null ? vitL32() : Weights.load(vitL32(weights.minSize()[0], options().numClasses(weights.numClasses())), weights, sd -> sd);
    }

    /** {@code vit_l_32(image_size=s, **options)}. */
    public static VisionTransformer vitL32(long imageSize, Options o) { return L32.build(imageSize, o); }

    /** {@code vit_h_14()}: patch 14, 32 layers, 16 heads, width 1280, MLP 5120, 224x224 images, 1000 classes. */
    public static VisionTransformer vitH14() { return vitH14(224, options()); }

    /** {@code vit_h_14(num_classes=n)}. */
    public static VisionTransformer vitH14(long numClasses) { return vitH14(224, options().numClasses(numClasses)); }

    /**
     * {@code vitH14(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VisionTransformer vitH14(ViTH14Weights weights) {
        return weights == null ? vitH14() : Weights.load(vitH14(weights.minSize()[0], options().numClasses(weights.numClasses())), weights, sd -> sd);
    }

    /** {@code vit_h_14(image_size=s, **options)}. */
    public static VisionTransformer vitH14(long imageSize, Options o) { return H14.build(imageSize, o); }

    /**
     * The state dict with the MLP names of torchvision's older checkpoints ({@code mlp.linear_1.weight},
     * {@code mlp.linear_2.bias}) renamed to the current ones ({@code mlp.0.weight}, {@code mlp.3.bias}), as
     * torchvision's {@code MLPBlock} does when it loads a version-1 state dict; other keys and the order are kept.
     */
    public static Map<String, Tensor> upgradeStateDict(Map<String, Tensor> stateDict) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : stateDict.entrySet()) {
            out.put(e.getKey().replaceFirst("\\.mlp\\.linear_1\\.(weight|bias)$", ".mlp.0.$1")
                    .replaceFirst("\\.mlp\\.linear_2\\.(weight|bias)$", ".mlp.3.$1"), e.getValue());
        }
        return out;
    }

    /** The patches as a sequence: {@code [N, 3, H, W] -> [N, (H / p) * (W / p), hidden_dim]}. */
    Tensor processInput(Tensor x) {
        long[] s = x.shapeArray();
        if (s.length != 4) throw new IllegalArgumentException("Expected (batch_size, 3, height, width) got " + x.shape());
        if (s[2] != imageSize) throw new IllegalArgumentException("Wrong image height! Expected " + imageSize + " but got " + s[2] + "!");
        if (s[3] != imageSize) throw new IllegalArgumentException("Wrong image width! Expected " + imageSize + " but got " + s[3] + "!");
        long nh = s[2] / patchSize, nw = s[3] / patchSize;
        return conv_proj.call(x).reshape(s[0], hiddenDim, nh * nw).permute(0, 2, 1);
    }

    @Override
    public Tensor forward(Tensor x) {
        x = processInput(x);
        long n = x.shapeArray()[0];
        x = Torch.cat(new Tensor[] {class_token.expand(n, -1, -1), x}, 1);
        x = encoder.call(x);
        return heads.call(x.select(1, 0)); // the class token's state
    }

    /** torchvision's ViT {@code Encoder}: position embeddings (N(0, 0.02), as BERT), dropout, the blocks, a layer norm. */
    public static final class Encoder extends Module {
        /** {@code [1, seq_length, hidden_dim]}, added to the sequence. */
        public final Tensor pos_embedding;
        /** Dropout on the embedded sequence. */
        public final Dropout dropout;
        /** The blocks {@code encoder_layer_0..n-1}. */
        public final Sequential layers;
        /** The final layer norm (eps 1e-6). */
        public final LayerNorm ln;

        Encoder(long seqLength, long numLayers, long numHeads, long hiddenDim, long mlpDim, double dropout, double attentionDropout) {
            this.pos_embedding = Parameter.of(Init.normal_(Torch.empty(1, seqLength, hiddenDim), 0, 0.02));
            this.dropout = new Dropout(dropout);
            Map<String, Module> l = new LinkedHashMap<>();
            for (long i = 0; i < numLayers; i++) {
                l.put("encoder_layer_" + i, new EncoderBlock(numHeads, hiddenDim, mlpDim, dropout, attentionDropout));
            }
            this.layers = new Sequential(l);
            this.ln = layerNorm(hiddenDim);
        }

        @Override
        public Tensor forward(Tensor input) {
            if (input.dim() != 3) throw new IllegalArgumentException("Expected (batch_size, seq_length, hidden_dim) got " + input.shape());
            return ln.call(layers.call(dropout.call(input.add(pos_embedding))));
        }
    }

    /** torchvision's {@code EncoderBlock}: pre-norm self-attention and MLP, each added to its input. */
    public static final class EncoderBlock extends Module {
        /** The attention heads. */
        public final long numHeads;
        /** The layer norm before attention (eps 1e-6). */
        public final LayerNorm ln_1;
        /** Batch-first self-attention. */
        public final MultiheadAttention self_attention;
        /** Dropout on the attention output. */
        public final Dropout dropout;
        /** The layer norm before the MLP (eps 1e-6). */
        public final LayerNorm ln_2;
        /** Linear, GELU, dropout, linear, dropout. */
        public final MLPBlock mlp;

        EncoderBlock(long numHeads, long hiddenDim, long mlpDim, double dropout, double attentionDropout) {
            this.numHeads = numHeads;
            this.ln_1 = layerNorm(hiddenDim);
            this.self_attention = new MultiheadAttention(hiddenDim, numHeads,
                    MultiheadAttention.options().dropout(attentionDropout).batchFirst(true));
            this.dropout = new Dropout(dropout);
            this.ln_2 = layerNorm(hiddenDim);
            this.mlp = new MLPBlock(hiddenDim, mlpDim, dropout);
        }

        @Override
        public Tensor forward(Tensor input) {
            if (input.dim() != 3) throw new IllegalArgumentException("Expected (batch_size, seq_length, hidden_dim) got " + input.shape());
            Tensor x = ln_1.call(input);
            x = self_attention.call(x, x, x);
            x = dropout.call(x).add(input);
            return x.add(mlp.call(ln_2.call(x)));
        }
    }

    /** torchvision's {@code MLPBlock}, an {@link MLP}: linear to {@code mlp_dim}, GELU, dropout, linear back, dropout. */
    public static final class MLPBlock extends MLP {
        MLPBlock(long inDim, long mlpDim, double dropout) {
            super(inDim, new long[] {mlpDim, inDim}, null, inplace -> new GELU(), null, true, dropout);
            for (Module m : modules()) {
                if (m instanceof Linear l) {
                    Init.xavierUniform_(l.weight);
                    Init.normal_(l.bias, 0, 1e-6);
                }
            }
        }

        /** {@inheritDoc} torchvision's version 2 numbers the layers as {@link MLP} does (1 named them linear_1, linear_2). */
        @Override
        protected int stateDictVersion() { return 2; }
    }

    private static LayerNorm layerNorm(long dim) { return new LayerNorm(new long[] {dim}, 1e-6, true); }
}
