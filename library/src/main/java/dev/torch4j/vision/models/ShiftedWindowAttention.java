package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;

/**
 * torchvision's {@code ShiftedWindowAttention} (Swin): multi-head self-attention within windows of
 * {@code windowSize}, the feature map cyclically shifted by {@code shiftSize} first (and the attention across the
 * wrap-around masked), plus a learned bias per relative position and head. Its buffer {@code relative_position_index}
 * holds each pair of window positions' row in the table. See {@link SwinTransformer}.
 */
public class ShiftedWindowAttention extends Module {
    /** The query, key and value projection. */
    public final Linear qkv;
    /** The output projection. */
    public final Linear proj;
    /** The learned bias table, {@code [(2 * Wh - 1) * (2 * Ww - 1), heads]} (null in V2, whose MLP gives it). */
    public final Tensor relative_position_bias_table;
    final long[] windowSize, shiftSize;
    final long numHeads;
    final double attentionDropout, dropout;

    /** {@code ShiftedWindowAttention(dim, window_size, shift_size, num_heads, qkv_bias, proj_bias, attention_dropout, dropout)}. */
    public ShiftedWindowAttention(long dim, long[] windowSize, long[] shiftSize, long numHeads, boolean qkvBias, boolean projBias,
                                  double attentionDropout, double dropout) {
        this(dim, windowSize, shiftSize, numHeads, qkvBias, projBias, attentionDropout, dropout, false);
    }

    ShiftedWindowAttention(long dim, long[] windowSize, long[] shiftSize, long numHeads, boolean qkvBias, boolean projBias,
                           double attentionDropout, double dropout, boolean v2) {
        if (windowSize.length != 2 || shiftSize.length != 2) throw new IllegalArgumentException("window_size and shift_size must be of length 2");
        this.windowSize = windowSize.clone();
        this.shiftSize = shiftSize.clone();
        this.numHeads = numHeads;
        this.attentionDropout = attentionDropout;
        this.dropout = dropout;
        this.qkv = new Linear(dim, dim * 3, qkvBias);
        this.proj = new Linear(dim, dim, projBias);
        if (v2) {
            this.relative_position_bias_table = null;
        } else {
            this.relative_position_bias_table = Parameter.of(Torch.zeros((2 * windowSize[0] - 1) * (2 * windowSize[1] - 1), numHeads));
            Init.truncNormal_(relative_position_bias_table, 0.0, 0.02, -2, 2);
        }
        // V2's coordinates come first among the buffers, as torchvision registers them
        if (v2) registerBuffer("relative_coords_table", ShiftedWindowAttentionV2.coordsTable(windowSize));
        registerBuffer("relative_position_index", relativePositionIndex(windowSize));
    }

    /** For each pair (i, j) of positions in a window, the row of their offset in the bias table. */
    static Tensor relativePositionIndex(long[] w) {
        int n = (int) (w[0] * w[1]);
        long[] idx = new long[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long dh = i / w[1] - j / w[1] + w[0] - 1, dw = i % w[1] - j % w[1] + w[1] - 1;
                idx[i * n + j] = dh * (2 * w[1] - 1) + dw;
            }
        }
        return Torch.fromArray(idx, idx.length);
    }

    /** {@code _get_relative_position_bias}: the table's rows for every pair, as {@code [1, heads, N, N]}. */
    Tensor relativePositionBias(Tensor table) {
        long n = windowSize[0] * windowSize[1];
        return table.indexSelect(0, getBuffer("relative_position_index")).view(n, n, -1).permute(2, 0, 1).contiguous().unsqueeze(0);
    }

    /** The bias added to the attention logits. */
    Tensor relativePositionBias() { return relativePositionBias(relative_position_bias_table); }

    /** The logit scale of V2's cosine attention; null here. */
    Tensor logitScale() { return null; }

    @Override
    public Tensor forward(Tensor x) {
        return shiftedWindowAttention(x, qkv.weight, proj.weight, relativePositionBias(), windowSize, numHeads, shiftSize, attentionDropout,
                dropout, qkv.bias, proj.bias, logitScale(), isTraining());
    }

    /**
     * torchvision's {@code shifted_window_attention} on {@code [B, H, W, C]}: pad to whole windows, shift, attend within
     * each window (scaled dot product, or with {@code logitScale} V2's cosine attention), unshift, unpad. The dropouts
     * apply in training only (0.14 passed no training flag; PyTorch 2.x's torchvision does).
     */
    public static Tensor shiftedWindowAttention(Tensor input, Tensor qkvWeight, Tensor projWeight, Tensor relativePositionBias,
                                                long[] window, long numHeads, long[] shiftSize, double attentionDropout, double dropout,
                                                Tensor qkvBias, Tensor projBias, Tensor logitScale, boolean training) {
        long[] s = input.shapeArray();
        long b = s[0], h = s[1], w = s[2], c = s[3];
        long padR = (window[1] - w % window[1]) % window[1], padB = (window[0] - h % window[0]) % window[0];
        Tensor x = Functional.pad(input, 0, 0, 0, padR, 0, padB);
        long ph = h + padB, pw = w + padR;
        long[] shift = shiftSize.clone();
        if (window[0] >= ph) shift[0] = 0; // a window as large as the map: nothing to shift
        if (window[1] >= pw) shift[1] = 0;
        boolean shifted = shift[0] + shift[1] > 0;
        if (shifted) x = x.roll(new long[] {-shift[0], -shift[1]}, new long[] {1, 2});
        long nW = (ph / window[0]) * (pw / window[1]), n = window[0] * window[1];
        x = x.view(b, ph / window[0], window[0], pw / window[1], window[1], c).permute(0, 1, 3, 2, 4, 5).reshape(b * nW, n, c);
        if (logitScale != null && qkvBias != null) {
            long len = qkvBias.numel() / 3; // V2 has no key bias: its middle third counts as zero
            qkvBias = Torch.cat(new Tensor[] {qkvBias.narrow(0, 0, len), Torch.zerosLike(qkvBias.narrow(0, len, len)),
                qkvBias.narrow(0, 2 * len, len)}, 0);
        }
        Tensor qkv = Functional.linear(x, qkvWeight, qkvBias).reshape(b * nW, n, 3, numHeads, c / numHeads).permute(2, 0, 3, 1, 4);
        Tensor q = qkv.select(0, 0), k = qkv.select(0, 1), v = qkv.select(0, 2);
        Tensor attn;
        if (logitScale != null) {
            attn = Functional.normalize(q, 2, -1, 1e-12).matmul(Functional.normalize(k, 2, -1, 1e-12).transpose(-2, -1));
            attn = attn.mul(logitScale.clamp(null, Math.log(100.0)).exp());
        } else {
            attn = q.mul(Math.pow(c / numHeads, -0.5)).matmul(k.transpose(-2, -1));
        }
        attn = attn.add(relativePositionBias);
        if (shifted) {
            Tensor mask = shiftMask(ph, pw, window, shift, nW).to(x.dtype());
            attn = attn.view(b, nW, numHeads, n, n).add(mask.unsqueeze(1).unsqueeze(0)).view(-1, numHeads, n, n);
        }
        attn = Functional.dropout(attn.softmax(-1), attentionDropout, training);
        x = attn.matmul(v).transpose(1, 2).reshape(b * nW, n, c);
        x = Functional.dropout(Functional.linear(x, projWeight, projBias), dropout, training);
        x = x.view(b, ph / window[0], pw / window[1], window[0], window[1], c).permute(0, 1, 3, 2, 4, 5).reshape(b, ph, pw, c);
        if (shifted) x = x.roll(new long[] {shift[0], shift[1]}, new long[] {1, 2});
        return x.narrow(1, 0, h).narrow(2, 0, w).contiguous();
    }

    /**
     * The {@code [nW, N, N]} mask of the shifted windows: -100 between positions that came from different regions of
     * the map (torchvision's three slices per axis), 0 within one.
     */
    static Tensor shiftMask(long ph, long pw, long[] window, long[] shift, long nW) {
        double[] region = new double[(int) (ph * pw)];
        long[][] hs = {{0, -window[0]}, {-window[0], -shift[0]}, {-shift[0], Long.MAX_VALUE}};
        long[][] ws = {{0, -window[1]}, {-window[1], -shift[1]}, {-shift[1], Long.MAX_VALUE}};
        int count = 0;
        for (long[] hSlice : hs) {
            for (long[] wSlice : ws) {
                // Python slices: negative bounds count from the end, and -0 is 0
                long h0 = bound(hSlice[0], ph), h1 = bound(hSlice[1], ph), w0 = bound(wSlice[0], pw), w1 = bound(wSlice[1], pw);
                for (long i = h0; i < h1; i++) for (long j = w0; j < w1; j++) region[(int) (i * pw + j)] = count;
                count++;
            }
        }
        long n = window[0] * window[1];
        Tensor m = Torch.fromArray(region, ph / window[0], window[0], pw / window[1], window[1]).permute(0, 2, 1, 3).reshape(nW, n);
        Tensor diff = m.unsqueeze(1).sub(m.unsqueeze(2));
        return Torch.zerosLike(diff).maskedFill(diff.ne(0), -100.0);
    }

    private static long bound(long v, long size) {
        if (v == Long.MAX_VALUE) return size;
        long r = v < 0 ? size + v : v;
        return Math.max(0, Math.min(size, r));
    }
}
