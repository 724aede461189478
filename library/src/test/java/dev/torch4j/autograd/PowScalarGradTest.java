package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code x.pow(number)}'s gradient keeps the exponent in double: {@code exp - 1} was once computed as a wrapped 0-d
 * tensor, which promotes to float32 and rounded 1/1.5 - 1 (a 2e-8 relative error in float64 gradients).
 */
class PowScalarGradTest {
    @Test
    void exponentMinusOneStaysDouble() {
        double[] xs = {0.3, 0.7, 1.05};
        for (double e : new double[] {1 / 1.5, 0.1, -2.7, 0.0}) {
            Tensor x = fromArray(xs.clone()).requiresGrad_(true);
            x.pow(e).sum().backward();
            double[] g = x.grad().toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double want = e == 0 ? 0 : e * Math.pow(xs[i], e - 1);
                assertEquals(want, g[i], Math.ulp(want) * 2, "d/dx x^" + e + " at " + xs[i]);
            }
        }
    }
}
