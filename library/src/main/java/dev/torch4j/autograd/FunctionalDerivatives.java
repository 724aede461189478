package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code torch.autograd.functional}: Jacobians, Hessians and vector products of a function of tensors, built from
 * {@link Autograd#grad} (one backward per output element for the Jacobian, as PyTorch's {@code vectorize=False};
 * the double-backward trick for the forward-mode products).
 */
final class FunctionalDerivatives {
    private FunctionalDerivatives() {}

    private static Tensor[] leaves(Tensor[] xs) {
        Tensor[] r = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) r[i] = xs[i].detach().requiresGrad_(true);
        return r;
    }

    private static Tensor zerosOr(Tensor g, Tensor like) { return g != null ? g : Torch.zerosLike(like); }

    /** d out / d x_k for each input: shapes {@code out.shape + x_k.shape}. */
    static Tensor[] jacobian(Function<Tensor[], Tensor> f, Tensor[] xs, boolean createGraph) {
        Tensor[] in = createGraph ? requireAll(xs) : leaves(xs);
        Tensor y;
        try (var g = GradMode.enableGrad()) {
            y = f.apply(in);
        }
        Tensor flat = y.reshape(-1);
        long n = flat.numel();
        List<List<Tensor>> rows = new ArrayList<>();
        for (Tensor ignored : in) rows.add(new ArrayList<>());
        for (long i = 0; i < n; i++) {
            Tensor[] gs;
            if (!flat.requiresGrad()) {
                gs = new Tensor[in.length];
            } else {
                try (var g = GradMode.enableGrad()) {
                    gs = Autograd.get().grad(new Tensor[] {flat.get(i)}, in, null, true, createGraph, true);
                }
            }
            for (int k = 0; k < in.length; k++) rows.get(k).add(zerosOr(gs[k], in[k]));
        }
        Tensor[] out = new Tensor[in.length];
        for (int k = 0; k < in.length; k++) {
            long[] shape = concat(y.shapeArray(), in[k].shapeArray());
            out[k] = n == 0 ? Torch.zeros(dev.torch4j.Size.of(shape), Torch.dtype(in[k].dtype()))
                    : Torch.stack(rows.get(k), 0).reshape(shape);
            if (!createGraph) out[k] = out[k].detach();
        }
        return out;
    }

    private static Tensor[] requireAll(Tensor[] xs) {
        Tensor[] r = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) r[i] = xs[i].requiresGrad() ? xs[i] : xs[i].detach().requiresGrad_(true);
        return r;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The Hessian of a scalar function of one tensor: {@code x.shape + x.shape}. */
    static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
        Function<Tensor[], Tensor> gradient = in -> {
            Tensor y = f.apply(in[0]);
            checkScalar("hessian", y);
            Tensor g = Autograd.get().grad(new Tensor[] {y}, in, null, true, true, true)[0];
            return g == null ? Torch.zerosLike(in[0]) : g;
        };
        return jacobian(gradient, new Tensor[] {x}, false)[0];
    }

    private static void checkScalar(String op, Tensor y) {
        if (y.numel() != 1) {
            throw new IllegalArgumentException("The Tensor returned by the function given to " + op + " should contain a single element");
        }
    }

    /** {@code (f(x), v^T J)}. */
    static Tensor[] vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor in = x.detach().requiresGrad_(true), y;
        try (var g = GradMode.enableGrad()) {
            y = f.apply(in);
        }
        Tensor gv = v == null ? null : v;
        if (gv == null) checkScalar("vjp", y);
        Tensor g = y.requiresGrad() ? Autograd.get().grad(new Tensor[] {y}, new Tensor[] {in}, new Tensor[] {gv}, false, false, true)[0] : null;
        return new Tensor[] {y.detach(), zerosOr(g, in)};
    }

    /** {@code (f(x), J v)}: the double-backward trick (the gradient of {@code u^T J} with respect to u, along v). */
    static Tensor[] jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor in = x.detach().requiresGrad_(true), y;
        try (var g = GradMode.enableGrad()) {
            y = f.apply(in);
            if (!y.requiresGrad()) return new Tensor[] {y.detach(), Torch.zerosLike(y)};
            Tensor u = Torch.zerosLike(y).requiresGrad_(true);
            Tensor uj = Autograd.get().grad(new Tensor[] {y}, new Tensor[] {in}, new Tensor[] {u}, true, true, true)[0];
            if (uj == null || !uj.requiresGrad()) return new Tensor[] {y.detach(), Torch.zerosLike(y)};
            Tensor jv = Autograd.get().grad(new Tensor[] {uj}, new Tensor[] {u}, new Tensor[] {v}, false, false, true)[0];
            return new Tensor[] {y.detach(), zerosOr(jv, y)};
        }
    }

    /** {@code (f(x), H v)} for a scalar function. */
    static Tensor[] hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor in = x.detach().requiresGrad_(true), y;
        try (var g = GradMode.enableGrad()) {
            y = f.apply(in);
            checkScalar("hvp", y);
            Tensor gr = Autograd.get().grad(new Tensor[] {y}, new Tensor[] {in}, null, true, true, true)[0];
            if (gr == null || !gr.requiresGrad()) return new Tensor[] {y.detach(), Torch.zerosLike(in)};
            Tensor hv = Autograd.get().grad(new Tensor[] {gr}, new Tensor[] {in}, new Tensor[] {v}, false, false, true)[0];
            return new Tensor[] {y.detach(), zerosOr(hv, in)};
        }
    }
}
