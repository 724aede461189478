package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code nn.TransformerEncoder(encoder_layer, num_layers, norm=None)}: {@code numLayers} deep copies of
 * {@code encoderLayer} (PyTorch's {@code _get_clones}: each starts with the layer's weights, and the layer itself is
 * not part of the stack), applied in turn, then the optional {@code norm}. State-dict keys read
 * {@code layers.0.self_attn.in_proj_weight}, ..., {@code norm.weight}.
 *
 * <pre>{@code
 * var encoder = new TransformerEncoder(new TransformerEncoderLayer(512, 8), 6, new LayerNorm(512));
 * Tensor y = encoder.forward(src, Transformer.generateSquareSubsequentMask(src.size(0)), null, true);
 * }</pre>
 */
public class TransformerEncoder extends Module {
    /** The layers, {@code layers.0} to {@code layers.<numLayers-1>}. */
    public final ModuleList layers;
    /** The final normalisation, or null. */
    public final Module norm;
    /** The {@code num_layers} argument. */
    public final int numLayers;

    /** {@code nn.TransformerEncoder(encoder_layer, num_layers)}. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) { this(encoderLayer, numLayers, null); }

    /** {@code nn.TransformerEncoder(encoder_layer, num_layers, norm)}; the norm is used as given, not copied. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, Module norm) {
        List<Module> copies = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) copies.add(new TransformerEncoderLayer(encoderLayer));
        this.layers = new ModuleList(copies);
        this.norm = norm;
        this.numLayers = numLayers;
    }

    /** Layer {@code i}. */
    public TransformerEncoderLayer layer(int i) { return (TransformerEncoderLayer) layers.get(i); }

    /** {@code encoder(src)}. */
    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null, null); }

    /**
     * {@code encoder(src, mask=None, src_key_padding_mask=None, is_causal=None)}: every layer with the same masks,
     * then the norm. {@code isCausal} is a hint that {@code mask} is causal; PyTorch's null (detect it) computes the
     * same values as false.
     */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask, Boolean isCausal) {
        Tensor kpm = Attention.canonicalMask(srcKeyPaddingMask, "src_key_padding_mask", src.dtype());
        Tensor m = Attention.canonicalMask(mask, "mask", src.dtype());
        boolean causal = Boolean.TRUE.equals(isCausal);
        Tensor x = src;
        for (Module layer : layers) x = ((TransformerEncoderLayer) layer).forward(x, m, kpm, causal);
        return norm == null ? x : norm.call(x);
    }
}
