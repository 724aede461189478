package dev.torch4j.vision.models.video;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.Sequential;

import java.util.function.LongFunction;

import static dev.torch4j.Torch.*;

/**
 * torchvision's {@code MultiscaleAttention}: multi-head attention whose queries, keys and values are pooled (depthwise
 * 3-d convolutions and a norm over the token volume, the class token kept aside), with MViTv2's options: the pooled
 * queries added back ({@code residual_pool}, with or without the class token) and decomposed relative position
 * embeddings over time, height and width ({@code rel_pos_embed}).
 */
public class MultiscaleAttention extends Module {
    /** The relative position embeddings ({@code rel_pos_embed}), or null. */
    public Tensor rel_pos_h, rel_pos_w, rel_pos_t;
    /** The queries', keys' and values' projection in one. */
    public final Linear qkv;
    /** The output projection (and dropout when it is above zero). */
    public final Sequential project;
    /** The pools of the queries, keys and values, or null where the kernel and stride are 1. */
    public final Pool pool_q, pool_k, pool_v;

    /** The input and output widths, the head count and each head's width. */
    public final long embedDim, outputDim, numHeads, headDim;
    private final double scaler;
    private final boolean residualPool, residualWithClsEmbed;

    /** {@code MultiscaleAttention(input_size, embed_dim, output_dim, num_heads, kernel_q, kernel_kv, stride_q, stride_kv, ...)}. */
    public MultiscaleAttention(long[] inputSize, long embedDim, long outputDim, long numHeads, long[] kernelQ, long[] kernelKv, long[] strideQ,
                               long[] strideKv, boolean residualPool, boolean residualWithClsEmbed, boolean relPosEmbed, double dropout,
                               LongFunction<Module> normLayer) {
        this.embedDim = embedDim;
        this.outputDim = outputDim;
        this.numHeads = numHeads;
        this.headDim = outputDim / numHeads;
        this.scaler = 1.0 / Math.sqrt(headDim);
        this.residualPool = residualPool;
        this.residualWithClsEmbed = residualWithClsEmbed;
        qkv = new Linear(embedDim, 3 * outputDim);
        project = dropout > 0 ? new Sequential(new Linear(outputDim, outputDim), new Dropout(dropout, true)) : new Sequential(new Linear(outputDim, outputDim));
        pool_q = prod(kernelQ) > 1 || prod(strideQ) > 1 ? pool(kernelQ, strideQ, normLayer) : null;
        if (prod(kernelKv) > 1 || prod(strideKv) > 1) {
            pool_k = pool(kernelKv, strideKv, normLayer);
            pool_v = pool(kernelKv, strideKv, normLayer);
        } else {
            pool_k = pool_v = null;
        }
        if (relPosEmbed) {
            long size = Math.max(inputSize[1], inputSize[2]);
            long qSize = strideQ.length > 0 ? size / strideQ[1] : size, kvSize = strideKv.length > 0 ? size / strideKv[1] : size;
            long spatial = 2 * Math.max(qSize, kvSize) - 1, temporal = 2 * inputSize[0] - 1;
            rel_pos_h = Parameter.of(zeros(spatial, headDim));
            Init.truncNormal_(rel_pos_h, 0, 0.02, -2, 2);
            rel_pos_w = Parameter.of(zeros(spatial, headDim));
            Init.truncNormal_(rel_pos_w, 0, 0.02, -2, 2);
            rel_pos_t = Parameter.of(zeros(temporal, headDim));
            Init.truncNormal_(rel_pos_t, 0, 0.02, -2, 2);
        }
    }

    static long prod(long[] v) {
        long p = 1;
        for (long x : v) p *= x;
        return p;
    }

    private Pool pool(long[] kernel, long[] stride, LongFunction<Module> normLayer) {
        long[] padding = new long[kernel.length];
        for (int i = 0; i < kernel.length; i++) padding[i] = kernel[i] / 2;
        Conv3d conv = new Conv3d(headDim, headDim, kernel, Conv3d.options().stride(stride).padding(padding).groups(headDim).bias(false));
        return new Pool(conv, normLayer.apply(headDim), null, false);
    }

    /** The attended tokens {@code (B, 1 + T'*H'*W', output_dim)} and the queries' pooled {@code (T', H', W')}. */
    public Pool.Pooled forward(Tensor x, long[] thw) {
        long b = x.size(0), n = x.size(1);
        Tensor[] qkvs = qkv.call(x).reshape(b, n, 3, numHeads, headDim).transpose(1, 3).unbind(2);
        Tensor q = qkvs[0], k = qkvs[1], v = qkvs[2];
        long[] kThw = thw;
        if (pool_k != null) {
            Pool.Pooled p = pool_k.forward(k, thw);
            k = p.x();
            kThw = p.thw();
        }
        if (pool_v != null) v = pool_v.forward(v, thw).x();
        if (pool_q != null) {
            Pool.Pooled p = pool_q.forward(q, thw);
            q = p.x();
            thw = p.thw();
        }
        Tensor attn = matmul(q.mul(scaler), k.transpose(2, 3));
        if (rel_pos_h != null) attn = addRelPos(attn, q, thw, kThw, rel_pos_h, rel_pos_w, rel_pos_t);
        attn = attn.softmax(-1);
        x = matmul(attn, v);
        if (residualPool) {
            // torchvision adds in place (to every token, or past the class token)
            if (residualWithClsEmbed) x = x.add(q);
            else x = cat(new Tensor[] {x.narrow(2, 0, 1), x.narrow(2, 1, x.size(2) - 1).add(q.narrow(2, 1, q.size(2) - 1))}, 2);
        }
        x = x.transpose(1, 2).reshape(b, -1, outputDim);
        return new Pool.Pooled(project.call(x), thw);
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("MultiscaleAttention takes the tokens and their (T, H, W): forward(x, thw)");
    }

    /** torchvision's {@code _add_rel_pos}: the decomposed relative position terms added to the scores of the non-class tokens. */
    static Tensor addRelPos(Tensor attn, Tensor q, long[] qThw, long[] kThw, Tensor relPosH, Tensor relPosW, Tensor relPosT) {
        long qt = qThw[0], qh = qThw[1], qw = qThw[2], kt = kThw[0], kh = kThw[1], kw = kThw[2];
        Tensor rh = interpolate(relPosH, 2 * Math.max(qh, kh) - 1).index(distance(qh, kh));
        Tensor rw = interpolate(relPosW, 2 * Math.max(qw, kw) - 1).index(distance(qw, kw));
        Tensor rt = interpolate(relPosT, 2 * Math.max(qt, kt) - 1).index(distance(qt, kt));
        long b = q.size(0), heads = q.size(1), dim = q.size(3);
        Tensor rq = q.narrow(2, 1, q.size(2) - 1).reshape(b, heads, qt, qh, qw, dim);
        Tensor relH = einsum("bythwc,hkc->bythwk", rq, rh);
        Tensor relW = einsum("bythwc,wkc->bythwk", rq, rw);
        Tensor rqt = rq.permute(2, 0, 1, 3, 4, 5).reshape(qt, b * heads * qh * qw, dim);
        Tensor relT = matmul(rqt, rt.transpose(1, 2)).transpose(0, 1).reshape(b, heads, qh, qw, qt, kt).permute(0, 1, 4, 2, 3, 5);
        Tensor rel = relH.reshape(b, heads, qt, qh, qw, 1, kh, 1).add(relW.reshape(b, heads, qt, qh, qw, 1, 1, kw))
                .add(relT.reshape(b, heads, qt, qh, qw, kt, 1, 1)).reshape(b, heads, qt * qh * qw, kt * kh * kw);
        // torchvision adds in place to attn[:, :, 1:, 1:]: the same sums, with zeros padded in for the class token
        return attn.add(Functional.pad(rel, 1, 0, 1, 0));
    }

    /**
     * The embedding row of each (query, key) pair: {@code q * max(k/q, 1) - (k_idx + 1 - k) * max(q/k, 1)}, truncated,
     * computed in float32 as torchvision's tensors do.
     */
    private static Tensor distance(long q, long k) {
        float qRatio = (float) Math.max((double) k / q, 1.0), kRatio = (float) Math.max((double) q / k, 1.0);
        long[] d = new long[(int) (q * k)];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < k; j++) d[(int) (i * k + j)] = (long) ((float) i * qRatio - (float) ((float) j + (float) (1.0 - k)) * kRatio);
        }
        return fromArray(d, q, k);
    }

    /** torchvision's {@code _interpolate}: the embedding linearly resized to {@code d} rows when it has another count. */
    private static Tensor interpolate(Tensor embedding, long d) {
        if (embedding.size(0) == d) return embedding;
        return Functional.interpolate(embedding.permute(1, 0).unsqueeze(0), new long[] {d}, "linear").squeeze(0).permute(1, 0);
    }
}
