package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.ValuesIndices;
import dev.torch4j.testing.Golden;

import java.util.List;

import static dev.torch4j.DType.FLOAT64;

/**
 * Builds a module from a PyTorch constructor configuration as fuzz_modules_goldens.py writes it (keyword arguments
 * under PyTorch's names) and calls it as the script does; the tests' mirror of {@code getattr(nn, name)(**cfg)}.
 */
final class ModuleConfigs {
    private ModuleConfigs() {}

    private static final TensorOptions F64 = TensorOptions.DEFAULT.dtype(FLOAT64);

    /** The module {@code nn.<name>(**c)} converted to {@code dtype}. */
    static Module build(String name, JsonObject c, DType dtype) { return build(name, c).to(dtype); }

    static Module build(String name, JsonObject c) {
        Module m = switch (name) {
            case "Conv1d", "Conv2d", "Conv3d" -> conv(name, c);
            case "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d" -> convTranspose(name, c);
            case "BatchNorm1d" -> new BatchNorm1d(l(c, "num_features"), d(c, "eps"), dn(c, "momentum"), b(c, "affine"), b(c, "track_running_stats"), F64);
            case "BatchNorm2d" -> new BatchNorm2d(l(c, "num_features"), d(c, "eps"), dn(c, "momentum"), b(c, "affine"), b(c, "track_running_stats"), F64);
            case "BatchNorm3d" -> new BatchNorm3d(l(c, "num_features"), d(c, "eps"), dn(c, "momentum"), b(c, "affine"), b(c, "track_running_stats"), F64);
            case "InstanceNorm1d" -> new InstanceNorm1d(l(c, "num_features"), d(c, "eps"), dn(c, "momentum"), b(c, "affine"), b(c, "track_running_stats"), F64);
            case "InstanceNorm2d" -> new InstanceNorm2d(l(c, "num_features"), d(c, "eps"), dn(c, "momentum"), b(c, "affine"), b(c, "track_running_stats"), F64);
            case "InstanceNorm3d" -> new InstanceNorm3d(l(c, "num_features"), d(c, "eps"), dn(c, "momentum"), b(c, "affine"), b(c, "track_running_stats"), F64);
            case "LayerNorm" -> new LayerNorm(la(c, "normalized_shape"), d(c, "eps"), b(c, "elementwise_affine"), true, F64);
            case "GroupNorm" -> new GroupNorm(l(c, "num_groups"), l(c, "num_channels"), d(c, "eps"), b(c, "affine"), F64);
            case "LocalResponseNorm" -> new LocalResponseNorm(l(c, "size"), d(c, "alpha"), d(c, "beta"), d(c, "k"));
            case "Embedding" -> new Embedding(l(c, "num_embeddings"), l(c, "embedding_dim"), ln(c, "padding_idx"), dn(c, "max_norm"),
                    c.has("norm_type") ? d(c, "norm_type") : 2.0, bd(c, "scale_grad_by_freq", false), false, F64);
            case "EmbeddingBag" -> new EmbeddingBag(l(c, "num_embeddings"), l(c, "embedding_dim"), dn(c, "max_norm"),
                    c.has("norm_type") ? d(c, "norm_type") : 2.0, bd(c, "scale_grad_by_freq", false), c.get("mode").getAsString(), false,
                    b(c, "include_last_offset"), ln(c, "padding_idx"), F64);
            case "TransformerEncoderLayer" -> new TransformerEncoderLayer(l(c, "d_model"), l(c, "nhead"), transformer(c));
            case "TransformerDecoderLayer" -> new TransformerDecoderLayer(l(c, "d_model"), l(c, "nhead"), transformer(c));
            case "Transformer" -> new Transformer(l(c, "d_model"), l(c, "nhead"), (int) l(c, "num_encoder_layers"),
                    (int) l(c, "num_decoder_layers"), transformer(c));
            case "MaxPool1d" -> new MaxPool1d(l(c, "kernel_size"), c.get("stride").isJsonNull() ? 0 : l(c, "stride"), l(c, "padding"),
                    l(c, "dilation"), b(c, "return_indices"), b(c, "ceil_mode"));
            case "MaxPool2d" -> new MaxPool2d(la(c, "kernel_size"), lan(c, "stride"), la(c, "padding"), la(c, "dilation"), b(c, "return_indices"), b(c, "ceil_mode"));
            case "MaxPool3d" -> new MaxPool3d(la(c, "kernel_size"), lan(c, "stride"), la(c, "padding"), la(c, "dilation"), b(c, "return_indices"), b(c, "ceil_mode"));
            case "AvgPool1d" -> new AvgPool1d(l(c, "kernel_size"), c.get("stride").isJsonNull() ? 0 : l(c, "stride"), l(c, "padding"),
                    b(c, "ceil_mode"), b(c, "count_include_pad"));
            case "AvgPool2d" -> new AvgPool2d(la(c, "kernel_size"), lan(c, "stride"), la(c, "padding"), b(c, "ceil_mode"), b(c, "count_include_pad"),
                    ln(c, "divisor_override"));
            case "AvgPool3d" -> new AvgPool3d(la(c, "kernel_size"), lan(c, "stride"), la(c, "padding"), b(c, "ceil_mode"), b(c, "count_include_pad"),
                    ln(c, "divisor_override"));
            case "AdaptiveMaxPool1d" -> new AdaptiveMaxPool1d(l(c, "output_size"), b(c, "return_indices"));
            case "AdaptiveMaxPool2d" -> new AdaptiveMaxPool2d(outputSize(c), b(c, "return_indices"));
            case "AdaptiveMaxPool3d" -> new AdaptiveMaxPool3d(outputSize(c), b(c, "return_indices"));
            case "AdaptiveAvgPool1d" -> new AdaptiveAvgPool1d(l(c, "output_size"));
            case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(outputSize(c));
            case "AdaptiveAvgPool3d" -> new AdaptiveAvgPool3d(outputSize(c));
            case "LPPool1d" -> new LPPool1d(d(c, "norm_type"), l(c, "kernel_size"), ln(c, "stride"), b(c, "ceil_mode"));
            case "LPPool2d" -> new LPPool2d(d(c, "norm_type"), la(c, "kernel_size"), lan(c, "stride"), b(c, "ceil_mode"));
            case "MaxUnpool1d" -> new MaxUnpool1d(la(c, "kernel_size"), lan(c, "stride"), la(c, "padding"));
            case "MaxUnpool2d" -> new MaxUnpool2d(la(c, "kernel_size"), lan(c, "stride"), la(c, "padding"));
            case "MaxUnpool3d" -> new MaxUnpool3d(la(c, "kernel_size"), lan(c, "stride"), la(c, "padding"));
            case "Upsample" -> new Upsample(lan(c, "size"), scale(c), c.get("mode").getAsString(),
                    bn(c, "align_corners"), bn(c, "recompute_scale_factor"));
            case "PixelShuffle" -> new PixelShuffle(l(c, "upscale_factor"));
            case "PixelUnshuffle" -> new PixelUnshuffle(l(c, "downscale_factor"));
            case "Flatten" -> new Flatten(l(c, "start_dim"), l(c, "end_dim"));
            case "Unflatten" -> new Unflatten(l(c, "dim"), la(c, "unflattened_size"));
            case "Bilinear" -> new Bilinear(l(c, "in1_features"), l(c, "in2_features"), l(c, "out_features"), b(c, "bias"), F64);
            case "PReLU" -> new PReLU(l(c, "num_parameters"), d(c, "init"));
            case "ELU" -> new ELU(d(c, "alpha"), b(c, "inplace"));
            case "CELU" -> new CELU(d(c, "alpha"), b(c, "inplace"));
            case "Hardtanh" -> new Hardtanh(d(c, "min_val"), d(c, "max_val"), b(c, "inplace"));
            case "LeakyReLU" -> new LeakyReLU(d(c, "negative_slope"), b(c, "inplace"));
            case "Softplus" -> new Softplus(d(c, "beta"), d(c, "threshold"));
            case "Threshold" -> new Threshold(d(c, "threshold"), d(c, "value"), b(c, "inplace"));
            case "Hardshrink" -> new Hardshrink(d(c, "lambd"));
            case "Softshrink" -> new Softshrink(d(c, "lambd"));
            case "RReLU" -> new RReLU(d(c, "lower"), d(c, "upper"), b(c, "inplace"));
            case "Softmax" -> new Softmax(ln(c, "dim"));
            case "LogSoftmax" -> new LogSoftmax(ln(c, "dim"));
            case "Softmin" -> new Softmin(ln(c, "dim"));
            case "GLU" -> new GLU(l(c, "dim"));
            case "Linear" -> new Linear(l(c, "in_features"), l(c, "out_features"), b(c, "bias"), F64);
            case "Dropout" -> new Dropout(d(c, "p"), b(c, "inplace"));
            case "Dropout1d" -> new Dropout1d(d(c, "p"), b(c, "inplace"));
            case "Dropout2d" -> new Dropout2d(d(c, "p"), b(c, "inplace"));
            case "Dropout3d" -> new Dropout3d(d(c, "p"), b(c, "inplace"));
            case "ChannelShuffle" -> new ChannelShuffle(l(c, "groups"));
            case "Unfold" -> new Unfold(la(c, "kernel_size"), la(c, "dilation"), la(c, "padding"), la(c, "stride"));
            case "Fold" -> new Fold(la(c, "output_size"), la(c, "kernel_size"), la(c, "dilation"), la(c, "padding"), la(c, "stride"));
            case "CosineSimilarity" -> new CosineSimilarity(l(c, "dim"), d(c, "eps"));
            case "PairwiseDistance" -> new PairwiseDistance(d(c, "p"), d(c, "eps"), b(c, "keepdim"));
            default -> throw new IllegalArgumentException("no builder for " + name);
        };
        return m.to(FLOAT64);
    }

    /** The module's outputs for the script's inputs (null entries are absent optional arguments). */
    static List<Tensor> call(Module m, String name, JsonObject c, Tensor[] in, long[] outputSize) {
        if (name.startsWith("MaxUnpool")) return List.of(unpool(m, in[0], in[1], outputSize));
        if (outputSize != null) return List.of(((ConvTransposeNd) m).forward(in[0], outputSize));
        Tensor out = switch (name) {
            case "TransformerEncoderLayer" -> ((TransformerEncoderLayer) m).forward(in[0], in[1], in[2], false);
            case "TransformerDecoderLayer" -> ((TransformerDecoderLayer) m).forward(in[0], in[1], in[2], in[3], in[4], in[5], false, false);
            case "Transformer" -> ((Transformer) m).forward(in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7], null, null, false);
            case "EmbeddingBag" -> m.call(in[0], in[1], in[2]);
            case "Bilinear", "CosineSimilarity", "PairwiseDistance" -> m.call(in[0], in[1]);
            default -> null;
        };
        if (out != null) return List.of(out);
        // an in-place module is given a copy, as the script does (PyTorch refuses one on a leaf requiring grad)
        if (bd(c, "inplace", false)) return List.of(m.call(in[0].mul(1)));
        if (c.has("return_indices") && c.get("return_indices").getAsBoolean()) {
            ValuesIndices vi = withIndices(m, in[0]);
            return List.of(vi.values(), vi.indices());
        }
        return List.of(m.call(in[0]));
    }

    private static Tensor unpool(Module m, Tensor x, Tensor indices, long[] size) {
        return switch (m) {
            case MaxUnpool1d u -> size == null ? u.forward(x, indices) : u.forward(x, indices, size);
            case MaxUnpool2d u -> size == null ? u.forward(x, indices) : u.forward(x, indices, size);
            case MaxUnpool3d u -> size == null ? u.forward(x, indices) : u.forward(x, indices, size);
            default -> throw new IllegalArgumentException("not an unpool: " + m);
        };
    }

    private static ValuesIndices withIndices(Module m, Tensor x) {
        return switch (m) {
            case MaxPool1d p -> p.forwardWithIndices(x);
            case MaxPool2d p -> p.forwardWithIndices(x);
            case MaxPool3d p -> p.forwardWithIndices(x);
            case AdaptiveMaxPool1d p -> p.forwardWithIndices(x);
            case AdaptiveMaxPool2d p -> p.forwardWithIndices(x);
            case AdaptiveMaxPool3d p -> p.forwardWithIndices(x);
            default -> throw new IllegalArgumentException("no indices from " + m);
        };
    }

    private static Module conv(String name, JsonObject c) {
        ConvNd.Options o = ConvNd.options().stride(la(c, "stride")).dilation(la(c, "dilation")).groups(l(c, "groups"))
                .bias(b(c, "bias")).paddingMode(c.get("padding_mode").getAsString()).tensorOptions(F64);
        JsonElement p = c.get("padding");
        o = p.isJsonPrimitive() && p.getAsJsonPrimitive().isString() ? o.padding(p.getAsString()) : o.padding(la(c, "padding"));
        long in = l(c, "in_channels"), out = l(c, "out_channels");
        long[] k = la(c, "kernel_size");
        return switch (name) {
            case "Conv1d" -> new Conv1d(in, out, k[0], o);
            case "Conv2d" -> new Conv2d(in, out, k, o);
            default -> new Conv3d(in, out, k, o);
        };
    }

    private static Module convTranspose(String name, JsonObject c) {
        ConvTransposeNd.Options o = ConvTransposeNd.options().stride(la(c, "stride")).dilation(la(c, "dilation"))
                .groups(l(c, "groups")).bias(b(c, "bias")).padding(la(c, "padding")).outputPadding(la(c, "output_padding"))
                .paddingMode(c.get("padding_mode").getAsString())
                .tensorOptions(F64);
        long in = l(c, "in_channels"), out = l(c, "out_channels");
        long[] k = la(c, "kernel_size");
        return switch (name) {
            case "ConvTranspose1d" -> new ConvTranspose1d(in, out, k[0], o);
            case "ConvTranspose2d" -> new ConvTranspose2d(in, out, k, o);
            default -> new ConvTranspose3d(in, out, k, o);
        };
    }

    private static Transformer.Options transformer(JsonObject c) {
        return Transformer.options().dimFeedforward(l(c, "dim_feedforward")).dropout(d(c, "dropout"))
                .activation(c.get("activation").getAsString()).layerNormEps(d(c, "layer_norm_eps"))
                .batchFirst(b(c, "batch_first")).normFirst(b(c, "norm_first")).tensorOptions(F64);
    }

    /** An adaptive pool's output_size: a null entry (PyTorch's None) keeps that input size. */
    private static Long[] outputSize(JsonObject c) {
        JsonElement e = c.get("output_size");
        if (!e.isJsonArray()) return new Long[] {e.getAsLong()};
        JsonArray a = e.getAsJsonArray();
        Long[] v = new Long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).isJsonNull() ? null : a.get(i).getAsLong();
        return v;
    }

    private static double[] scale(JsonObject c) {
        if (!c.has("scale_factor") || c.get("scale_factor").isJsonNull()) return null;
        JsonElement e = c.get("scale_factor");
        if (!e.isJsonArray()) return new double[] {Golden.number(e)};
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = Golden.number(a.get(i));
        return v;
    }

    private static long l(JsonObject c, String k) { return c.get(k).getAsLong(); }

    private static Long ln(JsonObject c, String k) { return c.has(k) && !c.get(k).isJsonNull() ? c.get(k).getAsLong() : null; }

    private static double d(JsonObject c, String k) { return Golden.number(c.get(k)); }

    private static Double dn(JsonObject c, String k) { return c.has(k) && !c.get(k).isJsonNull() ? Golden.number(c.get(k)) : null; }

    private static boolean b(JsonObject c, String k) { return c.get(k).getAsBoolean(); }

    private static Boolean bn(JsonObject c, String k) { return c.has(k) && !c.get(k).isJsonNull() ? c.get(k).getAsBoolean() : null; }

    private static boolean bd(JsonObject c, String k, boolean dflt) { return c.has(k) ? c.get(k).getAsBoolean() : dflt; }

    /** An int or a list of ints, as a long[] (one entry for an int: the module repeats it). */
    private static long[] la(JsonObject c, String k) {
        JsonElement e = c.get(k);
        if (!e.isJsonArray()) return new long[] {e.getAsLong()};
        return longs(e.getAsJsonArray());
    }

    static long[] longs(JsonArray a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
        return v;
    }

    private static long[] lan(JsonObject c, String k) { return c.has(k) && !c.get(k).isJsonNull() ? la(c, k) : null; }
}
