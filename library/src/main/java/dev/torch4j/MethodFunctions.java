package dev.torch4j;

/**
 * The {@code torch.*} function forms of tensor methods: {@code Torch.nansum(x)} is {@code x.nansum()}, as
 * {@code torch.nansum(x)} is {@code x.nansum()} in PyTorch. Inherited by {@link Torch}; {@code TorchFunctionFormsTest}
 * keeps this list complete (every overload of a tensor method that PyTorch also offers as a function has its form).
 */
abstract class MethodFunctions extends NnExtraFunctions {
    MethodFunctions() {}

    /** {@code torch.abs_(input)}: {@link Tensor#abs_()}. */
    public static Tensor abs_(Tensor input) { return input.abs_(); }

    /** {@code torch.acos_(input)}: {@link Tensor#acos_()}. */
    public static Tensor acos_(Tensor input) { return input.acos_(); }

    /** {@code torch.acosh_(input)}: {@link Tensor#acosh_()}. */
    public static Tensor acosh_(Tensor input) { return input.acosh_(); }

    /** {@code torch.addbmm(input, b1, b2)}: {@link Tensor#addbmm(Tensor, Tensor)}. */
    public static Tensor addbmm(Tensor input, Tensor b1, Tensor b2) { return input.addbmm(b1, b2); }

    /** {@code torch.addcdiv(input, t1, t2)}: {@link Tensor#addcdiv(Tensor, Tensor)}. */
    public static Tensor addcdiv(Tensor input, Tensor t1, Tensor t2) { return input.addcdiv(t1, t2); }

    /** {@code torch.addcmul(input, t1, t2)}: {@link Tensor#addcmul(Tensor, Tensor)}. */
    public static Tensor addcmul(Tensor input, Tensor t1, Tensor t2) { return input.addcmul(t1, t2); }

    /** {@code torch.addmv(input, mat, vec)}: {@link Tensor#addmv(Tensor, Tensor)}. */
    public static Tensor addmv(Tensor input, Tensor mat, Tensor vec) { return input.addmv(mat, vec); }

    /** {@code torch.addmv_(input, mat, vec)}: {@link Tensor#addmv_(Tensor, Tensor)}. */
    public static Tensor addmv_(Tensor input, Tensor mat, Tensor vec) { return input.addmv_(mat, vec); }

    /** {@code torch.addmv_(input, mat, vec, beta, alpha)}: {@link Tensor#addmv_(Tensor, Tensor, double, double)}. */
    public static Tensor addmv_(Tensor input, Tensor mat, Tensor vec, double beta, double alpha) { return input.addmv_(mat, vec, beta, alpha); }

    /** {@code torch.addr(input, v1, v2)}: {@link Tensor#addr(Tensor, Tensor)}. */
    public static Tensor addr(Tensor input, Tensor v1, Tensor v2) { return input.addr(v1, v2); }

    /** {@code torch.adjoint(input)}: {@link Tensor#adjoint()}. */
    public static Tensor adjoint(Tensor input) { return input.adjoint(); }

    /** {@code torch.all(input, dim, keepdim)}: {@link Tensor#all(long, boolean)}. */
    public static Tensor all(Tensor input, long dim, boolean keepdim) { return input.all(dim, keepdim); }

    /** {@code torch.amax(input, dim, keepdim)}: {@link Tensor#amax(long, boolean)}. */
    public static Tensor amax(Tensor input, long dim, boolean keepdim) { return input.amax(dim, keepdim); }

    /** {@code torch.amin(input, dim, keepdim)}: {@link Tensor#amin(long, boolean)}. */
    public static Tensor amin(Tensor input, long dim, boolean keepdim) { return input.amin(dim, keepdim); }

    /** {@code torch.any(input, dim, keepdim)}: {@link Tensor#any(long, boolean)}. */
    public static Tensor any(Tensor input, long dim, boolean keepdim) { return input.any(dim, keepdim); }

    /** {@code torch.arccos_(input)}: {@link Tensor#arccos_()}. */
    public static Tensor arccos_(Tensor input) { return input.arccos_(); }

    /** {@code torch.arccosh_(input)}: {@link Tensor#arccosh_()}. */
    public static Tensor arccosh_(Tensor input) { return input.arccosh_(); }

    /** {@code torch.arcsin_(input)}: {@link Tensor#arcsin_()}. */
    public static Tensor arcsin_(Tensor input) { return input.arcsin_(); }

    /** {@code torch.arcsinh_(input)}: {@link Tensor#arcsinh_()}. */
    public static Tensor arcsinh_(Tensor input) { return input.arcsinh_(); }

    /** {@code torch.arctan_(input)}: {@link Tensor#arctan_()}. */
    public static Tensor arctan_(Tensor input) { return input.arctan_(); }

    /** {@code torch.arctanh_(input)}: {@link Tensor#arctanh_()}. */
    public static Tensor arctanh_(Tensor input) { return input.arctanh_(); }

    /** {@code torch.argsort(input)}: {@link Tensor#argsort()}. */
    public static Tensor argsort(Tensor input) { return input.argsort(); }

    /** {@code torch.argsort(input, dim)}: {@link Tensor#argsort(long)}. */
    public static Tensor argsort(Tensor input, long dim) { return input.argsort(dim); }

    /** {@code torch.argsort(input, dim, descending, stable)}: {@link Tensor#argsort(long, boolean, boolean)}. */
    public static Tensor argsort(Tensor input, long dim, boolean descending, boolean stable) { return input.argsort(dim, descending, stable); }

    /** {@code torch.asin_(input)}: {@link Tensor#asin_()}. */
    public static Tensor asin_(Tensor input) { return input.asin_(); }

    /** {@code torch.asinh_(input)}: {@link Tensor#asinh_()}. */
    public static Tensor asinh_(Tensor input) { return input.asinh_(); }

    /** {@code torch.as_strided(input, size, stride, storageOffset)}: {@link Tensor#asStrided(long[], long[], long)}. */
    public static Tensor asStrided(Tensor input, long[] size, long[] stride, long storageOffset) { return input.asStrided(size, stride, storageOffset); }

    /** {@code torch.as_strided_(input, size, stride, storage_offset)}: {@link Tensor#asStrided_(long[], long[], long)}. */
    public static Tensor asStrided_(Tensor input, long[] size, long[] stride, long storageOffset) {
        return input.asStrided_(size, stride, storageOffset);
    }

    /** {@code torch.resize_as_(input, the_template)}: {@link Tensor#resizeAs_}. */
    public static Tensor resizeAs_(Tensor input, Tensor template) { return input.resizeAs_(template); }

    /** {@code torch.atan_(input)}: {@link Tensor#atan_()}. */
    public static Tensor atan_(Tensor input) { return input.atan_(); }

    /** {@code torch.atanh_(input)}: {@link Tensor#atanh_()}. */
    public static Tensor atanh_(Tensor input) { return input.atanh_(); }

    /** {@code torch.baddbmm(input, b1, b2)}: {@link Tensor#baddbmm(Tensor, Tensor)}. */
    public static Tensor baddbmm(Tensor input, Tensor b1, Tensor b2) { return input.baddbmm(b1, b2); }

    /** {@code torch.ceil_(input)}: {@link Tensor#ceil_()}. */
    public static Tensor ceil_(Tensor input) { return input.ceil_(); }

    /** {@code torch.cholesky_solve(input, L)}: {@link Tensor#choleskySolve(Tensor)}. */
    public static Tensor choleskySolve(Tensor input, Tensor L) { return input.choleskySolve(L); }

    /** {@code torch.chunk(input, chunks)}: {@link Tensor#chunk(long)}. */
    public static Tensor[] chunk(Tensor input, long chunks) { return input.chunk(chunks); }

    /** {@code torch.clamp(input, min, max)}: {@link Tensor#clamp(double, double)}. */
    public static Tensor clamp(Tensor input, double min, double max) { return input.clamp(min, max); }
    /** {@code torch.clamp(input, min, max)} with Python ints: see {@link Tensor#clamp(long, long)}. */
    public static Tensor clamp(Tensor input, long min, long max) { return input.clamp(min, max); }

    /** {@code torch.clamp_(input, min, max)}: {@link Tensor#clamp_(double, double)}. */
    public static Tensor clamp_(Tensor input, double min, double max) { return input.clamp_(min, max); }

    /** {@code torch.clamp_max(input, max)}: {@link Tensor#clampMax(double)}. */
    public static Tensor clampMax(Tensor input, double max) { return input.clampMax(max); }
    /** {@code torch.clamp_max(input, max)} with a Python int. */
    public static Tensor clampMax(Tensor input, long max) { return input.clampMax(max); }

    /** {@code torch.clamp_max_(input, max)}: {@link Tensor#clampMax_(double)}. */
    public static Tensor clampMax_(Tensor input, double max) { return input.clampMax_(max); }

    /** {@code torch.clamp_max_(input, max)} with a Python int. */
    public static Tensor clampMax_(Tensor input, long max) { return input.clampMax_(max); }

    /** {@code torch.clamp_min(input, min)}: {@link Tensor#clampMin(double)}. */
    public static Tensor clampMin(Tensor input, double min) { return input.clampMin(min); }
    /** {@code torch.clamp_min(input, min)} with a Python int. */
    public static Tensor clampMin(Tensor input, long min) { return input.clampMin(min); }

    /** {@code torch.clamp_min_(input, min)}: {@link Tensor#clampMin_(double)}. */
    public static Tensor clampMin_(Tensor input, double min) { return input.clampMin_(min); }

    /** {@code torch.clamp_min_(input, min)} with a Python int. */
    public static Tensor clampMin_(Tensor input, long min) { return input.clampMin_(min); }

    /** {@code torch.clip_(input, min, max)}: {@link Tensor#clip_(double, double)}. */
    public static Tensor clip_(Tensor input, double min, double max) { return input.clip_(min, max); }

    /** {@code torch.clip_(input, min, max)} with Python ints. */
    public static Tensor clip_(Tensor input, long min, long max) { return input.clip_(min, max); }

    /** {@code torch.conj_physical_(input)}: {@link Tensor#conjPhysical_()}. */
    public static Tensor conjPhysical_(Tensor input) { return input.conjPhysical_(); }

    /** {@code torch.copysign(input, other)}: {@link Tensor#copysign(Tensor)}. */
    public static Tensor copysign(Tensor input, Tensor other) { return input.copysign(other); }

    /** {@code torch.cos_(input)}: {@link Tensor#cos_()}. */
    public static Tensor cos_(Tensor input) { return input.cos_(); }

    /** {@code torch.cosh_(input)}: {@link Tensor#cosh_()}. */
    public static Tensor cosh_(Tensor input) { return input.cosh_(); }

    /** {@code torch.cov(input)}: {@link Tensor#cov()}. */
    public static Tensor cov(Tensor input) { return input.cov(); }

    /** {@code torch.deg2rad_(input)}: {@link Tensor#deg2rad_()}. */
    public static Tensor deg2rad_(Tensor input) { return input.deg2rad_(); }

    /** {@code torch.detach(input)}: {@link Tensor#detach()}. */
    public static Tensor detach(Tensor input) { return input.detach(); }

    /** {@code torch.detach_(input)}: {@link Tensor#detach_()}. */
    public static Tensor detach_(Tensor input) { return input.detach_(); }

    /** {@code torch.diag_embed(input, offset, dim1, dim2)}: {@link Tensor#diagEmbed(long, long, long)}. */
    public static Tensor diagEmbed(Tensor input, long offset, long dim1, long dim2) { return input.diagEmbed(offset, dim1, dim2); }

    /** {@code torch.diagonal(input)}: {@link Tensor#diagonal()}. */
    public static Tensor diagonal(Tensor input) { return input.diagonal(); }

    /** {@code torch.diff(input)}: {@link Tensor#diff()}. */
    public static Tensor diff(Tensor input) { return input.diff(); }

    /** {@code torch.diff(input, n, dim)}: {@link Tensor#diff(long, long)}. */
    public static Tensor diff(Tensor input, long n, long dim) { return input.diff(n, dim); }

    /** {@code torch.div(input, o, roundingMode)}: {@link Tensor#div(Tensor, String)}. */
    public static Tensor div(Tensor input, Tensor o, String roundingMode) { return input.div(o, roundingMode); }

    /** {@code torch.erf_(input)}: {@link Tensor#erf_()}. */
    public static Tensor erf_(Tensor input) { return input.erf_(); }

    /** {@code torch.erfc_(input)}: {@link Tensor#erfc_()}. */
    public static Tensor erfc_(Tensor input) { return input.erfc_(); }

    /** {@code torch.exp2_(input)}: {@link Tensor#exp2_()}. */
    public static Tensor exp2_(Tensor input) { return input.exp2_(); }

    /** {@code torch.exp_(input)}: {@link Tensor#exp_()}. */
    public static Tensor exp_(Tensor input) { return input.exp_(); }

    /** {@code torch.expm1_(input)}: {@link Tensor#expm1_()}. */
    public static Tensor expm1_(Tensor input) { return input.expm1_(); }

    /**
     * {@code torch.fill(input, value)}: a new tensor of input's shape, dtype and device filled with value; its
     * gradient to input is zero (PyTorch's FillBackward0).
     */
    public static Tensor fill(Tensor input, double value) {
        return fill(input, Torch.full(new long[0], value, TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device())));
    }

    /**
     * {@code torch.fill(input, value)} with a 0-d tensor value: value's gradient is the sum of the result's (PyTorch's
     * FillBackward1), input's is zero.
     *
     * @throws IllegalArgumentException when value is not 0-d, with PyTorch's message
     */
    public static Tensor fill(Tensor input, Tensor value) {
        if (value.dim() != 0) {
            throw new IllegalArgumentException("fill_ only supports 0-dimension value tensor but got tensor with " + value.dim() + " dimensions.");
        }
        Tensor all = Torch.ones(Size.of(input.shapeArray()), TensorOptions.DEFAULT.dtype(DType.BOOL).device(input.device()));
        return Torch.where(all, value.to(input.device(), input.dtype()), input);
    }

    /** {@code torch.fill_(input, value)}: {@link Tensor#fill_(double)}. */
    public static Tensor fill_(Tensor input, double value) { return input.fill_(value); }

    /** {@code torch.fix_(input)}: {@link Tensor#fix_()}. */
    public static Tensor fix_(Tensor input) { return input.fix_(); }

    /** {@code torch.float_power(input, exponent)}: {@link Tensor#floatPower(Tensor)}. */
    public static Tensor floatPower(Tensor input, Tensor exponent) { return input.floatPower(exponent); }

    /** {@code torch.float_power(input, exponent)}: {@link Tensor#floatPower(double)}. */
    public static Tensor floatPower(Tensor input, double exponent) { return input.floatPower(exponent); }

    /** {@code torch.floor_(input)}: {@link Tensor#floor_()}. */
    public static Tensor floor_(Tensor input) { return input.floor_(); }

    /** {@code torch.floor_divide(input, o)}: {@link Tensor#floorDivide(long)}. */
    public static Tensor floorDivide(Tensor input, long o) { return input.floorDivide(o); }

    /** {@code torch.floor_divide(input, o)}: {@link Tensor#floorDivide(double)}. */
    public static Tensor floorDivide(Tensor input, double o) { return input.floorDivide(o); }

    /** {@code torch.fmod(input, other)}: {@link Tensor#fmod(double)}. */
    public static Tensor fmod(Tensor input, double other) { return input.fmod(other); }
    /** {@code torch.fmod(input, other)} with a Python int. */
    public static Tensor fmod(Tensor input, long other) { return input.fmod(other); }

    /** {@code torch.frac(input)}: {@link Tensor#frac()}. */
    public static Tensor frac(Tensor input) { return input.frac(); }

    /** {@code torch.frac_(input)}: {@link Tensor#frac_()}. */
    public static Tensor frac_(Tensor input) { return input.frac_(); }

    /** {@code torch.gcd_(input, other)}: {@link Tensor#gcd_(Tensor)}. */
    public static Tensor gcd_(Tensor input, Tensor other) { return input.gcd_(other); }

    /** {@code torch.get_device(input)}: {@link Tensor#getDevice()}. */
    public static int getDevice(Tensor input) { return input.getDevice(); }

    /** {@code torch.greater(input, other)}: {@link Tensor#greater(double)}. */
    public static Tensor greater(Tensor input, double other) { return input.greater(other); }

    /** {@code torch.greater_equal(input, other)}: {@link Tensor#greaterEqual(double)}. */
    public static Tensor greaterEqual(Tensor input, double other) { return input.greaterEqual(other); }

    /** {@code torch.hardshrink(input)}: {@link Tensor#hardshrink()}. */
    public static Tensor hardshrink(Tensor input) { return input.hardshrink(); }

    /** {@code torch.hardshrink(input, lambd)}: {@link Tensor#hardshrink(double)}. */
    public static Tensor hardshrink(Tensor input, double lambd) { return input.hardshrink(lambd); }

    /** {@code torch.heaviside(input, values)}: {@link Tensor#heaviside(Tensor)}. */
    public static Tensor heaviside(Tensor input, Tensor values) { return input.heaviside(values); }

    /** {@code torch.histogram(input, bins)}: {@link Tensor#histogram(Tensor)}. */
    public static Tensor[] histogram(Tensor input, Tensor bins) { return input.histogram(bins); }

    /** {@code torch.i0_(input)}: {@link Tensor#i0_()}. */
    public static Tensor i0_(Tensor input) { return input.i0_(); }

    /** {@code torch.igamma(input, other)}: {@link Tensor#igamma(Tensor)}. */
    public static Tensor igamma(Tensor input, Tensor other) { return input.igamma(other); }

    /** {@code torch.igammac(input, other)}: {@link Tensor#igammac(Tensor)}. */
    public static Tensor igammac(Tensor input, Tensor other) { return input.igammac(other); }

    /** {@code torch.index_add(input, dim, index, source)}: {@link Tensor#indexAdd(long, Tensor, Tensor)}. */
    public static Tensor indexAdd(Tensor input, long dim, Tensor index, Tensor source) { return input.indexAdd(dim, index, source); }

    /** {@code torch.index_add(input, dim, index, source, alpha)}: {@link Tensor#indexAdd(long, Tensor, Tensor, double)}. */
    public static Tensor indexAdd(Tensor input, long dim, Tensor index, Tensor source, double alpha) { return input.indexAdd(dim, index, source, alpha); }

    /** {@code torch.index_copy(input, dim, index, source)}: {@link Tensor#indexCopy(long, Tensor, Tensor)}. */
    public static Tensor indexCopy(Tensor input, long dim, Tensor index, Tensor source) { return input.indexCopy(dim, index, source); }

    /** {@code torch.index_fill(input, dim, index, value)}: {@link Tensor#indexFill(long, Tensor, double)}. */
    public static Tensor indexFill(Tensor input, long dim, Tensor index, double value) { return input.indexFill(dim, index, value); }

    /** {@code torch.index_put(input, indices, values, accumulate)}: {@link Tensor#indexPut(Object[], Tensor, boolean)}. */
    public static Tensor indexPut(Tensor input, Object[] indices, Tensor values, boolean accumulate) { return input.indexPut(indices, values, accumulate); }

    /** {@code torch.index_put_(input, indices, value)}: {@link Tensor#indexPut_(Object[], long)}. */
    public static Tensor indexPut_(Tensor input, Object[] indices, long value) { return input.indexPut_(indices, value); }

    /** {@code torch.index_put_(input, indices, value)}: {@link Tensor#indexPut_(Object[], double)}. */
    public static Tensor indexPut_(Tensor input, Object[] indices, double value) { return input.indexPut_(indices, value); }

    /** {@code torch.index_put_(input, indices, values)}: {@link Tensor#indexPut_(Object[], Tensor)}. */
    public static Tensor indexPut_(Tensor input, Object[] indices, Tensor values) { return input.indexPut_(indices, values); }

    /** {@code torch.index_put_(input, indices, values, accumulate)}: {@link Tensor#indexPut_(Object[], Tensor, boolean)}. */
    public static Tensor indexPut_(Tensor input, Object[] indices, Tensor values, boolean accumulate) { return input.indexPut_(indices, values, accumulate); }

    /** {@code torch.index_reduce(input, dim, index, source, reduce)}: {@link Tensor#indexReduce(long, Tensor, Tensor, String)}. */
    public static Tensor indexReduce(Tensor input, long dim, Tensor index, Tensor source, String reduce) { return input.indexReduce(dim, index, source, reduce); }

    /** {@code torch.is_conj(input)}: {@link Tensor#isConj()}. */
    public static boolean isConj(Tensor input) { return input.isConj(); }

    /** {@code torch.is_floating_point(input)}: {@link Tensor#isFloatingPoint()}. */
    public static boolean isFloatingPoint(Tensor input) { return input.isFloatingPoint(); }

    /** {@code torch.is_inference(input)}: {@link Tensor#isInference()}. */
    public static boolean isInference(Tensor input) { return input.isInference(); }

    /** {@code torch.is_neg(input)}: {@link Tensor#isNeg()}. */
    public static boolean isNeg(Tensor input) { return input.isNeg(); }

    /** {@code torch.kthvalue(input, k)}: {@link Tensor#kthvalue(long)}. */
    public static ValuesIndices kthvalue(Tensor input, long k) { return input.kthvalue(k); }

    /** {@code torch.kthvalue(input, k, dim, keepdim)}: {@link Tensor#kthvalue(long, long, boolean)}. */
    public static ValuesIndices kthvalue(Tensor input, long k, long dim, boolean keepdim) { return input.kthvalue(k, dim, keepdim); }

    /** {@code torch.lcm_(input, other)}: {@link Tensor#lcm_(Tensor)}. */
    public static Tensor lcm_(Tensor input, Tensor other) { return input.lcm_(other); }

    /** {@code torch.ldexp_(input, other)}: {@link Tensor#ldexp_(Tensor)}. */
    public static Tensor ldexp_(Tensor input, Tensor other) { return input.ldexp_(other); }

    /** {@code torch.lerp(input, end, weight)}: {@link Tensor#lerp(Tensor, Tensor)}. */
    public static Tensor lerp(Tensor input, Tensor end, Tensor weight) { return input.lerp(end, weight); }

    /** {@code torch.less(input, other)}: {@link Tensor#less(double)}. */
    public static Tensor less(Tensor input, double other) { return input.less(other); }

    /** {@code torch.less_equal(input, other)}: {@link Tensor#lessEqual(double)}. */
    public static Tensor lessEqual(Tensor input, double other) { return input.lessEqual(other); }

    /** {@code torch.log10_(input)}: {@link Tensor#log10_()}. */
    public static Tensor log10_(Tensor input) { return input.log10_(); }

    /** {@code torch.log1p_(input)}: {@link Tensor#log1p_()}. */
    public static Tensor log1p_(Tensor input) { return input.log1p_(); }

    /** {@code torch.log2_(input)}: {@link Tensor#log2_()}. */
    public static Tensor log2_(Tensor input) { return input.log2_(); }

    /** {@code torch.log_(input)}: {@link Tensor#log_()}. */
    public static Tensor log_(Tensor input) { return input.log_(); }

    /** {@code torch.logaddexp2(input, other)}: {@link Tensor#logaddexp2(Tensor)}. */
    public static Tensor logaddexp2(Tensor input, Tensor other) { return input.logaddexp2(other); }

    /** {@code torch.logcumsumexp(input, dim)}: {@link Tensor#logcumsumexp(long)}. */
    public static Tensor logcumsumexp(Tensor input, long dim) { return input.logcumsumexp(dim); }

    /** {@code torch.logit(input)}: {@link Tensor#logit()}. */
    public static Tensor logit(Tensor input) { return input.logit(); }

    /** {@code torch.logit_(input)}: {@link Tensor#logit_()}. */
    public static Tensor logit_(Tensor input) { return input.logit_(); }

    /** {@code torch.logit_(input, eps)}: {@link Tensor#logit_(double)}. */
    public static Tensor logit_(Tensor input, double eps) { return input.logit_(eps); }

    /** {@code torch.logsumexp(input, dims)}: {@link Tensor#logsumexp(long[])}. */
    public static Tensor logsumexp(Tensor input, long... dims) { return input.logsumexp(dims); }

    /** {@code torch.masked_fill(input, mask, value)}: {@link Tensor#maskedFill(Tensor, Tensor)}. */
    public static Tensor maskedFill(Tensor input, Tensor mask, Tensor value) { return input.maskedFill(mask, value); }

    /** {@code torch.masked_fill(input, mask, value)}: {@link Tensor#maskedFill(Tensor, double)}. */
    public static Tensor maskedFill(Tensor input, Tensor mask, double value) { return input.maskedFill(mask, value); }

    /** {@code torch.masked_scatter(input, mask, source)}: {@link Tensor#maskedScatter(Tensor, Tensor)}. */
    public static Tensor maskedScatter(Tensor input, Tensor mask, Tensor source) { return input.maskedScatter(mask, source); }

    /** {@code torch.mean(input)}: {@link Tensor#mean()}. */
    public static Tensor mean(Tensor input) { return input.mean(); }

    /** {@code torch.mean(input, dim)}: {@link Tensor#mean(long)}. */
    public static Tensor mean(Tensor input, long dim) { return input.mean(dim); }

    /** {@code torch.mean(input, dtype)}: {@link Tensor#mean(DType)}. */
    public static Tensor mean(Tensor input, DType dtype) { return input.mean(dtype); }

    /** {@code torch.median(input, dim)}: {@link Tensor#median(long)}. */
    public static ValuesIndices median(Tensor input, long dim) { return input.median(dim); }

    /** {@code torch.median(input, dim, keepdim)}: {@link Tensor#median(long, boolean)}. */
    public static ValuesIndices median(Tensor input, long dim, boolean keepdim) { return input.median(dim, keepdim); }

    /** {@code torch.mode(input, dim)}: {@link Tensor#mode(long)}. */
    public static ValuesIndices mode(Tensor input, long dim) { return input.mode(dim); }

    /** {@code torch.movedim(input, source, destination)}: {@link Tensor#movedim(long[], long[])}. */
    public static Tensor movedim(Tensor input, long[] source, long[] destination) { return input.movedim(source, destination); }

    /** {@code torch.nanmean(input)}: {@link Tensor#nanmean()}. */
    public static Tensor nanmean(Tensor input) { return input.nanmean(); }

    /** {@code torch.nanmean(input, dims, keepdim)}: {@link Tensor#nanmean(long[], boolean)}. */
    public static Tensor nanmean(Tensor input, long[] dims, boolean keepdim) { return input.nanmean(dims, keepdim); }

    /** {@code torch.nanmean(input, dim, keepdim)}: {@link Tensor#nanmean(long, boolean)}. */
    public static Tensor nanmean(Tensor input, long dim, boolean keepdim) { return input.nanmean(dim, keepdim); }

    /** {@code torch.nanmedian(input)}: {@link Tensor#nanmedian()}. */
    public static Tensor nanmedian(Tensor input) { return input.nanmedian(); }

    /** {@code torch.nanmedian(input, dim)}: {@link Tensor#nanmedian(long)}. */
    public static ValuesIndices nanmedian(Tensor input, long dim) { return input.nanmedian(dim); }

    /** {@code torch.nanmedian(input, dim, keepdim)}: {@link Tensor#nanmedian(long, boolean)}. */
    public static ValuesIndices nanmedian(Tensor input, long dim, boolean keepdim) { return input.nanmedian(dim, keepdim); }

    /** {@code torch.nanquantile(input, q)}: {@link Tensor#nanquantile(double)}. */
    public static Tensor nanquantile(Tensor input, double q) { return input.nanquantile(q); }

    /** {@code torch.nanquantile(input, q, dim, keepdim, interpolation)}: {@link Tensor#nanquantile(double, Long, boolean, String)}. */
    public static Tensor nanquantile(Tensor input, double q, Long dim, boolean keepdim, String interpolation) { return input.nanquantile(q, dim, keepdim, interpolation); }

    /** {@code torch.nansum(input)}: {@link Tensor#nansum()}. */
    public static Tensor nansum(Tensor input) { return input.nansum(); }

    /** {@code torch.nansum(input, dims, keepdim)}: {@link Tensor#nansum(long[], boolean)}. */
    public static Tensor nansum(Tensor input, long[] dims, boolean keepdim) { return input.nansum(dims, keepdim); }

    /** {@code torch.nansum(input, dim, keepdim)}: {@link Tensor#nansum(long, boolean)}. */
    public static Tensor nansum(Tensor input, long dim, boolean keepdim) { return input.nansum(dim, keepdim); }

    /** {@code torch.nan_to_num_(input)}: {@link Tensor#nanToNum_()}. */
    public static Tensor nanToNum_(Tensor input) { return input.nanToNum_(); }

    /** {@code torch.nan_to_num_(input, nan, posinf, neginf)}: {@link Tensor#nanToNum_(double, Double, Double)}. */
    public static Tensor nanToNum_(Tensor input, double nan, Double posinf, Double neginf) { return input.nanToNum_(nan, posinf, neginf); }

    /** {@code torch.narrow_copy(input, dim, start, length)}: {@link Tensor#narrowCopy(long, long, long)}. */
    public static Tensor narrowCopy(Tensor input, long dim, long start, long length) { return input.narrowCopy(dim, start, length); }

    /** {@code torch.neg_(input)}: {@link Tensor#neg_()}. */
    public static Tensor neg_(Tensor input) { return input.neg_(); }

    /** {@code torch.negative_(input)}: {@link Tensor#negative_()}. */
    public static Tensor negative_(Tensor input) { return input.negative_(); }

    /** {@code torch.norm(input, p, dims)}: {@link Tensor#norm(double, long[])}. */
    public static Tensor norm(Tensor input, double p, long... dims) { return input.norm(p, dims); }

    /** {@code torch.norm(input, p, dim, keepdim)}: {@link Tensor#norm(double, long, boolean)}. */
    public static Tensor norm(Tensor input, double p, long dim, boolean keepdim) { return input.norm(p, dim, keepdim); }

    /** {@code torch.not_equal(input, other)}: {@link Tensor#notEqual(double)}. */
    public static Tensor notEqual(Tensor input, double other) { return input.notEqual(other); }

    /** {@code torch.polygamma(input, n)}: {@link Tensor#polygamma(long)}. */
    public static Tensor polygamma(Tensor input, long n) { return input.polygamma(n); }

    /** {@code torch.prelu(input, weight)}: {@link Tensor#prelu(Tensor)}. */
    public static Tensor prelu(Tensor input, Tensor weight) { return input.prelu(weight); }

    /** {@code torch.prod(input, dtype)}: {@link Tensor#prod(DType)}. */
    public static Tensor prod(Tensor input, DType dtype) { return input.prod(dtype); }

    /** {@code torch.prod(input, dim, keepdim, dtype)}: {@link Tensor#prod(long, boolean, DType)}. */
    public static Tensor prod(Tensor input, long dim, boolean keepdim, DType dtype) { return input.prod(dim, keepdim, dtype); }

    /** {@code torch.put(input, index, source, accumulate)}: {@link Tensor#put(Tensor, Tensor, boolean)}. */
    public static Tensor put(Tensor input, Tensor index, Tensor source, boolean accumulate) { return input.put(index, source, accumulate); }

    /** {@code torch.quantile(input, q, dim, keepdim, interpolation)}: {@link Tensor#quantile(Tensor, Long, boolean, String)}. */
    public static Tensor quantile(Tensor input, Tensor q, Long dim, boolean keepdim, String interpolation) { return input.quantile(q, dim, keepdim, interpolation); }

    /** {@code torch.quantile(input, q, dim, keepdim, interpolation)}: {@link Tensor#quantile(double, long, boolean, String)}. */
    public static Tensor quantile(Tensor input, double q, long dim, boolean keepdim, String interpolation) { return input.quantile(q, dim, keepdim, interpolation); }

    /** {@code torch.rad2deg_(input)}: {@link Tensor#rad2deg_()}. */
    public static Tensor rad2deg_(Tensor input) { return input.rad2deg_(); }

    /** {@code torch.reciprocal_(input)}: {@link Tensor#reciprocal_()}. */
    public static Tensor reciprocal_(Tensor input) { return input.reciprocal_(); }

    /** {@code torch.relu_(input)}: {@link Tensor#relu_()}. */
    public static Tensor relu_(Tensor input) { return input.relu_(); }

    /** {@code torch.repeat_interleave(input, repeats, dim)}: {@link Tensor#repeatInterleave(Tensor, long)}. */
    public static Tensor repeatInterleave(Tensor input, Tensor repeats, long dim) { return input.repeatInterleave(repeats, dim); }

    /** {@code torch.resolve_conj(input)}: {@link Tensor#resolveConj()}. */
    public static Tensor resolveConj(Tensor input) { return input.resolveConj(); }

    /** {@code torch.resolve_neg(input)}: {@link Tensor#resolveNeg()}. */
    public static Tensor resolveNeg(Tensor input) { return input.resolveNeg(); }

    /** {@code torch.roll(input, shifts)}: {@link Tensor#roll(long)}. */
    public static Tensor roll(Tensor input, long shifts) { return input.roll(shifts); }

    /** {@code torch.rot90(input)}: {@link Tensor#rot90()}. */
    public static Tensor rot90(Tensor input) { return input.rot90(); }

    /** {@code torch.round_(input)}: {@link Tensor#round_()}. */
    public static Tensor round_(Tensor input) { return input.round_(); }

    /** {@code torch.rsqrt_(input)}: {@link Tensor#rsqrt_()}. */
    public static Tensor rsqrt_(Tensor input) { return input.rsqrt_(); }

    /** {@code torch.sigmoid_(input)}: {@link Tensor#sigmoid_()}. */
    public static Tensor sigmoid_(Tensor input) { return input.sigmoid_(); }

    /** {@code torch.sin_(input)}: {@link Tensor#sin_()}. */
    public static Tensor sin_(Tensor input) { return input.sin_(); }

    /** {@code torch.sinc(input)}: {@link Tensor#sinc()}. */
    public static Tensor sinc(Tensor input) { return input.sinc(); }

    /** {@code torch.sinc_(input)}: {@link Tensor#sinc_()}. */
    public static Tensor sinc_(Tensor input) { return input.sinc_(); }

    /** {@code torch.sinh_(input)}: {@link Tensor#sinh_()}. */
    public static Tensor sinh_(Tensor input) { return input.sinh_(); }

    /** {@code torch.slice_scatter(input, src)}: {@link Tensor#sliceScatter(Tensor)}. */
    public static Tensor sliceScatter(Tensor input, Tensor src) { return input.sliceScatter(src); }

    /** {@code torch.sort(input)}: {@link Tensor#sort()}. */
    public static ValuesIndices sort(Tensor input) { return input.sort(); }

    /** {@code torch.sort(input, dim)}: {@link Tensor#sort(long)}. */
    public static ValuesIndices sort(Tensor input, long dim) { return input.sort(dim); }

    /** {@code torch.split(input, sizes)}: {@link Tensor#split(long[])}. */
    public static Tensor[] split(Tensor input, long[] sizes) { return input.split(sizes); }

    /** {@code torch.split(input, splitSize)}: {@link Tensor#split(long)}. */
    public static Tensor[] split(Tensor input, long splitSize) { return input.split(splitSize); }

    /** {@code torch.split_with_sizes(input, splitSizes)}: {@link Tensor#splitWithSizes(long[])}. */
    public static Tensor[] splitWithSizes(Tensor input, long[] splitSizes) { return input.splitWithSizes(splitSizes); }

    /** {@code torch.split_with_sizes(input, splitSizes, dim)}: {@link Tensor#splitWithSizes(long[], long)}. */
    public static Tensor[] splitWithSizes(Tensor input, long[] splitSizes, long dim) { return input.splitWithSizes(splitSizes, dim); }

    /** {@code torch.sqrt_(input)}: {@link Tensor#sqrt_()}. */
    public static Tensor sqrt_(Tensor input) { return input.sqrt_(); }

    /** {@code torch.square_(input)}: {@link Tensor#square_()}. */
    public static Tensor square_(Tensor input) { return input.square_(); }

    /** {@code torch.std(input)}: {@link Tensor#std()}. */
    public static Tensor std(Tensor input) { return input.std(); }

    /** {@code torch.std(input, unbiased)}: {@link Tensor#std(boolean)}. */
    public static Tensor std(Tensor input, boolean unbiased) { return input.std(unbiased); }

    /** {@code torch.std(input, dims, unbiased, keepdim)}: {@link Tensor#std(long[], boolean, boolean)}. */
    public static Tensor std(Tensor input, long[] dims, boolean unbiased, boolean keepdim) { return input.std(dims, unbiased, keepdim); }

    /** {@code torch.subtract(input, other)}: {@link Tensor#subtract(double)}. */
    public static Tensor subtract(Tensor input, double other) { return input.subtract(other); }
    /** {@code torch.subtract(input, other)} with a Python int. */
    public static Tensor subtract(Tensor input, long other) { return input.subtract(other); }

    /** {@code torch.sum(input, dim)}: {@link Tensor#sum(long)}. */
    public static Tensor sum(Tensor input, long dim) { return input.sum(dim); }

    /** {@code torch.sum(input, dtype)}: {@link Tensor#sum(DType)}. */
    public static Tensor sum(Tensor input, DType dtype) { return input.sum(dtype); }

    /** {@code torch.tan_(input)}: {@link Tensor#tan_()}. */
    public static Tensor tan_(Tensor input) { return input.tan_(); }

    /** {@code torch.tanh_(input)}: {@link Tensor#tanh_()}. */
    public static Tensor tanh_(Tensor input) { return input.tanh_(); }

    /** {@code torch.topk(input, k, dim)}: {@link Tensor#topk(long, long)}. */
    public static ValuesIndices topk(Tensor input, long k, long dim) { return input.topk(k, dim); }

    /** {@code torch.true_divide(input, other)}: {@link Tensor#trueDivide(double)}. */
    public static Tensor trueDivide(Tensor input, double other) { return input.trueDivide(other); }

    /** {@code torch.trunc_(input)}: {@link Tensor#trunc_()}. */
    public static Tensor trunc_(Tensor input) { return input.trunc_(); }

    /** {@code torch.unbind(input)}: {@link Tensor#unbind()}. */
    public static Tensor[] unbind(Tensor input) { return input.unbind(); }

    /** {@code torch.unbind(input, dim)}: {@link Tensor#unbind(long)}. */
    public static Tensor[] unbind(Tensor input, long dim) { return input.unbind(dim); }

    /** {@code torch.unflatten(input, dim, sizes)}: {@link Tensor#unflatten(long, long[])}. */
    public static Tensor unflatten(Tensor input, long dim, long... sizes) { return input.unflatten(dim, sizes); }

    /** {@code torch.unique_consecutive(input)}: {@link Tensor#uniqueConsecutive()}. */
    public static Tensor uniqueConsecutive(Tensor input) { return input.uniqueConsecutive(); }

    /** {@code torch.unsafe_chunk(input, chunks, dim)}: {@link Tensor#unsafeChunk(long, long)}. */
    public static Tensor[] unsafeChunk(Tensor input, long chunks, long dim) { return input.unsafeChunk(chunks, dim); }

    /** {@code torch.unsafe_split_with_sizes(input, split_sizes)}: {@link Tensor#unsafeSplitWithSizes(long[])}. */
    public static Tensor[] unsafeSplitWithSizes(Tensor input, long[] splitSizes) { return input.unsafeSplitWithSizes(splitSizes); }

    /** {@code torch.unsafe_split_with_sizes(input, split_sizes, dim)}: {@link Tensor#unsafeSplitWithSizes(long[], long)}. */
    public static Tensor[] unsafeSplitWithSizes(Tensor input, long[] splitSizes, long dim) { return input.unsafeSplitWithSizes(splitSizes, dim); }

    /** {@code torch.unsafe_split(input, splitSize, dim)}: {@link Tensor#unsafeSplit(long, long)}. */
    public static Tensor[] unsafeSplit(Tensor input, long splitSize, long dim) { return input.unsafeSplit(splitSize, dim); }

    /** {@code torch.var(input)}: {@link Tensor#var()}. */
    public static Tensor var(Tensor input) { return input.var(); }

    /** {@code torch.var(input, unbiased)}: {@link Tensor#var(boolean)}. */
    public static Tensor var(Tensor input, boolean unbiased) { return input.var(unbiased); }

    /** {@code torch.var(input, dims, unbiased, keepdim)}: {@link Tensor#var(long[], boolean, boolean)}. */
    public static Tensor var(Tensor input, long[] dims, boolean unbiased, boolean keepdim) { return input.var(dims, unbiased, keepdim); }

    /** {@code torch.where(condition, input, other)} with a float {@code other}: {@link Tensor#where(Tensor, double)}. */
    public static Tensor where(Tensor condition, Tensor input, double other) { return input.where(condition, other); }

    /** {@code torch.where(condition, input, other)} with a Python int {@code other}: an integer input stays integer. */
    public static Tensor where(Tensor condition, Tensor input, long other) { return input.where(condition, other); }

    /** {@code torch.where(condition, input, other)} with a float {@code input}. */
    public static Tensor where(Tensor condition, double input, Tensor other) {
        return dev.torch4j.ops.Elementwise.where(condition, Tensor.scalar(input), other);
    }

    /** {@code torch.where(condition, input, other)} with a Python int {@code input}. */
    public static Tensor where(Tensor condition, long input, Tensor other) {
        return dev.torch4j.ops.Elementwise.where(condition, Tensor.scalar(input), other);
    }

    /** {@code torch.xlogy_(input, other)}: {@link Tensor#xlogy_(Tensor)}. */
    public static Tensor xlogy_(Tensor input, Tensor other) { return input.xlogy_(other); }

    /** {@code torch.zero_(input)}: {@link Tensor#zero_()}. */
    public static Tensor zero_(Tensor input) { return input.zero_(); }
}
