package dev.torch4j.autograd;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static dev.torch4j.Torch.fromArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GradCheck itself: it passes correct derivatives and reports wrong ones with PyTorch's messages (goldens/gradcheck.json). */
class GradCheckTest {
    /** {@code fwd(x)} recorded with a hand-written derivative {@code bwd(gradOutput)}, right or wrong. */
    private static Tensor custom(Tensor x, UnaryOperator<Tensor> fwd, UnaryOperator<Tensor> bwd) {
        Tensor out;
        try (var g = Torch.noGrad()) {
            out = fwd.apply(x);
        }
        return Graph.node("CustomBackward", x).backward(g -> new Tensor[] {bwd.apply(g[0])}).output(out);
    }

    private static JsonObject golden(String name) {
        return Golden.cases("gradcheck").stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static Tensor goldenInput(String name) {
        return Golden.tensor(golden(name).getAsJsonObject("x")).requiresGrad_(true);
    }

    @Test
    void passesCorrectDerivativesAndLeavesInputsAsTheyWere() {
        Tensor x = fromArray(new double[] {0.5, -1.25, 2.0, 0.75}, 2, 2).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> in[0].sin().mul(in[0]), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].sin().mul(in[0]), x));
        Tensor y = fromArray(new double[] {1.5, -0.5});
        assertTrue(GradCheck.gradcheck(in -> in[0].mul(in[1]).sum(0), x, y.requiresGrad_(true)));
        assertTrue(GradCheck.gradcheck(in -> in[0].mul(in[1]), x, Torch.ones(2))); // a constant float32 input is fine
        assertArrayEquals(new double[] {0.5, -1.25, 2.0, 0.75}, x.toDoubleArray(), 0.0);
        assertNull(x.grad(), "gradcheck uses autograd.grad, never .grad");
    }

    @Test
    void multiOutputFunctionsSkipOutputsWithoutGradient() {
        Tensor x = fromArray(new double[] {0.5, -1.25, 2.0, 0.75, 3.0, -2.0}, 2, 3).requiresGrad_(true);
        assertTrue(GradCheck.gradcheckMulti(in -> new Tensor[] {in[0].exp(), in[0].gt(0.0), in[0].sum(1)}, x));
        assertTrue(GradCheck.gradgradcheckMulti(in -> new Tensor[] {in[0].square(), in[0].sum(1)}, x));
        // an output that does not require grad at all only has to have a zero numerical Jacobian
        assertTrue(GradCheck.gradcheck(in -> in[0].gt(0.0), x));
    }

    @Test
    void jacobianMismatchShowsBothJacobiansAsPyTorch() {
        var scale = assertThrows(GradCheck.GradcheckError.class,
                () -> GradCheck.gradcheck(in -> custom(in[0], t -> t.mul(2.0), g -> g.mul(3.0)), goldenInput("wrong_scale")));
        assertEquals(golden("wrong_scale").get("message").getAsString(), scale.getMessage());
        var formula = assertThrows(GradCheck.GradcheckError.class,
                () -> GradCheck.gradcheck(in -> custom(in[0], Tensor::sin, g -> g.mul(1.0)), goldenInput("wrong_formula")));
        assertEquals(golden("wrong_formula").get("message").getAsString(), formula.getMessage());
    }

    @Test
    void inputsMustBeFloat64NonOverlappingAndSomeMustRequireGrad() {
        var none = assertThrows(IllegalArgumentException.class, () -> GradCheck.gradcheck(in -> in[0].mul(2.0), Torch.ones(2)));
        assertEquals(golden("no_input_requires_grad").get("message").getAsString(), none.getMessage());
        Tensor expanded = Torch.ones(Torch.shape(1), Torch.dtype(DType.FLOAT64)).expand(3).requiresGrad_(true);
        var overlap = assertThrows(IllegalArgumentException.class, () -> GradCheck.gradcheck(in -> in[0].mul(2.0), expanded));
        assertEquals(golden("stride_zero_input").get("message").getAsString(), overlap.getMessage());
        Tensor f32 = Torch.ones(2).requiresGrad_(true);
        var single = assertThrows(IllegalArgumentException.class, () -> GradCheck.gradcheck(in -> in[0].mul(2.0), f32));
        assertTrue(single.getMessage().startsWith("gradcheck: Input #0 requires gradient and is not a double precision floating "
                + "point (it is torch.float32)"), single.getMessage());
    }

    @Test
    void aFunctionThatCutsTheGraphMustNotDependOnItsInputs() {
        var e = assertThrows(GradCheck.GradcheckError.class,
                () -> GradCheck.gradcheck(in -> in[0].detach().mul(2.0), Torch.ones(Torch.shape(2), Torch.dtype(DType.FLOAT64))
                        .requiresGrad_(true)));
        assertEquals(golden("no_differentiable_output").get("message").getAsString(), e.getMessage());
    }

    @Test
    void backwardMustBeReproducible() {
        AtomicInteger calls = new AtomicInteger();
        Tensor x = fromArray(new double[] {1, 2}).requiresGrad_(true);
        var e = assertThrows(GradCheck.GradcheckError.class, () -> GradCheck.gradcheck(
                in -> custom(in[0], t -> t.mul(2.0), g -> g.mul(2.0 + 1e-12 * calls.incrementAndGet())), x));
        assertTrue(e.getMessage().startsWith("Backward is not reentrant, i.e., running backward with same input and grad_output "
                + "multiple times gives different values, although analytical gradient matches numerical gradient."),
                e.getMessage());
    }

    @Test
    void backwardMustScaleWithTheGradOutput() {
        // right for every one-hot gradient, but not zero for a zero gradient
        Tensor x = fromArray(new double[] {1, 2}).requiresGrad_(true);
        var e = assertThrows(GradCheck.GradcheckError.class, () -> GradCheck.gradcheck(
                in -> custom(in[0], Tensor::sum, g -> Torch.ones(Torch.shape(2), Torch.dtype(DType.FLOAT64))), x));
        assertEquals("backward not multiplied by grad_output", e.getMessage());
    }

    @Test
    void gradgradcheckFindsAMissingSecondDerivative() {
        Tensor x = fromArray(new double[] {0.5, -1.5, 2.0}).requiresGrad_(true);
        // d(x^2) = 2x g, but computed from a detached x: right once, with no dependence on x the second time
        UnaryOperator<Tensor> detachedFormula = g -> g.mul(x.detach().mul(2.0));
        assertTrue(GradCheck.gradcheck(in -> custom(in[0], Tensor::square, detachedFormula), x));
        var e = assertThrows(GradCheck.GradcheckError.class,
                () -> GradCheck.gradgradcheck(in -> custom(in[0], Tensor::square, detachedFormula), x));
        assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 0 with respect to input 0,"), e.getMessage());
        // the same formula written with recorded ops passes
        assertTrue(GradCheck.gradgradcheck(in -> custom(in[0], Tensor::square, g -> g.mul(in[0].mul(2.0))), x));
    }

    @Test
    void stepAndTolerancesCanBeGiven() {
        Tensor x = fromArray(new double[] {0.3, -0.7}).requiresGrad_(true);
        // through float32: too coarse for the default step, fine with a larger one
        assertThrows(GradCheck.GradcheckError.class, () -> GradCheck.gradcheck(in -> in[0].to(DType.FLOAT32).to(DType.FLOAT64), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].to(DType.FLOAT32).to(DType.FLOAT64), 1e-2, 1e-4, 1e-3, x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].exp(), 1e-6, 1e-5, 1e-3, x));
    }
}
