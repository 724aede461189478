package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.torch4j.Torch.autograd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every op of the table ({@link OpInfos}) gives the same gradients, and the same second derivatives, when its saved
 * tensors go through hooks that keep detached copies: unpacked tensors get their history back, as PyTorch's
 * SavedVariable::unpack gives it back, and in-place rewrites keep the pre-op values.
 */
class SavedTensorHooksOpTableTest {
    static Stream<OpInfo> ops() { return OpInfos.ALL.stream(); }

    private static Tensor real(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    /** A real scalar of the outputs that need a gradient (null when none does). */
    private static Tensor loss(Tensor[] outs) {
        Tensor l = null;
        for (Tensor o : outs) {
            if (o == null || !o.requiresGrad()) continue;
            Tensor s = o.isComplex() ? o.abs().sum() : o.sum();
            l = l == null ? s : l.add(s);
        }
        return l;
    }

    /** First gradients and, where the op has them, the gradients of their sum. */
    private static List<double[]> derivatives(OpInfo op, Function<Tensor[], Tensor[]> f, Tensor[] leaves, Tensor[] wrt,
                                              boolean hooks, int[] packs) {
        Tensor l;
        SavedTensorHooks.Scope scope = hooks
                ? autograd().graph().savedTensorsHooks(t -> { packs[0]++; return t.detach().clone(); }, (Tensor t) -> t)
                : null;
        try {
            l = loss(f.apply(leaves));
        } finally {
            if (scope != null) scope.close();
        }
        List<double[]> r = new ArrayList<>();
        if (l == null || wrt.length == 0) return r;
        boolean second = op.noGradGrad == null;
        Tensor[] g = autograd().grad(new Tensor[] {l}, wrt, null, second, second, true);
        for (Tensor t : g) r.add(t == null ? null : real(t).detach().toDoubleArray());
        Tensor gl = second ? loss(g) : null;
        if (gl != null) {
            for (Tensor t : autograd().grad(new Tensor[] {gl}, wrt, null, false, false, true)) {
                r.add(t == null ? null : real(t).toDoubleArray());
            }
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void sameDerivativesWithCopyingHooks(OpInfo op) {
        int[] packs = {0};
        for (int s = 0; s < op.samples.size(); s++) {
            OpInfo.Prepared p = OpInfo.prepare(op.samples.get(s), OpInfo.Layout.values()[0]);
            if (p == null) continue;
            Function<Tensor[], Tensor[]> f = leaves -> op.fn.apply(p.toOpInputs().apply(leaves));
            Tensor[] wrt = java.util.Arrays.stream(p.leaves()).filter(Tensor::requiresGrad).toArray(Tensor[]::new);
            List<double[]> plain = derivatives(op, f, p.leaves(), wrt, false, packs);
            List<double[]> hooked = derivatives(op, f, p.leaves(), wrt, true, packs);
            assertArrayEquals(plain.toArray(), hooked.toArray(), op + " sample " + s);
        }
        assumeTrue(packs[0] > 0, () -> op + " saves nothing through SavedTensor");
    }
}
