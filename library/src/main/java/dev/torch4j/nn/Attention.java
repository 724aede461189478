package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.ScalarConversion;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.AutocastMode;

import java.util.Arrays;

/**
 * The attention math shared by {@link Functional#scaledDotProductAttention} and {@link MultiheadAttention}, built
 * from differentiable ops (matmul, masked_fill, softmax, dropout), so autograd, double backward and CUDA come
 * with them.
 */
final class Attention {
    private Attention() {}

    /**
     * {@code softmax(q k^T * scale + mask) v} over the last two dims of {@code q [..., L, E]}, {@code k [..., S, E]},
     * {@code v [..., S, Ev]} (batch dims broadcast). {@code mask} is null, bool (true = take part) or floating
     * (added); {@code causal} masks keys after the query's position (top-left aligned). With {@code safeRows}, rows
     * whose every key is masked give zeros instead of NaN (PyTorch 2.5+'s SDPA; MultiheadAttention's weights path
     * keeps the plain softmax and its NaN). The weights, when asked for, are those after dropout.
     */
    static MultiheadAttention.Result attend(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale,
                                            double dropoutP, boolean safeRows, boolean needWeights) {
        Tensor scores = q.mul(scale).matmul(k.mT());
        Tensor dead = null;
        if (causal) {
            long len = q.size(-2), src = k.size(-2);
            Tensor pos = Torch.arange(0, Math.max(len, src), 1, Torch.device(q.device()));
            Tensor after = pos.narrow(0, 0, src).unsqueeze(0).gt(pos.narrow(0, 0, len).unsqueeze(1));
            scores = scores.maskedFill(after, Double.NEGATIVE_INFINITY);
        }
        if (mask != null && mask.dtype() == DType.BOOL) {
            Tensor masked = mask.logicalNot();
            scores = scores.maskedFill(masked, Double.NEGATIVE_INFINITY);
            if (safeRows) dead = masked.all(-1, true);
        } else if (mask != null) {
            scores = scores.add(mask.dtype() == scores.dtype() ? mask : mask.to(scores.dtype()));
            if (safeRows) dead = mask.eq(Double.NEGATIVE_INFINITY).all(-1, true);
        }
        Tensor attn;
        // on the CPU a look at the mask skips two passes when no row is dead; on a GPU that look would be a device
        // sync per call, so there the two masked fills always run (they leave live rows unchanged)
        if (dead != null && (!q.device().isCpu() || dead.any().itemBool())) {
            // PyTorch's _safe_softmax: the softmax of a finite row, then zeros, so the row's gradient is zero, not NaN
            attn = scores.maskedFill(dead, 0.0).softmax(-1).maskedFill(dead, 0.0);
        } else {
            attn = scores.softmax(-1);
        }
        if (dropoutP > 0) attn = Functional.dropout(attn, dropoutP, true);
        return new MultiheadAttention.Result(attn.matmul(v), needWeights ? attn : null);
    }

    private static String name(DType d) { return ScalarConversion.cppName(d); }

    /** {@code F.scaled_dot_product_attention} after PyTorch's input checks (dtypes named as c10 prints them). */
    static Tensor sdpa(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal, Double scale) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.SDPA, a -> sdpa(a[0], a[1], a[2], a[3], dropoutP, isCausal, scale),
                    q, k, v, attnMask);
        }
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
            throw new IllegalArgumentException("scaled_dot_product_attention: Expected query, key, and value to all be at least "
                    + "2 dimensional, but got query.dim: " + q.dim() + " key.dim: " + k.dim() + " and value.dim: " + v.dim() + " instead.");
        }
        if (q.dtype() != k.dtype() || q.dtype() != v.dtype()) {
            throw new IllegalArgumentException("scaled_dot_product_attention: Expected query, key, and value to have the same dtype, "
                    + "but got query.dtype: " + name(q.dtype()) + " key.dtype: " + name(k.dtype())
                    + " and value.dtype: " + name(v.dtype()) + " instead.");
        }
        if (!q.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("scaled_dot_product_attention: Expected floating query, key and value, got "
                    + name(q.dtype()));
        }
        if (!q.device().equals(k.device()) || !q.device().equals(v.device())) {
            throw new IllegalArgumentException("scaled_dot_product_attention: Expected query, key, and value to have the same device "
                    + "type, but got query.device: " + q.device() + " key.device: " + k.device() + " and value.device: "
                    + v.device() + " instead.");
        }
        if (q.size(-1) != k.size(-1) || k.size(-2) != v.size(-2)) {
            throw new IllegalArgumentException("scaled_dot_product_attention: expected query [..., L, E], key [..., S, E] and value "
                    + "[..., S, Ev], got query " + Shapes.str(q.shapeArray()) + ", key " + Shapes.str(k.shapeArray())
                    + " and value " + Shapes.str(v.shapeArray()));
        }
        if (attnMask != null) {
            if (isCausal) {
                throw new IllegalArgumentException("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
            }
            if (attnMask.dtype() != DType.BOOL && !attnMask.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("scaled_dot_product_attention: Expected attn_mask dtype to be bool or float or to "
                        + "match query dtype, but got attn_mask.dtype: " + name(attnMask.dtype()) + " and query.dtype: "
                        + name(q.dtype()) + " instead.");
            }
        }
        if (dropoutP < 0 || dropoutP > 1) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + dropoutP);
        }
        double s = scale != null ? scale : 1 / Math.sqrt(q.size(-1));
        return attend(q, k, v, attnMask, isCausal, s, dropoutP, true, false).output();
    }

    // ---------------------------------------------------------------- nn.MultiheadAttention

    /**
     * The arguments of PyTorch 2.x's {@code F.multi_head_attention_forward} after query, key and value, in its order
     * (null for None), plus the layout: {@code batchFirst} reads and writes {@code [N, L, E]} directly, as
     * {@code nn.MultiheadAttention(batch_first=True)} does without PyTorch's transposes.
     */
    record MhaArgs(long embedDimToCheck, long numHeads, Tensor inProjWeight, Tensor inProjBias, Tensor biasK, Tensor biasV,
                   boolean addZeroAttn, double dropoutP, Tensor outProjWeight, Tensor outProjBias, boolean training,
                   Tensor keyPaddingMask, boolean needWeights, Tensor attnMask, boolean useSeparateProjWeight,
                   Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight, Tensor staticK, Tensor staticV,
                   boolean averageAttnWeights, boolean isCausal, boolean batchFirst) {}

    /**
     * PyTorch 2.x's {@code F.multi_head_attention_forward}, computed in {@code [N, H, L, hd]} head layout straight
     * from either input layout (no transposes of the inputs): the projections are split into heads as views, the
     * masks become one float mask broadcast over heads, and the output is projected back into the input's layout.
     */
    static MultiheadAttention.Result multiHeadAttentionForward(Tensor query, Tensor key, Tensor value, MhaArgs a) {
        long h = a.numHeads();
        boolean batched = shapeCheck(query, key, value, a.keyPaddingMask(), a.attnMask(), h);
        DType dt = query.dtype();
        Tensor kpm = canonicalMask(a.keyPaddingMask(), "key_padding_mask", dt);
        if (a.isCausal() && a.attnMask() == null) {
            throw new IllegalArgumentException("Need attn_mask if specifying the is_causal hint. You may use the Transformer "
                    + "module method `generate_square_subsequent_mask` to create this mask.");
        }
        // as in 2.x, the hint replaces the mask only where SDPA can apply it alone (no padding mask, no weights)
        boolean causal = a.isCausal() && kpm == null && !a.needWeights();
        Tensor mask = causal ? null : canonicalMask(a.attnMask(), "attn_mask", dt);

        // an unbatched input is a batch of one in front
        boolean bf = a.batchFirst() || !batched;
        Tensor q = batched ? query : query.unsqueeze(0), k = batched ? key : key.unsqueeze(0), v = batched ? value : value.unsqueeze(0);
        if (kpm != null && !batched) kpm = kpm.unsqueeze(0);
        int bd = bf ? 0 : 1, sd = bf ? 1 : 0;
        long n = q.size(bd), len = q.size(sd), src = k.size(sd), e = q.size(2);
        if (e != a.embedDimToCheck()) {
            throw new IllegalArgumentException("was expecting embedding dimension of " + a.embedDimToCheck() + ", but got " + e);
        }
        long hd = e / h;
        if (hd * h != e) throw new IllegalArgumentException("embed_dim " + e + " not divisible by num_heads " + h);
        if (!a.useSeparateProjWeight() && !key.shape().equals(value.shape())) {
            throw new IllegalArgumentException("key shape " + key.shape() + " does not match value shape " + value.shape());
        }
        if (a.useSeparateProjWeight() && (k.size(0) != v.size(0) || k.size(1) != v.size(1))) {
            throw new IllegalArgumentException("key's sequence and batch dims " + Shapes.str(new long[] {k.size(0), k.size(1)})
                    + " do not match value's " + Shapes.str(new long[] {v.size(0), v.size(1)}));
        }
        if (k.size(bd) != n) {
            throw new IllegalArgumentException("MultiheadAttention: query has batch size " + n + " but key has " + k.size(bd)
                    + " (query " + Shapes.str(query.shapeArray()) + ", key " + Shapes.str(key.shapeArray())
                    + (bf ? ", batch_first=True)" : ", batch_first=False)"));
        }
        long[] kv = checkProjections(a);
        if (k.size(2) != kv[0] || v.size(2) != kv[1]) {
            throw new IllegalArgumentException("MultiheadAttention: expected key with " + kv[0] + " features (kdim) and value with "
                    + kv[1] + " (vdim), got key " + Shapes.str(key.shapeArray()) + " and value " + Shapes.str(value.shapeArray()));
        }
        if (mask != null) {
            long[] want = mask.dim() == 2 ? new long[] {len, src} : new long[] {n * h, len, src};
            if (mask.dim() != 2 && mask.dim() != 3) {
                throw new IllegalArgumentException("attn_mask's dimension " + mask.dim() + " is not supported");
            }
            if (!Arrays.equals(mask.shapeArray(), want)) {
                throw new IllegalArgumentException("The shape of the " + mask.dim() + "D attn_mask is " + Shapes.str(mask.shapeArray())
                        + ", but should be " + Shapes.str(want) + ".");
            }
        }

        Tensor[] qkv = project(query, key, value, q, k, v, a, h, hd);
        Tensor qh = heads(qkv[0], bf), kh = heads(qkv[1], bf), vh = heads(qkv[2], bf);
        if (a.biasK() != null && a.biasV() != null) {
            if (a.staticK() != null) throw new IllegalArgumentException("bias cannot be added to static key.");
            if (a.staticV() != null) throw new IllegalArgumentException("bias cannot be added to static value.");
            kh = Torch.cat(new Tensor[] {kh, headRow(a.biasK(), n, h, hd)}, 2);
            vh = Torch.cat(new Tensor[] {vh, headRow(a.biasV(), n, h, hd)}, 2);
            mask = padKey(mask);
            kpm = padKey(kpm);
        } else if (a.biasK() != null || a.biasV() != null) {
            throw new IllegalArgumentException("bias_k and bias_v must be given together");
        }
        if (a.staticK() != null) kh = staticHeads("static_k", a.staticK(), n, h, hd);
        if (a.staticV() != null) vh = staticHeads("static_v", a.staticV(), n, h, hd);
        if (a.addZeroAttn()) {
            Tensor zero = Torch.zeros(Torch.shape(n, h, 1, hd), Torch.dtype(kh.dtype()).device(kh.device()));
            kh = Torch.cat(new Tensor[] {kh, zero}, 2);
            vh = Torch.cat(new Tensor[] {vh, zero.to(vh.dtype())}, 2);
            mask = padKey(mask);
            kpm = padKey(kpm);
        }
        long keys = kh.size(2);
        if (mask != null && mask.dim() == 3) mask = mask.reshape(n, h, len, keys);
        if (kpm != null) {
            if (kpm.size(0) != n || kpm.size(1) != keys) {
                throw new IllegalArgumentException("expecting key_padding_mask shape of " + Shapes.str(new long[] {n, keys})
                        + ", but got " + Shapes.str(kpm.shapeArray()));
            }
            Tensor perKey = kpm.reshape(n, 1, 1, keys);
            mask = mask == null ? perKey : mask.add(perKey);
        }

        double p = a.training() ? a.dropoutP() : 0.0;
        MultiheadAttention.Result r = attend(qh, kh, vh, mask, causal, 1 / Math.sqrt(hd), p, !a.needWeights(), a.needWeights());
        Tensor out = bf ? r.output().permute(0, 2, 1, 3) : r.output().permute(2, 0, 1, 3);
        out = out.reshape(out.size(0), out.size(1), e);
        out = Functional.linear(out, a.outProjWeight(), a.outProjBias());
        Tensor weights = r.weights();
        if (weights != null && a.averageAttnWeights()) weights = weights.mean(1);
        if (!batched) {
            out = out.squeeze(0);
            if (weights != null) weights = weights.squeeze(0);
        }
        return new MultiheadAttention.Result(out, weights);
    }

    /** PyTorch's checks that the projection weights it will use are given; returns the features key and value must have. */
    private static long[] checkProjections(MhaArgs a) {
        if (!a.useSeparateProjWeight()) {
            if (a.inProjWeight() == null) throw new IllegalArgumentException("use_separate_proj_weight is False but in_proj_weight is None");
            return new long[] {a.inProjWeight().size(1), a.inProjWeight().size(1)};
        }
        if (a.qProjWeight() == null) throw new IllegalArgumentException("use_separate_proj_weight is True but q_proj_weight is None");
        if (a.kProjWeight() == null) throw new IllegalArgumentException("use_separate_proj_weight is True but k_proj_weight is None");
        if (a.vProjWeight() == null) throw new IllegalArgumentException("use_separate_proj_weight is True but v_proj_weight is None");
        return new long[] {a.kProjWeight().size(1), a.vProjWeight().size(1)};
    }

    /** static_k or static_v {@code [N * H, S, hd]} (batch-major rows, as PyTorch splits them) as {@code [N, H, S, hd]}. */
    private static Tensor staticHeads(String name, Tensor s, long n, long h, long hd) {
        if (s.size(0) != n * h) throw new IllegalArgumentException("expecting " + name + ".size(0) of " + n * h + ", but got " + s.size(0));
        if (s.size(2) != hd) throw new IllegalArgumentException("expecting " + name + ".size(2) of " + hd + ", but got " + s.size(2));
        return s.view(n, h, s.size(1), hd);
    }

    /**
     * The query, key and value projections as {@code [d0, d1, H, hd]} (the input's two leading dims): with the packed
     * weight, one matmul for self-attention and one for key and value when they are the same tensor (PyTorch's
     * {@code _in_projection_packed}), three otherwise; with separate weights, three.
     */
    private static Tensor[] project(Tensor query, Tensor key, Tensor value, Tensor q, Tensor k, Tensor v, MhaArgs a, long h, long hd) {
        long e = h * hd;
        Tensor b = a.inProjBias();
        if (!a.useSeparateProjWeight()) {
            Tensor w = a.inProjWeight();
            if (query == key && key == value) return split(Functional.linear(q, w, b), 3, h, hd);
            if (key == value) {
                long[] sizes = {e, 2 * e};
                Tensor[] ws = w.split(sizes), bs = b == null ? new Tensor[2] : b.split(sizes);
                Tensor[] kv = split(Functional.linear(k, ws[1], bs[1]), 2, h, hd);
                return new Tensor[] {split(Functional.linear(q, ws[0], bs[0]), 1, h, hd)[0], kv[0], kv[1]};
            }
        }
        Tensor[] ws = a.useSeparateProjWeight() ? new Tensor[] {a.qProjWeight(), a.kProjWeight(), a.vProjWeight()} : a.inProjWeight().chunk(3);
        Tensor[] bs = b == null ? new Tensor[3] : b.chunk(3);
        return new Tensor[] {split(Functional.linear(q, ws[0], bs[0]), 1, h, hd)[0], split(Functional.linear(k, ws[1], bs[1]), 1, h, hd)[0],
                split(Functional.linear(v, ws[2], bs[2]), 1, h, hd)[0]};
    }

    /**
     * {@code [d0, d1, parts * E]} as {@code parts} views {@code [d0, d1, H, hd]}: one unbind, whose backward stacks
     * the parts' gradients (a select per part would give each a full-size zero-padded gradient, then sum them).
     */
    private static Tensor[] split(Tensor x, int parts, long h, long hd) {
        return x.view(x.size(0), x.size(1), parts, h, hd).unbind(2);
    }

    /** {@code [N, L, H, hd]} (batch first) or {@code [L, N, H, hd]} as the view {@code [N, H, L, hd]}. */
    private static Tensor heads(Tensor x, boolean batchFirst) {
        return batchFirst ? x.permute(0, 2, 1, 3) : x.permute(1, 2, 0, 3);
    }

    /** bias_k or bias_v {@code [1, 1, E]} as one more key row per head: {@code [N, H, 1, hd]} (expanded). */
    private static Tensor headRow(Tensor bias, long n, long h, long hd) {
        return bias.view(1, 1, h, hd).permute(0, 2, 1, 3).expand(n, h, 1, hd);
    }

    /** A float mask with a zero (attend) column for one more key; null stays null. */
    private static Tensor padKey(Tensor mask) { return mask == null ? null : Functional.pad(mask, 0, 1); }

    /** PyTorch's {@code _canonical_mask}: a bool mask (true = masked) as a float mask of -inf and 0; a float mask as is. */
    static Tensor canonicalMask(Tensor mask, String name, DType dtype) {
        if (mask == null) return null;
        if (mask.dtype() == DType.BOOL) {
            return Torch.zeros(mask.shape(), Torch.dtype(dtype).device(mask.device())).maskedFill(mask, Double.NEGATIVE_INFINITY);
        }
        if (!mask.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only bool and floating types of " + name + " are supported");
        }
        return mask;
    }

    /** PyTorch's {@code _mha_shape_check}: true for batched (3-D) input, false for unbatched (2-D). */
    private static boolean shapeCheck(Tensor query, Tensor key, Tensor value, Tensor kpm, Tensor mask, long heads) {
        if (query.dim() == 3) {
            if (key.dim() != 3 || value.dim() != 3) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                        + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (kpm != null && kpm.dim() != 2) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                        + "found " + kpm.dim() + "-D tensor instead");
            }
            if (mask != null && mask.dim() != 2 && mask.dim() != 3) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                        + "found " + mask.dim() + "-D tensor instead");
            }
            return true;
        }
        if (query.dim() == 2) {
            if (key.dim() != 2 || value.dim() != 2) {
                throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                        + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (kpm != null && kpm.dim() != 1) {
                throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but "
                        + "found " + kpm.dim() + "-D tensor instead");
            }
            if (mask != null) {
                if (mask.dim() != 2 && mask.dim() != 3) {
                    throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                            + "found " + mask.dim() + "-D tensor instead");
                }
                long[] want = {heads, query.size(0), key.size(0)};
                if (mask.dim() == 3 && !Arrays.equals(mask.shapeArray(), want)) {
                    throw new IllegalArgumentException("Expected `attn_mask` shape to be " + Shapes.str(want) + " but got "
                            + Shapes.str(mask.shapeArray()));
                }
            }
            return false;
        }
        throw new IllegalArgumentException("query should be unbatched 2D or batched 3D tensor but received " + query.dim()
                + "-D query tensor");
    }
}
