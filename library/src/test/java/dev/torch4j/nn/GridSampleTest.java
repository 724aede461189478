package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** F.affine_grid and F.grid_sample against PyTorch (scripts/goldens/grid_sample_goldens.py), and gradcheck. */
class GridSampleTest {
    private static Tensor t(JsonObject c, String k) { return Golden.tensor(c.getAsJsonObject(k)); }

    @Test
    void matchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("grid_sample")) {
            String kind = c.get("kind").getAsString();
            if (kind.equals("grid_sample")) {
                String what = c.get("mode").getAsString() + " " + c.get("padding").getAsString() + " align=" + c.get("align_corners");
                Tensor x = t(c, "input").requiresGrad_(true), g = t(c, "grid").requiresGrad_(true);
                Tensor out = Functional.gridSample(x, g, c.get("mode").getAsString(), c.get("padding").getAsString(),
                        c.get("align_corners").getAsBoolean());
                Golden.assertClose(t(c, "out"), out.detach(), 1e-12, 1e-12, what);
                out.mul(t(c, "w")).sum().backward();
                Golden.assertClose(t(c, "grad_input"), x.grad(), 1e-12, 1e-12, what + " input grad");
                Golden.assertClose(t(c, "grad_grid"), g.grad(), 1e-11, 1e-11, what + " grid grad");
            } else if (kind.equals("affine_grid")) {
                Tensor theta = t(c, "theta").requiresGrad_(true);
                Tensor g = Functional.affineGrid(theta, new long[] {2, 3, 4, 5}, c.get("align_corners").getAsBoolean());
                Golden.assertClose(t(c, "grid"), g.detach(), 1e-12, 1e-12, "affine_grid");
                g.mul(t(c, "w")).sum().backward();
                Golden.assertClose(t(c, "grad_theta"), theta.grad(), 1e-12, 1e-12, "affine_grid theta grad");
            } else {
                Tensor theta = t(c, "theta").requiresGrad_(true);
                Tensor out = Functional.gridSample(t(c, "image"), Functional.affineGrid(theta, new long[] {1, 1, 5, 5}));
                Golden.assertClose(t(c, "out"), out.detach(), 1e-12, 1e-12, "stn");
                out.sum().backward();
                Golden.assertClose(t(c, "grad_theta"), theta.grad(), 1e-11, 1e-11, "stn theta grad");
            }
            n++;
        }
        assertEquals(15, n);
    }

    @Test
    void gradcheckAndErrors() {
        manualSeed(9);
        Tensor x = randn(shape(1, 2, 4, 4), dtype(DType.FLOAT64)).requiresGrad_(true);
        // keep the grid off the pixel lattice, where bilinear sampling is not differentiable
        Tensor grid = rand(shape(1, 3, 3, 2), dtype(DType.FLOAT64)).mul(1.6).sub(0.8).add(0.013).requiresGrad_(true);
        for (String padding : new String[] {"zeros", "border", "reflection"}) {
            for (String mode : new String[] {"bilinear", "bicubic"}) {
                assertTrue(GradCheck.gradcheck(a -> Functional.gridSample(a[0], a[1], mode, padding, false), x, grid), mode + " " + padding);
            }
        }
        // 3-d (trilinear) sampling of a volume; bicubic is 2-d only, as in PyTorch
        Tensor v = randn(shape(1, 1, 3, 3, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor g3 = rand(shape(1, 2, 2, 1, 3), dtype(DType.FLOAT64)).mul(1.6).sub(0.8).add(0.013).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(a -> Functional.gridSample(a[0], a[1], "bilinear", "border", true), v, g3));
        assertThrows(IllegalArgumentException.class, () -> Functional.gridSample(v, g3, "bicubic", "zeros", false));
        assertThrows(IllegalArgumentException.class, () -> Functional.gridSample(x, grid, "bilinear", "wrap", false));
        assertThrows(IllegalArgumentException.class, () -> Functional.affineGrid(randn(2, 3, 3), new long[] {2, 1, 4, 4}));
    }
}
