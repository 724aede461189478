package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Functions PyTorch has no complex kernel for refuse complex input, naming the function and the dtype, instead of
 * casting it to a real type (which dropped the imaginary parts and returned real values).
 */
class ComplexRefusalsTest {
    @Test
    void realOnlyFunctionsRefuseComplexInput() {
        Tensor z = Torch.randn(2, 3).to(DType.COMPLEX64);
        Map<String, Function<Tensor, Tensor>> fns = Map.of(
                "i0", Torch::i0, "i0e", x -> Torch.special().i0e(x), "lgamma", Tensor::lgamma, "digamma", Tensor::digamma,
                "erfinv", Tensor::erfinv, "ndtr", x -> Torch.special().ndtr(x), "ndtri", x -> Torch.special().ndtri(x),
                "bessel_j0", x -> Torch.special().besselJ0(x), "erfcx", x -> Torch.special().erfcx(x));
        fns.forEach((name, f) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(z), name);
            assertEquals("\"" + name + "\" not implemented for 'ComplexFloat'", e.getMessage(), name);
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.cdist(z, z));
        assertEquals("cdist only supports floating-point dtypes, X1 got: ComplexFloat", e.getMessage());
    }

    /** The refusals the complex fuzz found missing (a result was returned, or a real kernel's error that named no op). */
    @Test
    void fuzzFoundRefusalsNameTheOp() {
        Tensor z = Torch.randn(2, 3).to(DType.COMPLEX128);
        Map<String, Function<Tensor, Object>> fns = Map.of(
                "nansum does not support complex inputs", Tensor::nansum,
                "\"xlogy_cpu\" not implemented for 'ComplexDouble'", x -> x.xlogy(x),
                "\"logit_cpu\" not implemented for 'ComplexDouble'", Tensor::logit,
                "deg2rad is not supported for complex tensors.", Tensor::deg2rad,
                "rad2deg is not supported for complex tensors.", Tensor::rad2deg,
                "sort is not supported for complex types (ComplexDouble)", x -> x.sort(0),
                "median is not supported for complex types (ComplexDouble)", x -> x.median(1, false),
                "cummax is not supported for complex types (ComplexDouble)", x -> x.cummax(0));
        fns.forEach((message, f) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(z), message);
            assertEquals(message, e.getMessage());
        });
        // on a 0-d tensor too, where PyTorch's shortcuts return before its dtype check
        assertThrows(IllegalArgumentException.class, () -> z.select(0, 0).select(0, 0).sort(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> z.sub(Torch.ones(3).to(DType.BOOL)));
        assertEquals("sub: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, "
                + "use the `~` or `logicalNot()` operator instead.", e.getMessage());
    }
}
