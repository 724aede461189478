package dev.torch4j;

import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of complex tensors against PyTorch (scripts/goldens/fuzz_complex_goldens.py): the case forms of
 * FuzzParityTest with complex64/complex128 inputs (NaN and infinite parts, signed zeros, 0-d, empty and broadcast
 * shapes), mixed with real operands of every dtype. Each case must give PyTorch's dtype, shape and values (real and
 * imaginary parts compared on their own with torch.testing's tolerances) or be refused where PyTorch refuses; complex128
 * cases also compare the gradients of a real loss (PyTorch's convention: a complex leaf's grad is dL/dRe + i dL/dIm).
 */
class FuzzComplexParityTest {

    @Test
    void everyCaseMatchesPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzComplex", "fuzz_complex")), FuzzParityTest::describe,
                FuzzParityTest::run);
    }
}
