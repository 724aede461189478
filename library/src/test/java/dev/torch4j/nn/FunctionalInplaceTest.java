package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** F's in-place activations ({@code F.elu_}, ...): the out-of-place values, written into the input, differentiable. */
class FunctionalInplaceTest {

    @Test
    void inPlaceFormsEqualTheOutOfPlaceOnesAndBackpropagate() {
        List<UnaryOperator<Tensor>[]> pairs = List.of(
                pair(x -> Functional.elu(x, 0.7), x -> Functional.elu_(x, 0.7)),
                pair(Functional::elu, Functional::elu_),
                pair(x -> Functional.celu(x, 1.3), x -> Functional.celu_(x, 1.3)),
                pair(Functional::selu, Functional::selu_),
                pair(x -> Functional.leakyRelu(x, 0.2), x -> Functional.leakyRelu_(x, 0.2)),
                pair(x -> Functional.hardtanh(x, -0.5, 0.5), x -> Functional.hardtanh_(x, -0.5, 0.5)),
                pair(x -> Functional.threshold(x, 0.1, -2), x -> Functional.threshold_(x, 0.1, -2)),
                pair(Functional::rrelu, Functional::rrelu_));
        for (UnaryOperator<Tensor>[] p : pairs) {
            Torch.manualSeed(0);
            Tensor base = Torch.randn(4, 5).to(DType.FLOAT64);
            Tensor expected = p[0].apply(base);
            Tensor x = base.clone();
            assertSame(x, p[1].apply(x), "returns its input");
            assertTrue(x.equal(expected));

            Tensor leaf = base.clone().requiresGrad_(true), leaf2 = base.clone().requiresGrad_(true);
            Tensor y = p[1].apply(leaf.mul(1.0));
            y.mul(Torch.arange(20.0).reshape(4, 5)).sum().backward();
            p[0].apply(leaf2).mul(Torch.arange(20.0).reshape(4, 5)).sum().backward();
            assertTrue(leaf.grad().allclose(leaf2.grad()), "gradient through the in-place form");
        }
    }

    @SuppressWarnings("unchecked")
    private static UnaryOperator<Tensor>[] pair(UnaryOperator<Tensor> a, UnaryOperator<Tensor> b) { return new UnaryOperator[] {a, b}; }
}
