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
}
