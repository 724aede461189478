package dev.torch4j;

import dev.torch4j.ops.InplaceForms;
import dev.torch4j.ops.NumericShortcuts;
import dev.torch4j.ops.Scatters;
import dev.torch4j.ops.ShapeShortcuts;
import dev.torch4j.ops.Unfold;

import java.util.function.UnaryOperator;

/**
 * Tensor methods that are short forms of other ops (dtype conversions, {@code new_*} factories, aliases and
 * in-place variants), inherited by {@link Tensor} through {@link TensorMethods}. The in-place variants write the
 * out-of-place result into the tensor under PyTorch's rules ({@link InplaceForms}): same shape, a result dtype that
 * casts to the tensor's, and autograd history through {@code copy_}.
 */
abstract class TensorShortcuts extends TensorAliasForms {
    TensorShortcuts() {}

    private Tensor self() { return (Tensor) this; }

    private Tensor inplace(String op, UnaryOperator<Tensor> f, Tensor... others) { return InplaceForms.apply(op, self(), f, others); }

    // ---------------------------------------------------------------- dtype conversions

    /** {@code tensor.float()} (a Java keyword, hence the dtype's name): {@code to(FLOAT32)}. */
    public Tensor float32() { return self().to(DType.FLOAT32); }

    /** {@code tensor.double()}: {@code to(FLOAT64)}. */
    public Tensor float64() { return self().to(DType.FLOAT64); }

    /** {@code tensor.long()}: {@code to(INT64)}. */
    public Tensor int64() { return self().to(DType.INT64); }

    /** {@code tensor.int()}: {@code to(INT32)}. */
    public Tensor int32() { return self().to(DType.INT32); }

    /** {@code tensor.short()}: {@code to(INT16)}. */
    public Tensor int16() { return self().to(DType.INT16); }

    /** {@code tensor.char()}: {@code to(INT8)}. */
    public Tensor int8() { return self().to(DType.INT8); }

    /** {@code tensor.byte()}: {@code to(UINT8)}. */
    public Tensor uint8() { return self().to(DType.UINT8); }

    /** {@code tensor.half()}: {@code to(FLOAT16)}. */
    public Tensor half() { return self().to(DType.FLOAT16); }

    /** {@code tensor.bfloat16()}: {@code to(BFLOAT16)}. */
    public Tensor bfloat16() { return self().to(DType.BFLOAT16); }

    /** {@code tensor.bool()}: {@code to(BOOL)}. */
    public Tensor bool() { return self().to(DType.BOOL); }

    /** {@code tensor.cfloat()}: {@code to(COMPLEX64)}. */
    public Tensor cfloat() { return self().to(DType.COMPLEX64); }

    /** {@code tensor.cdouble()}: {@code to(COMPLEX128)}. */
    public Tensor cdouble() { return self().to(DType.COMPLEX128); }

    /** {@code tensor.type_as(other)}: this tensor in other's dtype and on other's device. */
    public Tensor typeAs(Tensor other) { return self().to(other.device(), other.dtype()); }

    // ---------------------------------------------------------------- new_* factories (this tensor's dtype and device)

    private TensorOptions like() { return TensorOptions.DEFAULT.dtype(self().dtype()).device(self().device()); }

    /** {@code tensor.new_zeros(size)}: zeros of this tensor's dtype and device. */
    public Tensor newZeros(long... size) { return Torch.zeros(Size.of(size), like()); }

    /** {@code tensor.new_ones(size)}. */
    public Tensor newOnes(long... size) { return Torch.ones(Size.of(size), like()); }

    /** {@code tensor.new_full(size, value)}. */
    public Tensor newFull(long[] size, double value) { return Torch.full(size, value, like()); }

    /** {@code tensor.new_empty(size)} (zero-filled here). */
    public Tensor newEmpty(long... size) { return Torch.empty(Size.of(size), like()); }

    /** {@code tensor.new_empty_strided(size, stride)}: {@link Torch#emptyStrided} in this tensor's dtype and on its device. */
    public Tensor newEmptyStrided(long[] size, long[] stride) { return Torch.emptyStrided(size, stride, like()); }

    /** {@code tensor.new_empty_strided(size, stride, dtype=..., device=...)}: unset options are this tensor's. */
    public Tensor newEmptyStrided(long[] size, long[] stride, TensorOptions o) {
        Tensor t = self();
        TensorOptions full = new TensorOptions(o.dtypeOr(t.dtype()), o.device() != null ? o.device() : t.device(), o.requiresGrad());
        return Torch.emptyStrided(size, stride, full);
    }

    /**
     * {@code tensor.new_tensor(data)}: data (as {@link Torch#tensor(Object)} reads it) in this tensor's dtype and on its
     * device, whatever the data's own type (PyTorch's rule: {@code int_tensor.new_tensor([1.7])} is {@code [1]}).
     */
    public Tensor newTensor(Object data) { return Torch.tensor(data, like()); }

    // ---------------------------------------------------------------- views and shapes

    /**
     * {@code tensor.unfold(dimension, size, step)}: a view whose new last dim holds each window of {@code size}
     * elements along dimension, windows {@code step} apart ({@code (n - size) / step + 1} of them). Overlapping
     * windows' gradients add up.
     */
    public Tensor unfold(long dimension, long size, long step) { return Unfold.unfold(self(), dimension, size, step); }

    /** {@code tensor.ravel()}: flattened (a view where possible). */
    public Tensor ravel() { return self().reshape(-1); }

    /** {@code tensor.sum_to_size(size)}: summed down to a shape it expands from. */
    public Tensor sumToSize(long... size) { return ShapeShortcuts.sumToSize(self(), size); }

    /** {@code tensor.hsplit(sections)}: {@link Torch#hsplit(Tensor, long)}. */
    public Tensor[] hsplit(long sections) { return ShapeShortcuts.split("hsplit", self(), sections); }

    /** {@code tensor.hsplit(indices)}. */
    public Tensor[] hsplit(long[] indices) { return ShapeShortcuts.split("hsplit", self(), indices); }

    /** {@code tensor.vsplit(sections)}: along dim 0 of a tensor of at least 2 dims. */
    public Tensor[] vsplit(long sections) { return ShapeShortcuts.split("vsplit", self(), sections); }

    /** {@code tensor.vsplit(indices)}. */
    public Tensor[] vsplit(long[] indices) { return ShapeShortcuts.split("vsplit", self(), indices); }

    /** {@code tensor.dsplit(sections)}: along dim 2 of a tensor of at least 3 dims. */
    public Tensor[] dsplit(long sections) { return ShapeShortcuts.split("dsplit", self(), sections); }

    /** {@code tensor.dsplit(indices)}. */
    public Tensor[] dsplit(long[] indices) { return ShapeShortcuts.split("dsplit", self(), indices); }

    /** {@code tensor.diagonal_scatter(src)}: a copy with its main diagonal replaced by src. */
    public Tensor diagonalScatter(Tensor src) { return Scatters.diagonalScatter(self(), src, 0, 0, 1); }

    /** {@code tensor.diagonal_scatter(src, offset, dim1, dim2)}. */
    public Tensor diagonalScatter(Tensor src, long offset, long dim1, long dim2) { return Scatters.diagonalScatter(self(), src, offset, dim1, dim2); }

    /** {@code tensor.select_scatter(src, dim, index)}: a copy with {@code select(dim, index)} replaced by src. */
    public Tensor selectScatter(Tensor src, long dim, long index) { return Scatters.selectScatter(self(), src, dim, index); }

    /** {@code tensor.slice_scatter(src)}: along dim 0, the whole dim. */
    public Tensor sliceScatter(Tensor src) { return Scatters.sliceScatter(self(), src, 0, null, null, 1); }

    /** {@code tensor.slice_scatter(src, dim, start, end, step)} (null start/end: the dim's ends). */
    public Tensor sliceScatter(Tensor src, long dim, Long start, Long end, long step) { return Scatters.sliceScatter(self(), src, dim, start, end, step); }

    /**
     * {@code tensor.as_strided_scatter(src, size, stride, storage_offset)}: a copy of this tensor with src written
     * where {@code as_strided(size, stride, storage_offset)} of the copy points (null offset: 0).
     */
    public Tensor asStridedScatter(Tensor src, long[] size, long[] stride, Long storageOffset) {
        return Scatters.asStridedScatter(self(), src, size, stride, storageOffset);
    }

    /** {@code tensor.masked_scatter(mask, source)}: source's elements, in order, where mask is true. */
    public Tensor maskedScatter(Tensor mask, Tensor source) { return Scatters.maskedScatter(self(), mask, source); }

    /** {@code tensor.masked_scatter_(mask, source)}: in place (mask broadcasts to this tensor's shape). */
    public Tensor maskedScatter_(Tensor mask, Tensor source) { return Scatters.maskedScatter_(self(), mask, source); }

    /** {@code tensor.fill_diagonal_(value, wrap)}: the main diagonal set to value, restarting below a tall matrix's if wrap. */
    public Tensor fillDiagonal_(double value, boolean wrap) { return InplaceForms.fillDiagonal_(self(), value, wrap); }

    /** {@code tensor.fill_diagonal_(value)}: without wrap. */
    public Tensor fillDiagonal_(double value) { return InplaceForms.fillDiagonal_(self(), value, false); }

    // ---------------------------------------------------------------- in-place forms

    /** {@code tensor.addcmul_(t1, t2)}: in place. */
    public Tensor addcmul_(Tensor t1, Tensor t2) { return addcmul_(t1, t2, 1); }

    /** {@code tensor.addcmul_(t1, t2, value)}: {@code self += value * t1 * t2}. */
    public Tensor addcmul_(Tensor t1, Tensor t2, double value) { return inplace("addcmul_", s -> s.addcmul(t1, t2, value), t1, t2); }

    /** {@code tensor.addcdiv_(t1, t2)}: in place. */
    public Tensor addcdiv_(Tensor t1, Tensor t2) { return addcdiv_(t1, t2, 1); }

    /** {@code tensor.addcdiv_(t1, t2, value)}: {@code self += value * t1 / t2}. */
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value) { return inplace("addcdiv_", s -> s.addcdiv(t1, t2, value), t1, t2); }

    /** {@code tensor.addmm_(mat1, mat2)}: in place. */
    public Tensor addmm_(Tensor mat1, Tensor mat2) { return addmm_(mat1, mat2, 1, 1); }

    /** {@code tensor.addmm_(mat1, mat2, beta, alpha)}: {@code self = beta * self + alpha * mat1 @ mat2}. */
    public Tensor addmm_(Tensor mat1, Tensor mat2, double beta, double alpha) {
        return inplace("addmm_", s -> s.addmm(mat1, mat2, beta, alpha), mat1, mat2);
    }

    /** {@code tensor.addmv_(mat, vec)}: in place. */
    public Tensor addmv_(Tensor mat, Tensor vec) { return addmv_(mat, vec, 1, 1); }

    /** {@code tensor.addmv_(mat, vec, beta, alpha)}. */
    public Tensor addmv_(Tensor mat, Tensor vec, double beta, double alpha) {
        return inplace("addmv_", s -> Torch.addmv(s, mat, vec, beta, alpha), mat, vec);
    }

    /** {@code tensor.addr_(vec1, vec2)}: in place. */
    public Tensor addr_(Tensor vec1, Tensor vec2) { return addr_(vec1, vec2, 1, 1); }

    /** {@code tensor.addr_(vec1, vec2, beta, alpha)}. */
    public Tensor addr_(Tensor vec1, Tensor vec2, double beta, double alpha) {
        return inplace("addr_", s -> Torch.addr(s, vec1, vec2, beta, alpha), vec1, vec2);
    }

    /** {@code tensor.baddbmm_(batch1, batch2)}: in place. */
    public Tensor baddbmm_(Tensor batch1, Tensor batch2) { return baddbmm_(batch1, batch2, 1, 1); }

    /** {@code tensor.baddbmm_(batch1, batch2, beta, alpha)}. */
    public Tensor baddbmm_(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return inplace("baddbmm_", s -> Torch.baddbmm(s, batch1, batch2, beta, alpha), batch1, batch2);
    }

    /** {@code tensor.addbmm_(batch1, batch2)}: in place. */
    public Tensor addbmm_(Tensor batch1, Tensor batch2) { return addbmm_(batch1, batch2, 1, 1); }

    /** {@code tensor.addbmm_(batch1, batch2, beta, alpha)}. */
    public Tensor addbmm_(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return inplace("addbmm_", s -> Torch.addbmm(s, batch1, batch2, beta, alpha), batch1, batch2);
    }

    /** {@code tensor.lerp_(end, weight)}: in place. */
    public Tensor lerp_(Tensor end, double weight) { return inplace("lerp_", s -> s.lerp(end, weight), end); }

    /** {@code tensor.lerp_(end, weight)} with a tensor weight. */
    public Tensor lerp_(Tensor end, Tensor weight) { return inplace("lerp_", s -> s.lerp(end, weight), end, weight); }

    /** {@code tensor.clamp_min_(min)}: in place. */
    public Tensor clampMin_(double min) { return inplace("clamp_min_", s -> s.clampMin(min)); }
    /** {@code clamp_(min, max)} with Python ints: an integer tensor is clamped in its own dtype. */
    public Tensor clamp_(long min, long max) { return inplace("clamp_", s -> s.clamp(min, max)); }

    /** {@code clamp_min_} with a Python int. */
    public Tensor clampMin_(long min) { return inplace("clamp_min_", s -> s.clampMin(min)); }

    /** {@code tensor.clamp_max_(max)}: in place. */
    public Tensor clampMax_(double max) { return inplace("clamp_max_", s -> s.clampMax(max)); }
    /** {@code clamp_max_} with a Python int. */
    public Tensor clampMax_(long max) { return inplace("clamp_max_", s -> s.clampMax(max)); }

    /** {@code tensor.eq_(other)}: the comparison written as 1/0 in this tensor's dtype. */
    public Tensor eq_(Tensor other) { return inplace("eq_", s -> s.eq(other), other); }

    /** {@code tensor.eq_(number)}. */
    public Tensor eq_(double other) { return inplace("eq_", s -> s.eq(other)); }

    /** {@code tensor.ne_(other)}: in place, in this tensor's dtype. */
    public Tensor ne_(Tensor other) { return inplace("ne_", s -> s.ne(other), other); }

    /** {@code tensor.ne_(number)}. */
    public Tensor ne_(double other) { return inplace("ne_", s -> s.ne(other)); }

    /** {@code tensor.lt_(other)}: in place, in this tensor's dtype. */
    public Tensor lt_(Tensor other) { return inplace("lt_", s -> s.lt(other), other); }

    /** {@code tensor.lt_(number)}. */
    public Tensor lt_(double other) { return inplace("lt_", s -> s.lt(other)); }

    /** {@code tensor.le_(other)}: in place, in this tensor's dtype. */
    public Tensor le_(Tensor other) { return inplace("le_", s -> s.le(other), other); }

    /** {@code tensor.le_(number)}. */
    public Tensor le_(double other) { return inplace("le_", s -> s.le(other)); }

    /** {@code tensor.gt_(other)}: in place, in this tensor's dtype. */
    public Tensor gt_(Tensor other) { return inplace("gt_", s -> s.gt(other), other); }

    /** {@code tensor.gt_(number)}. */
    public Tensor gt_(double other) { return inplace("gt_", s -> s.gt(other)); }

    /** {@code tensor.ge_(other)}: in place, in this tensor's dtype. */
    public Tensor ge_(Tensor other) { return inplace("ge_", s -> s.ge(other), other); }

    /** {@code tensor.ge_(number)}. */
    public Tensor ge_(double other) { return inplace("ge_", s -> s.ge(other)); }

    /** {@code tensor.logical_and_(other)}: in place, in this tensor's dtype. */
    public Tensor logicalAnd_(Tensor other) { return inplace("logical_and_", s -> s.logicalAnd(other), other); }

    /** {@code tensor.logical_or_(other)}: in place, in this tensor's dtype. */
    public Tensor logicalOr_(Tensor other) { return inplace("logical_or_", s -> s.logicalOr(other), other); }

    /** {@code tensor.logical_xor_(other)}: in place, in this tensor's dtype. */
    public Tensor logicalXor_(Tensor other) { return inplace("logical_xor_", s -> s.logicalXor(other), other); }

    /** {@code tensor.cumsum_(dim)}: in place. */
    public Tensor cumsum_(long dim) { return inplace("cumsum_", s -> s.cumsum(dim)); }

    /** {@code tensor.cumprod_(dim)}: in place. */
    public Tensor cumprod_(long dim) { return inplace("cumprod_", s -> s.cumprod(dim)); }

    /** {@code tensor.fmod_(other)}: in place. */
    public Tensor fmod_(Tensor other) { return inplace("fmod_", s -> s.fmod(other), other); }

    /** {@code tensor.fmod_(number)}. */
    public Tensor fmod_(double other) { return inplace("fmod_", s -> s.fmod(other)); }
    /** {@code fmod_} with a Python int. */
    public Tensor fmod_(long other) { return inplace("fmod_", s -> s.fmod(other)); }

    /** {@code tensor.hypot_(other)}: in place. */
    public Tensor hypot_(Tensor other) { return inplace("hypot_", s -> s.hypot(other), other); }

    /** {@code tensor.copysign_(other)}: in place. */
    public Tensor copysign_(Tensor other) { return inplace("copysign_", s -> s.copysign(other), other); }

    /** {@code tensor.xlogy_(other)}: in place. */
    public Tensor xlogy_(Tensor other) { return inplace("xlogy_", s -> s.xlogy(other), other); }

    /** {@code tensor.frac_()}: in place. */
    public Tensor frac_() { return inplace("frac_", Tensor::frac); }

    /** {@code tensor.sinc_()}: in place. */
    public Tensor sinc_() { return inplace("sinc_", Tensor::sinc); }

    /** {@code tensor.digamma_()}: in place. */
    public Tensor digamma_() { return inplace("digamma_", Tensor::digamma); }

    /** {@code tensor.lgamma_()}: in place. */
    public Tensor lgamma_() { return inplace("lgamma_", Tensor::lgamma); }

    /** {@code tensor.polygamma_(n)}: in place. */
    public Tensor polygamma_(long n) { return inplace("polygamma_", s -> s.polygamma(n)); }

    /** {@code tensor.erfinv_()}: in place. */
    public Tensor erfinv_() { return inplace("erfinv_", Tensor::erfinv); }

    /** {@code tensor.mvlgamma_(p)}: in place. */
    public Tensor mvlgamma_(long p) { return inplace("mvlgamma_", s -> s.mvlgamma(p)); }

    /** {@code tensor.i0_()}: in place. */
    public Tensor i0_() { return inplace("i0_", Tensor::i0); }

    /** {@code tensor.nan_to_num_()}: in place. */
    public Tensor nanToNum_() { return inplace("nan_to_num_", Tensor::nanToNum); }

    /** {@code tensor.nan_to_num_(nan, posinf, neginf)}: in place. */
    public Tensor nanToNum_(double nan, Double posinf, Double neginf) { return inplace("nan_to_num_", s -> s.nanToNum(nan, posinf, neginf)); }

    /** {@code tensor.renorm_(p, dim, maxnorm)}: in place. */
    public Tensor renorm_(double p, long dim, double maxnorm) { return inplace("renorm_", s -> s.renorm(p, dim, maxnorm)); }

    /** {@code tensor.heaviside_(values)}: in place. */
    public Tensor heaviside_(Tensor values) { return inplace("heaviside_", s -> s.heaviside(values), values); }

    /** {@code tensor.float_power_(exponent)}: in place; this tensor must be float64 (PyTorch's rule). */
    public Tensor floatPower_(Tensor exponent) { return floatPower_(exponent, s -> s.floatPower(exponent)); }

    /** {@code tensor.float_power_(number)}. */
    public Tensor floatPower_(double exponent) { return floatPower_(null, s -> s.floatPower(exponent)); }

    private Tensor floatPower_(Tensor exponent, UnaryOperator<Tensor> f) {
        boolean complex = self().isComplex() || exponent != null && exponent.isComplex();
        DType want = complex ? DType.COMPLEX128 : DType.FLOAT64;
        if (self().dtype() != want) {
            throw new IllegalArgumentException("the base given to float_power_ has dtype " + self().dtype().scalarTypeName()
                    + " but the operation's result requires dtype " + want.scalarTypeName());
        }
        return exponent == null ? inplace("float_power_", f) : inplace("float_power_", f, exponent);
    }

    /** {@code tensor.tril_()}: in place. */
    public Tensor tril_() { return tril_(0); }

    /** {@code tensor.tril_(diagonal)}: in place. */
    public Tensor tril_(long diagonal) { return inplace("tril_", s -> s.tril(diagonal)); }

    /** {@code tensor.triu_()}: in place. */
    public Tensor triu_() { return triu_(0); }

    /** {@code tensor.triu_(diagonal)}: in place. */
    public Tensor triu_(long diagonal) { return inplace("triu_", s -> s.triu(diagonal)); }

    /** {@code tensor.ldexp_(other)}: {@code self *= 2^other}. */
    public Tensor ldexp_(Tensor other) { return inplace("ldexp_", s -> NumericShortcuts.ldexp(s, other), other); }

    /** {@code tensor.nextafter_(other)}: in place. */
    public Tensor nextafter_(Tensor other) { return inplace("nextafter_", s -> NumericShortcuts.nextafter(s, other), other); }

    // ---------------------------------------------------------------- functions as methods

    /** {@code tensor.cross(other)}: {@link Torch#cross(Tensor, Tensor)} (first dim of size 3; deprecated in PyTorch). */
    public Tensor cross(Tensor other) { return ShapeShortcuts.cross(self(), other, null); }

    /** {@code tensor.cross(other, dim)}: {@code linalg.cross} along dim. */
    public Tensor cross(Tensor other, long dim) { return ShapeShortcuts.cross(self(), other, dim); }

    /** {@code tensor.dist(other)}: the 2-norm of {@code self - other}. */
    public Tensor dist(Tensor other) { return dist(other, 2); }

    /** {@code tensor.dist(other, p)}: the p-norm of {@code self - other} (broadcast). */
    public Tensor dist(Tensor other, double p) {
        Tensor d = self().sub(other);
        // PyTorch's dist of empty tensors is 0 for every p (its kernel, unlike vector_norm, has no error for +-inf)
        if (d.numel() == 0 && Double.isInfinite(p)) return d.norm(1.0);
        return d.norm(p);
    }

    /** {@code tensor.isreal()}: true where the imaginary part is 0. */
    public Tensor isreal() { return NumericShortcuts.isreal(self()); }

    /** {@code tensor.frexp()}: {mantissa, exponent}, see {@link Torch#frexp}. */
    public Tensor[] frexp() { return NumericShortcuts.frexp(self()); }

    /** {@code tensor.ldexp(other)}: {@code self * 2^other}. */
    public Tensor ldexp(Tensor other) { return NumericShortcuts.ldexp(self(), other); }

    /** {@code tensor.nextafter(other)}: the next float after self towards other. */
    public Tensor nextafter(Tensor other) { return NumericShortcuts.nextafter(self(), other); }

    /** {@code tensor.bernoulli()}: 1 with probability self, elementwise (see {@link Torch#bernoulli(Tensor)}). */
    public Tensor bernoulli() { return ShapeShortcuts.bernoulli(self(), null); }

    /** {@code tensor.bernoulli(generator=g)}. */
    public Tensor bernoulli(Generator generator) { return ShapeShortcuts.bernoulli(self(), generator); }

    /** {@code tensor.bernoulli(p)}: a tensor like this one of 1 with probability p. */
    public Tensor bernoulli(double p) { return Torch.zerosLike(self()).bernoulli_(p); }

    /** {@code tensor.histogram(bins)}: {hist, bin_edges}, see {@link Torch#histogram(Tensor, long)}. */
    public Tensor[] histogram(long bins) { return NumericShortcuts.histogram(self(), bins, null, null, false); }

    /** {@code tensor.histogram(bins)} with bin edges. */
    public Tensor[] histogram(Tensor bins) { return NumericShortcuts.histogram(self(), bins, null, false); }

    // ---------------------------------------------------------------- aliases (PyTorch's and NumPy's names)

    /** {@code tensor.divide(other)}: {@link Tensor#div(Tensor)}. */
    public Tensor divide(Tensor other) { return self().div(other); }

    /** {@code tensor.divide(number)}. */
    public Tensor divide(double other) { return self().div(other); }

    /** {@code tensor.divide(other, rounding_mode)}: {@link Tensor#div(Tensor, String)}. */
    public Tensor divide(Tensor other, String roundingMode) { return self().div(other, roundingMode); }

    /** {@code tensor.divide_(other)}: {@link Tensor#div_(Tensor)}. */
    public Tensor divide_(Tensor other) { return self().div_(other); }

    /** {@code tensor.true_divide(other)}: {@link Tensor#div(Tensor)}. */
    public Tensor trueDivide(Tensor other) { return self().div(other); }

    /** {@code tensor.true_divide(number)}. */
    public Tensor trueDivide(double other) { return self().div(other); }

    /** {@code tensor.true_divide_(other)}: {@link Tensor#div_(Tensor)}. */
    public Tensor trueDivide_(Tensor other) { return self().div_(other); }

    /** {@code tensor.multiply_(other)}: {@link Tensor#mul_(Tensor)}. */
    public Tensor multiply_(Tensor other) { return self().mul_(other); }

    /** {@code tensor.subtract(other)}: {@link Tensor#sub(Tensor)}. */
    public Tensor subtract(Tensor other) { return self().sub(other); }

    /** {@code tensor.subtract(other, alpha)}. */
    public Tensor subtract(Tensor other, double alpha) { return self().sub(other, alpha); }

    /** {@code tensor.subtract(number)}. */
    public Tensor subtract(double other) { return self().sub(other); }
    /** {@code torch.subtract} with a Python int. */
    public Tensor subtract(long other) { return self().sub(other); }

    /** {@code tensor.subtract_(other)}: {@link Tensor#sub_(Tensor)}. */
    public Tensor subtract_(Tensor other) { return self().sub_(other); }

    /** {@code tensor.negative_()}: {@link Tensor#neg_()}. */
    public Tensor negative_() { return self().neg_(); }

    /** {@code tensor.absolute()}: {@link Tensor#abs()}. */
    public Tensor absolute() { return self().abs(); }

    /** {@code tensor.absolute_()}: {@link Tensor#abs_()}. */
    public Tensor absolute_() { return self().abs_(); }

    /** {@code tensor.arctan2(other)}: {@link Tensor#atan2(Tensor)}. */
    public Tensor arctan2(Tensor other) { return self().atan2(other); }

    /** {@code tensor.arctan2_(other)}: {@link Tensor#atan2_(Tensor)}. */
    public Tensor arctan2_(Tensor other) { return self().atan2_(other); }

    /** {@code tensor.greater(other)}: {@link Tensor#gt(Tensor)}. */
    public Tensor greater(Tensor other) { return self().gt(other); }

    /** {@code tensor.greater(number)}. */
    public Tensor greater(double other) { return self().gt(other); }

    /** {@code tensor.greater_equal(other)}: {@link Tensor#ge(Tensor)}. */
    public Tensor greaterEqual(Tensor other) { return self().ge(other); }

    /** {@code tensor.greater_equal(number)}. */
    public Tensor greaterEqual(double other) { return self().ge(other); }

    /** {@code tensor.less(other)}: {@link Tensor#lt(Tensor)}. */
    public Tensor less(Tensor other) { return self().lt(other); }

    /** {@code tensor.less(number)}. */
    public Tensor less(double other) { return self().lt(other); }

    /** {@code tensor.less_equal(other)}: {@link Tensor#le(Tensor)}. */
    public Tensor lessEqual(Tensor other) { return self().le(other); }

    /** {@code tensor.less_equal(number)}. */
    public Tensor lessEqual(double other) { return self().le(other); }

    /** {@code tensor.not_equal(other)}: {@link Tensor#ne(Tensor)}. */
    public Tensor notEqual(Tensor other) { return self().ne(other); }

    /** {@code tensor.not_equal(number)}. */
    public Tensor notEqual(double other) { return self().ne(other); }

    /** {@code tensor.ger(vec2)}: {@link Tensor#outer} (deprecated in PyTorch). */
    public Tensor ger(Tensor vec2) { return self().outer(vec2); }

    /** {@code tensor.is_same_size(other)}: same shape. */
    public boolean isSameSize(Tensor other) { return java.util.Arrays.equals(self().shapeArray(), other.shapeArray()); }

    /** {@code tensor.is_nonzero()}: the value of a one-element tensor as a truth value (PyTorch's errors otherwise). */
    public boolean isNonzero() {
        long n = self().numel();
        if (n == 0) throw new IllegalArgumentException("Boolean value of Tensor with no values is ambiguous");
        if (n > 1) throw new IllegalArgumentException("Boolean value of Tensor with more than one value is ambiguous");
        return self().isComplex() ? self().abs().item() != 0 : self().item() != 0;
    }

    /** {@code tensor.is_signed()}: whether the dtype is signed (every dtype but uint8 and bool). */
    public boolean isSigned() { return self().dtype().isSigned(); }

    /** {@code tensor.nelement()}: {@link Tensor#numel()}. */
    public long nelement() { return self().numel(); }

    /** {@code tensor.ndimension()}: {@link Tensor#dim()}. */
    public int ndimension() { return self().dim(); }
}
