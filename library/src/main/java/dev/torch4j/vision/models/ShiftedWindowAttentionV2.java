package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

/**
 * torchvision's {@code ShiftedWindowAttentionV2} (Swin V2): scaled cosine attention with a learned per-head logit
 * scale (clamped at log 100), and the relative position bias given by a small MLP ({@code cpb_mlp}) of log-spaced
 * relative coordinates (the buffer {@code relative_coords_table}, {@code [1, 2 * Wh - 1, 2 * Ww - 1, 2]}), squashed to
 * (0, 16). The key projection has no bias. See {@link SwinTransformer}.
 */
public final class ShiftedWindowAttentionV2 extends ShiftedWindowAttention {
    /** The per-head logit scale, {@code [heads, 1, 1]}, initially log 10. */
    public final Tensor logit_scale;
    /** Linear(2, 512), ReLU, Linear(512, heads) without bias: the bias per relative position. */
    public final Sequential cpb_mlp;

    /** {@code ShiftedWindowAttentionV2(dim, window_size, shift_size, num_heads, qkv_bias, proj_bias, attention_dropout, dropout)}. */
    public ShiftedWindowAttentionV2(long dim, long[] windowSize, long[] shiftSize, long numHeads, boolean qkvBias, boolean projBias,
                                    double attentionDropout, double dropout) {
        super(dim, windowSize, shiftSize, numHeads, qkvBias, projBias, attentionDropout, dropout, true);
        this.logit_scale = Parameter.of(Torch.ones(numHeads, 1, 1).mul(10).log());
        this.cpb_mlp = new Sequential(new Linear(2, 512, true), new ReLU(true), new Linear(512, numHeads, false));
        if (qkvBias) {
            long len = qkv.bias.numel() / 3;
            try (var ignored = Torch.noGrad()) {
                qkv.bias.narrow(0, len, len).zero_();
            }
        }
    }

    /** sign(t) * log2(|t| + 1) / 3 of the offsets scaled to [-8, 8], in float32 steps as torchvision computes them. */
    static Tensor coordsTable(long[] w) {
        int rows = (int) (2 * w[0] - 1), cols = (int) (2 * w[1] - 1);
        float[] t = new float[rows * cols * 2];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float[] v = {(float) (i - (w[0] - 1)) / (float) (w[0] - 1) * 8f, (float) (j - (w[1] - 1)) / (float) (w[1] - 1) * 8f};
                for (int k = 0; k < 2; k++) {
                    float log2 = (float) (Math.log(Math.abs(v[k]) + 1f) / Math.log(2));
                    t[(i * cols + j) * 2 + k] = Math.signum(v[k]) * log2 / 3f;
                }
            }
        }
        return Torch.fromArray(t, 1, rows, cols, 2);
    }

    @Override
    Tensor relativePositionBias() {
        return relativePositionBias(cpb_mlp.call(getBuffer("relative_coords_table")).view(-1, numHeads)).sigmoid().mul(16);
    }

    @Override
    Tensor logitScale() { return logit_scale; }
}
