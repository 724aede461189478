package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.WeightedGoldens;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code F.multi_head_attention_forward} against PyTorch (scripts/goldens/multi_head_attention_forward_goldens.py). */
class MultiHeadAttentionForwardTest {
    private static final long E = 6, H = 2;

    private static Tensor[] both(MultiheadAttention.Result r) {
        return r.weights() == null ? new Tensor[] {r.output()} : new Tensor[] {r.output(), r.weights()};
    }

    @Test
    void matchPyTorch() {
        Map<String, Function<Tensor[], Tensor[]>> calls = new HashMap<>();
        calls.put("packed", x -> both(Functional.multiHeadAttentionForward(x[0], x[1], x[2], E, H, x[3], x[4], null, null, false, 0.0,
                x[5], x[6], false, null, true, null, false, null, null, null, null, null, true, false)));
        Tensor kpm = tensor(new boolean[][] {{false, false, true, false}, {false, true, false, false}});
        calls.put("separate_bias_kv_zero_attn", x -> both(Functional.multiHeadAttentionForward(x[0], x[1], x[2], E, H, null, x[6], x[7],
                x[8], true, 0.0, x[9], x[10], true, kpm, true, null, true, x[3], x[4], x[5], null, null, false, false)));
        calls.put("static_kv_float_mask", x -> both(Functional.multiHeadAttentionForward(x[0], x[1], x[2], E, H, x[3], null, null, null,
                false, 0.0, x[4], null, true, null, false, x[7], false, null, null, null, x[5], x[6], true, false)));
        Tensor mask = tensor(new boolean[][] {{false, true, true}, {false, false, true}, {false, false, false}});
        calls.put("unbatched_self", x -> both(Functional.multiHeadAttentionForward(x[0], x[0], x[0], E, H, x[1], x[2], null, null, false,
                0.0, x[3], x[4], true, null, true, mask, false, null, null, null, null, null, true, false)));
        WeightedGoldens.check("multi_head_attention_forward", calls, 1e-10, 1e-12);
    }

    /** The module is the function over its parameters; batch_first reads [N, L, E] as the transposed sequence-first input. */
    @Test
    void moduleIsTheFunction() {
        manualSeed(3);
        var m = new MultiheadAttention(E, H, MultiheadAttention.options().batchFirst(true).addBiasKv(true).kdim(4)
                .tensorOptions(dtype(DType.FLOAT64)));
        Tensor q = randn(shape(2, 3, E), dtype(DType.FLOAT64)), k = randn(shape(2, 5, 4), dtype(DType.FLOAT64)), v = randn(shape(2, 5, E), dtype(DType.FLOAT64));
        var viaModule = m.forward(q, k, v, null, true, null, false, false);
        var viaFunction = Functional.multiHeadAttentionForward(q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1), E, H, null,
                m.inProjBias(), m.biasK(), m.biasV(), false, 0.0, m.outProj().weight, m.outProj().bias, true, null, true, null, true,
                m.qProjWeight(), m.kProjWeight(), m.vProjWeight(), null, null, false, false);
        Golden.assertClose(viaFunction.output().transpose(0, 1), viaModule.output(), 1e-12, 1e-12, "output");
        Golden.assertClose(viaFunction.weights(), viaModule.weights(), 1e-12, 1e-12, "weights");
    }

    @Test
    void pyTorchsErrors() {
        Tensor q = randn(3, 2, E), w = randn(3 * E, E), ow = randn(E, E), s = randn(4, 4, 3), b = randn(1, 1, E);
        assertEquals("was expecting embedding dimension of 8, but got 6", assertThrows(IllegalArgumentException.class,
                () -> Functional.multiHeadAttentionForward(q, q, q, 8, H, w, null, null, null, false, 0.0, ow, null)).getMessage());
        assertEquals("embed_dim 6 not divisible by num_heads 4", assertThrows(IllegalArgumentException.class,
                () -> Functional.multiHeadAttentionForward(q, q, q, E, 4, w, null, null, null, false, 0.0, ow, null)).getMessage());
        assertEquals("use_separate_proj_weight is False but in_proj_weight is None", assertThrows(IllegalArgumentException.class,
                () -> Functional.multiHeadAttentionForward(q, q, q, E, H, null, null, null, null, false, 0.0, ow, null)).getMessage());
        assertEquals("bias cannot be added to static key.", assertThrows(IllegalArgumentException.class,
                () -> Functional.multiHeadAttentionForward(q, q, q, E, H, w, null, b, b, false, 0.0, ow, null, true, null, true, null,
                        false, null, null, null, s, null, true, false)).getMessage());
        assertEquals("expecting static_k.size(0) of 4, but got 3", assertThrows(IllegalArgumentException.class,
                () -> Functional.multiHeadAttentionForward(q, q, q, E, H, w, null, null, null, false, 0.0, ow, null, true, null, true, null,
                        false, null, null, null, randn(3, 4, 3), null, true, false)).getMessage());
        assertNull(Functional.multiHeadAttentionForward(q, q, q, E, H, w, null, null, null, false, 0.0, ow, null, true, null, false, null,
                false, null, null, null, null, null, true, false).weights());
    }
}
