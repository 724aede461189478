package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.autograd.forward_ad}: dual tensors carrying a tangent, and the Jacobian-vector products of whatever is
 * computed from them.
 * <pre>{@code
 * try (var level = ForwardAD.dualLevel()) {
 *     Tensor x = ForwardAD.makeDual(primal, tangent);
 *     Tensor y = f(x);
 *     Tensor jvp = ForwardAD.unpackDual(y).tangent();   // J_f(primal) . tangent
 * }
 * }</pre>
 * torch4j has no per-op forward derivatives: a dual tensor is a handle recorded by the autograd graph, and
 * {@link #unpackDual} computes {@code J t} with the double-backward trick ({@code J t} is the vector-Jacobian product of
 * {@code u -> J^T u}), the values forward-mode AD gives, at the cost of two backward passes per unpack. Hence two
 * differences from PyTorch: results computed from dual tensors report {@code requiresGrad()}, and grad mode must be on
 * while they are computed ({@link #makeDual} refuses otherwise).
 */
public final class ForwardAD {
    private ForwardAD() {}

    /** A primal and its tangent ({@code UnpackedDualTensor}); the tangent is null when the tensor carries none. */
    public record UnpackedDualTensor(Tensor primal, Tensor tangent) {}

    private static final ThreadLocal<DualLevel> CURRENT = new ThreadLocal<>();

    /** {@code with dual_level():} as {@code try (var l = ForwardAD.dualLevel())}; leaving it drops every tangent. */
    public static DualLevel dualLevel() {
        if (CURRENT.get() != null) throw new IllegalStateException("Nested forward mode AD is not supported at the moment");
        DualLevel l = new DualLevel();
        CURRENT.set(l);
        return l;
    }

    /**
     * {@code make_dual(tensor, tangent)}: a tensor aliasing {@code primal} that carries {@code tangent} in the current
     * level. Backward still reaches {@code primal} through it when {@code primal} requires grad.
     */
    public static Tensor makeDual(Tensor primal, Tensor tangent) {
        DualLevel l = CURRENT.get();
        if (l == null) {
            throw new IllegalStateException("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                    + "enter_dual_level() first.");
        }
        if (!(primal.dtype().isFloatingPoint() || primal.dtype().isComplex())) {
            throw new IllegalArgumentException("Expected primal to be floating point or complex, but got: " + primal.dtype());
        }
        if (!(tangent.dtype().isFloatingPoint() || tangent.dtype().isComplex())) {
            throw new IllegalArgumentException("Expected tangent to be floating point or complex, but got: " + tangent.dtype());
        }
        if (!Arrays.equals(primal.shapeArray(), tangent.shapeArray())) {
            throw new IllegalStateException("Trying to set a forward gradient that has a different size than that of the original "
                    + "Tensor, this is not supported. Tensor is of size " + Arrays.toString(primal.shapeArray()) + " while the given "
                    + "forward gradient is of size " + Arrays.toString(tangent.shapeArray()) + ".");
        }
        if (!GradMode.isEnabled()) {
            throw new IllegalStateException("make_dual: torch4j computes tangents through the autograd graph, so grad mode must be "
                    + "enabled while dual tensors are used (it is disabled here, e.g. inside noGrad())");
        }
        Tensor dual = primal.requiresGrad() ? primal.viewAs(primal) : primal.detach().requiresGrad_(true);
        l.tangents.put(dual, tangent.dtype() == primal.dtype() ? tangent : tangent.to(primal.dtype()));
        return dual;
    }

    /**
     * {@code unpack_dual(tensor)}: the tensor and its tangent in the current level, {@code J t} summed over every dual
     * tensor it was computed from; a null tangent when it depends on none (or no level is open).
     */
    public static UnpackedDualTensor unpackDual(Tensor t) {
        DualLevel l = CURRENT.get();
        if (l == null || l.tangents.isEmpty()) return new UnpackedDualTensor(t, null);
        Tensor own = l.tangents.get(t);
        if (own != null) return new UnpackedDualTensor(t, own);
        if (!t.requiresGrad() || !(t.dtype().isFloatingPoint() || t.dtype().isComplex())) return new UnpackedDualTensor(t, null);
        List<Tensor> duals = new ArrayList<>(l.tangents.keySet());
        Tensor[] gs;
        Tensor u;
        try (var g = GradMode.enableGrad()) {
            u = Torch.zerosLike(t).requiresGrad_(true);
            gs = Autograd.get().grad(new Tensor[] {t}, duals.toArray(Tensor[]::new), new Tensor[] {u}, true, true, true);
        }
        List<Tensor> ys = new ArrayList<>(), ts = new ArrayList<>();
        boolean reached = false;
        for (int k = 0; k < gs.length; k++) {
            if (gs[k] == null) continue;
            reached = true;
            if (!gs[k].requiresGrad()) continue; // J^T u does not depend on u: this path's J is zero
            ys.add(gs[k]);
            ts.add(l.tangents.get(duals.get(k)));
        }
        if (!reached) return new UnpackedDualTensor(t, null);
        if (ys.isEmpty()) return new UnpackedDualTensor(t, Torch.zerosLike(t).detach());
        Tensor jv;
        try (var g = GradMode.enableGrad()) {
            jv = Autograd.get().grad(ys.toArray(Tensor[]::new), new Tensor[] {u}, ts.toArray(Tensor[]::new), true, false, true)[0];
        }
        return new UnpackedDualTensor(t, jv == null ? Torch.zerosLike(t).detach() : jv);
    }

    /** An open dual level; closing it ({@code exit_dual_level}) forgets every tangent made in it. */
    public static final class DualLevel implements AutoCloseable {
        private final Map<Tensor, Tensor> tangents = new IdentityHashMap<>();
        private boolean closed;

        private DualLevel() {}

        @Override
        public void close() {
            if (closed) return;
            if (CURRENT.get() != this) {
                throw new IllegalStateException("Trying to exit a forward AD level that was not the last one that was created. "
                        + "This is not supported.");
            }
            closed = true;
            tangents.clear();
            CURRENT.remove();
        }
    }
}
