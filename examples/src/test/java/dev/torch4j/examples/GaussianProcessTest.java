package dev.torch4j.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gaussian-process example: LBFGS through the Cholesky factor finds sensible hyperparameters and a good fit. */
class GaussianProcessTest {
    @Test
    void fitsTheSineAndDrawsFromThePosterior() {
        GaussianProcess.Result r = GaussianProcess.run(40);
        assertTrue(r.nlmlAfter() < r.nlmlBefore() - 5, r.nlmlBefore() + " -> " + r.nlmlAfter());
        assertTrue(r.noiseVariance() > 0.002 && r.noiseVariance() < 0.05, "noise variance " + r.noiseVariance() + " (true 0.01)");
        assertTrue(r.lengthScale() > 0.5 && r.lengthScale() < 3, "length scale " + r.lengthScale());
        assertTrue(r.rmse() < 0.1, "RMSE " + r.rmse());
        assertArrayEquals(new long[] {3, 61}, r.samples().shapeArray());
    }
}
