package dev.torch4j;

import dev.torch4j.nn.Functional;
import dev.torch4j.ops.Counting;
import dev.torch4j.ops.InplaceForms;
import dev.torch4j.ops.LegacyLinalg;
import dev.torch4j.ops.OrderStatistics;
import dev.torch4j.ops.SpecialOps;

import java.util.function.UnaryOperator;

/**
 * Tensor methods PyTorch offers under a second name or as an in-place form of an alias ({@code arccos_},
 * {@code clip_}, {@code fix_}, {@code igamma}, {@code split_with_sizes}, ...), and methods whose work lives in
 * {@code torch.*} or {@code F.*} ({@code aminmax}, {@code bincount}, {@code hardshrink}, {@code prelu}). Inherited by
 * {@link Tensor}.
 */
abstract class TensorAliasForms extends TensorProperties {
    TensorAliasForms() {}

    private Tensor self() { return (Tensor) this; }

    private Tensor inplace(String op, UnaryOperator<Tensor> f, Tensor... others) { return InplaceForms.apply(op, self(), f, others); }

    // ---------------------------------------------------------------- in-place forms of aliases

    /** {@code tensor.arccos_()}: {@code acos_()}. */
    public Tensor arccos_() { return self().acos_(); }

    /** {@code tensor.arcsin_()}: {@code asin_()}. */
    public Tensor arcsin_() { return self().asin_(); }

    /** {@code tensor.arctan_()}: {@code atan_()}. */
    public Tensor arctan_() { return self().atan_(); }

    /** {@code tensor.arccosh_()}: {@code acosh_()}. */
    public Tensor arccosh_() { return self().acosh_(); }

    /** {@code tensor.arcsinh_()}: {@code asinh_()}. */
    public Tensor arcsinh_() { return self().asinh_(); }

    /** {@code tensor.arctanh_()}: {@code atanh_()}. */
    public Tensor arctanh_() { return self().atanh_(); }

    /** {@code tensor.clip_(min, max)}: {@code clamp_(min, max)}. */
    public Tensor clip_(double min, double max) { return self().clamp_(min, max); }

    /** {@code clip_} with Python ints. */
    public Tensor clip_(long min, long max) { return self().clamp_(min, max); }

    /** {@code tensor.fix_()}: {@code trunc_()}. */
    public Tensor fix_() { return self().trunc_(); }

    /** {@code tensor.deg2rad_()}: in place. */
    public Tensor deg2rad_() { return inplace("deg2rad_", Tensor::deg2rad); }

    /** {@code tensor.rad2deg_()}: in place. */
    public Tensor rad2deg_() { return inplace("rad2deg_", Tensor::rad2deg); }

    /** {@code tensor.logit_()}: in place. */
    public Tensor logit_() { return inplace("logit_", Tensor::logit); }

    /** {@code tensor.logit_(eps)}: in place, p clamped to [eps, 1 - eps]. */
    public Tensor logit_(double eps) { return inplace("logit_", s -> s.logit(eps)); }

    /** {@code tensor.conj_physical_()}: conjugates a complex tensor in place (a real one is left as it is). */
    public Tensor conjPhysical_() { return self().isComplex() ? inplace("conj_physical_", Tensor::conjPhysical) : self(); }

    /** {@code tensor.greater_(other)}: {@code gt_}. */
    public Tensor greater_(Tensor other) { return self().gt_(other); }

    /** {@code tensor.greater_(number)}. */
    public Tensor greater_(double other) { return self().gt_(other); }

    /** {@code tensor.greater_equal_(other)}: {@code ge_}. */
    public Tensor greaterEqual_(Tensor other) { return self().ge_(other); }

    /** {@code tensor.greater_equal_(number)}. */
    public Tensor greaterEqual_(double other) { return self().ge_(other); }

    /** {@code tensor.less_(other)}: {@code lt_}. */
    public Tensor less_(Tensor other) { return self().lt_(other); }

    /** {@code tensor.less_(number)}. */
    public Tensor less_(double other) { return self().lt_(other); }

    /** {@code tensor.less_equal_(other)}: {@code le_}. */
    public Tensor lessEqual_(Tensor other) { return self().le_(other); }

    /** {@code tensor.less_equal_(number)}. */
    public Tensor lessEqual_(double other) { return self().le_(other); }

    /** {@code tensor.not_equal_(other)}: {@code ne_}. */
    public Tensor notEqual_(Tensor other) { return self().ne_(other); }

    /** {@code tensor.not_equal_(number)}. */
    public Tensor notEqual_(double other) { return self().ne_(other); }

    /** {@code tensor.sgn_()}: {@code sign_} of a real tensor, {@code z / |z|} in place of a complex one. */
    public Tensor sgn_() { return self().isComplex() ? inplace("sgn_", Tensor::sgn) : self().sign_(); }

    /** {@code tensor.floor_divide_(other)}: in place. */
    public Tensor floorDivide_(Tensor other) { return inplace("floor_divide_", s -> s.floorDivide(other), other); }

    // ---------------------------------------------------------------- second names

    /** {@code tensor.igamma(other)}: {@code special.gammainc(self, other)}. */
    public Tensor igamma(Tensor other) { return SpecialOps.gammainc(self(), other); }

    /** {@code tensor.igamma_(other)}: in place. */
    public Tensor igamma_(Tensor other) { return inplace("igamma_", s -> s.igamma(other), other); }

    /** {@code tensor.igammac(other)}: {@code special.gammaincc(self, other)}. */
    public Tensor igammac(Tensor other) { return SpecialOps.gammaincc(self(), other); }

    /** {@code tensor.igammac_(other)}: in place. */
    public Tensor igammac_(Tensor other) { return inplace("igammac_", s -> s.igammac(other), other); }

    /** {@code tensor.split_with_sizes(split_sizes)}: {@code split(sizes)} along dim 0. */
    public Tensor[] splitWithSizes(long[] splitSizes) { return self().split(splitSizes); }

    /** {@code tensor.split_with_sizes(split_sizes, dim)}. */
    public Tensor[] splitWithSizes(long[] splitSizes, long dim) { return self().split(splitSizes, dim); }

    /** {@code tensor.unsafe_split_with_sizes(split_sizes, dim)}: {@code split_with_sizes} (no views are tracked apart here). */
    public Tensor[] unsafeSplitWithSizes(long[] splitSizes, long dim) { return self().split(splitSizes, dim); }

    /** {@code tensor.unsafe_split_with_sizes(split_sizes)}: along dim 0. */
    public Tensor[] unsafeSplitWithSizes(long[] splitSizes) { return self().split(splitSizes); }

    /** {@code tensor.unsafe_split(size, dim)}: {@code split} (no views are tracked apart here). */
    public Tensor[] unsafeSplit(long splitSize, long dim) { return self().split(splitSize, dim); }

    /** {@code tensor.unsafe_chunk(chunks, dim)}: {@code chunk}. */
    public Tensor[] unsafeChunk(long chunks, long dim) { return self().chunk(chunks, dim); }

    /** {@code tensor.narrow_copy(dim, start, length)}: a contiguous copy of {@code narrow}. */
    public Tensor narrowCopy(long dim, long start, long length) {
        Tensor n = self().narrow(dim, start, length);
        return n.isContiguous() ? n.clone() : n.contiguous();
    }

    /** {@code tensor.get_device()}: the CUDA device index, -1 on the CPU. */
    public int getDevice() { return self().device().isCuda() ? self().device().index() : -1; }

    // ---------------------------------------------------------------- methods of torch.* and F.* functions

    /** {@code tensor.aminmax()}: {@code {min, max}} of all elements. */
    public Tensor[] aminmax() { return OrderStatistics.aminmax(self(), null, false); }

    /** {@code tensor.aminmax(dim=, keepdim=)}. */
    public Tensor[] aminmax(long dim, boolean keepdim) { return OrderStatistics.aminmax(self(), dim, keepdim); }

    /** {@code tensor.bincount()}: the count of each non-negative integer up to the largest. */
    public Tensor bincount() { return Counting.bincount(self(), null, 0); }

    /** {@code tensor.bincount(weights, minlength)}; null weights count. */
    public Tensor bincount(Tensor weights, long minlength) { return Counting.bincount(self(), weights, minlength); }

    /** {@code tensor.hardshrink()}: {@code F.hardshrink(self, 0.5)}. */
    public Tensor hardshrink() { return Functional.hardshrink(self()); }

    /** {@code tensor.hardshrink(lambd)}. */
    public Tensor hardshrink(double lambd) { return Functional.hardshrink(self(), lambd); }

    /** {@code tensor.prelu(weight)}: {@code F.prelu(self, weight)}. */
    public Tensor prelu(Tensor weight) { return Functional.prelu(self(), weight); }

    // ---------------------------------------------------------------- linear algebra before torch.linalg

    /** {@code tensor.svd()}: {@code torch.svd(self)}, {@code {U, S, V}}. */
    public Tensor[] svd() { return LegacyLinalg.svd(self(), true, true); }

    /** {@code tensor.svd(some)}. */
    public Tensor[] svd(boolean some) { return LegacyLinalg.svd(self(), some, true); }

    /** {@code tensor.svd(some, compute_uv)}. */
    public Tensor[] svd(boolean some, boolean computeUv) { return LegacyLinalg.svd(self(), some, computeUv); }

    /** {@code tensor.qr()}: {@code {Q, R}}, reduced. */
    public Tensor[] qr() { return LegacyLinalg.qr(self(), true); }

    /** {@code tensor.qr(some)}. */
    public Tensor[] qr(boolean some) { return LegacyLinalg.qr(self(), some); }

    /** {@code tensor.cholesky()}: the lower Cholesky factor. */
    public Tensor cholesky() { return Linalg.get().cholesky(self(), false); }

    /** {@code tensor.cholesky(upper)}. */
    public Tensor cholesky(boolean upper) { return Linalg.get().cholesky(self(), upper); }

    /** {@code tensor.slogdet()}: {@code {sign, logabsdet}}. */
    public Tensor[] slogdet() { return Torch.slogdet(self()); }

    /** {@code tensor.lu()}: {@code {LU, pivots}}. */
    public Tensor[] lu() { return LegacyLinalg.lu(self(), true, false); }

    /** {@code tensor.lu(pivot, get_infos)}. */
    public Tensor[] lu(boolean pivot, boolean getInfos) { return LegacyLinalg.lu(self(), pivot, getInfos); }

    /** {@code tensor.lu_solve(LU, pivots)}: solves {@code A X = self} from A's LU factors. */
    public Tensor luSolve(Tensor lu, Tensor pivots) { return LegacyLinalg.luSolve(self(), lu, pivots); }

    /** {@code tensor.geqrf()}: {@code {a, tau}}. */
    public Tensor[] geqrf() { return LegacyLinalg.geqrf(self()); }

    /** {@code tensor.orgqr(tau)}. */
    public Tensor orgqr(Tensor tau) { return LegacyLinalg.orgqr(self(), tau); }

    /** {@code tensor.ormqr(tau, C)}: {@code Q @ C}. */
    public Tensor ormqr(Tensor tau, Tensor c) { return LegacyLinalg.ormqr(self(), tau, c, true, false); }

    /** {@code tensor.ormqr(tau, C, left, transpose)}. */
    public Tensor ormqr(Tensor tau, Tensor c, boolean left, boolean transpose) { return LegacyLinalg.ormqr(self(), tau, c, left, transpose); }

    /** {@code tensor.triangular_solve(A)}: {@code {X, A.clone()}} with A upper triangular. */
    public Tensor[] triangularSolve(Tensor a) { return LegacyLinalg.triangularSolve(self(), a, true, false, false); }

    /** {@code tensor.triangular_solve(A, upper, transpose, unitriangular)}. */
    public Tensor[] triangularSolve(Tensor a, boolean upper, boolean transpose, boolean unitriangular) {
        return LegacyLinalg.triangularSolve(self(), a, upper, transpose, unitriangular);
    }

    // ---------------------------------------------------------------- attributes

    /**
     * {@code tensor.data}: this tensor's data outside the graph, sharing its storage ({@link Tensor#detach()}). Unlike
     * PyTorch's {@code .data}, writes through it bump the shared version counter, so a backward that would read a
     * value overwritten this way fails with an error instead of using it.
     */
    public Tensor data() { return self().detach(); }

    /** {@code tensor.nbytes}: {@code numel() * itemsize()}. */
    public long nbytes() { return self().numel() * itemsize(); }

    /** {@code tensor.itemsize}: the bytes of one element. */
    public long itemsize() { return self().elementSize(); }

    /** {@code tensor.is_cpu}. */
    public boolean isCpu() { return self().device().isCpu(); }

    /**
     * {@code tensor.type()}: the legacy type name, {@code torch.FloatTensor} or {@code torch.cuda.FloatTensor}
     * ({@code torch.quantized.QUInt8Tensor} for a quantized tensor).
     */
    public String type() {
        String kind = self().isQuantized() ? "quantized." : self().isCuda() ? "cuda." : "";
        return "torch." + kind + self().dtype().scalarTypeName() + "Tensor";
    }

    /** {@code tensor.type(dtype)}: {@code to(dtype)}. */
    public Tensor type(DType dtype) { return self().to(dtype); }

    /** {@code tensor.type("torch.DoubleTensor")}: the dtype (and, for a {@code torch.cuda.} name, CUDA) a legacy name says. */
    public Tensor type(String legacyName) {
        boolean cuda = legacyName.startsWith("torch.cuda.");
        String rest = legacyName.startsWith("torch.cuda.") ? legacyName.substring(11) : legacyName.startsWith("torch.") ? legacyName.substring(6) : "";
        for (DType d : DType.values()) {
            if (rest.equals(d.scalarTypeName() + "Tensor")) {
                Tensor t = self();
                if (cuda && !t.isCuda()) return t.cuda().to(d);
                if (!cuda && t.isCuda()) return t.cpu().to(d);
                return t.to(d);
            }
        }
        throw new IllegalArgumentException("invalid type: '" + legacyName + "'");
    }

    /**
     * {@code tensor.apply_(callable)}: replaces each element x by {@code f(x)} (computed in double), CPU tensors only;
     * slow (one call per element), for tests and glue code rather than models.
     */
    public Tensor apply_(java.util.function.DoubleUnaryOperator f) {
        Tensor t = self();
        if (!t.device().isCpu()) throw new IllegalArgumentException("apply_ is only implemented on CPU tensors");
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(v[i]);
        return t.copy_(dev.torch4j.Torch.fromArray(v).reshape(t.shapeArray()));
    }

    /** {@code tensor.map_(other, callable)}: each element x becomes {@code f(x, y)} with y from other broadcast to this shape. */
    public Tensor map_(Tensor other, java.util.function.DoubleBinaryOperator f) {
        Tensor t = self();
        if (!t.device().isCpu() || !other.device().isCpu()) throw new IllegalArgumentException("map_ is only implemented on CPU tensors");
        double[] v = t.toDoubleArray(), w = other.expand(t.shapeArray()).toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(v[i], w[i]);
        return t.copy_(dev.torch4j.Torch.fromArray(v).reshape(t.shapeArray()));
    }

    /**
     * {@code tensor.map2_(x, y, callable)}: each element a becomes {@code f(a, b, c)} with b from x and c from y, both
     * broadcast to this shape; CPU tensors only, as in PyTorch.
     */
    public Tensor map2_(Tensor x, Tensor y, Tensor.DoubleTernaryOperator f) {
        Tensor t = self();
        if (!t.device().isCpu() || !x.device().isCpu() || !y.device().isCpu()) {
            throw new IllegalArgumentException("map2_ is only implemented on CPU tensors");
        }
        double[] v = t.toDoubleArray(), w = x.expand(t.shapeArray()).toDoubleArray(), u = y.expand(t.shapeArray()).toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(v[i], w[i], u[i]);
        return t.copy_(dev.torch4j.Torch.fromArray(v).reshape(t.shapeArray()));
    }

    // ---------------------------------------------------------------- values out

    /** {@code tensor.item()} of a complex tensor (of a real one too: its imaginary part is 0). */
    public Complex itemComplex() {
        Tensor t = self();
        double re = t.isComplex() ? t.real().item() : t.item();
        return new Complex(re, t.isComplex() ? t.imag().item() : 0);
    }

    /**
     * {@code tensor.tolist()}: the elements as nested {@link java.util.List}s, one level per dim, of {@code Double}
     * (floating dtypes), {@code Long} (integers), {@code Boolean} or {@link Complex}; a 0-d tensor gives the value
     * itself. Always a copy.
     */
    public Object tolist() {
        Tensor t = self();
        Object[] flat = new Object[Math.toIntExact(t.numel())];
        if (t.isComplex()) {
            double[] re = t.real().toDoubleArray(), im = t.imag().toDoubleArray();
            for (int i = 0; i < flat.length; i++) flat[i] = new Complex(re[i], im[i]);
        } else if (t.dtype() == DType.BOOL) {
            boolean[] b = t.toBooleanArray();
            for (int i = 0; i < flat.length; i++) flat[i] = b[i];
        } else if (t.isFloatingPoint()) {
            double[] d = t.toDoubleArray();
            for (int i = 0; i < flat.length; i++) flat[i] = d[i];
        } else {
            long[] l = t.toLongArray();
            for (int i = 0; i < flat.length; i++) flat[i] = l[i];
        }
        if (t.dim() == 0) return flat[0];
        return nest(flat, t.shapeArray(), 0, 0);
    }

    private static java.util.List<Object> nest(Object[] flat, long[] shape, int dim, int offset) {
        int n = (int) shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) stride *= (int) shape[d];
        java.util.List<Object> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(dim == shape.length - 1 ? flat[offset + i] : nest(flat, shape, dim + 1, offset + i * stride));
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
