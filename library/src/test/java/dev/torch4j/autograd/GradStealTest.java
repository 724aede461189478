package dev.torch4j.autograd;

import static dev.torch4j.Torch.randn;
import static dev.torch4j.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A leaf keeps a gradient its derivative formula allocated without copying it (PyTorch's AccumulateGrad steals a
 * gradient no one else references), and copies every gradient someone else may hold: the caller's, one shared
 * with another leaf, one a hook saw, one a custom Function returned, one under create_graph.
 */
class GradStealTest {

    /** y = x * 3 through a hand-made node whose formula allocates its result and lets the test see it. */
    static Tensor tripled(Tensor x, List<Tensor> madeByFormula) {
        FnNode node = Graph.node("TripleBackward0", x);
        Tensor y;
        try (var g = GradMode.noGrad()) {
            y = x.mul(3.0);
        }
        node.backward(gs -> {
            Tensor r = gs[0].mul(3.0);
            madeByFormula.add(r);
            return new Tensor[] {r};
        });
        return node.output(y);
    }

    private static void assertValues(Tensor expected, Tensor actual) {
        assertEquals(expected.toString(), actual.toString());
    }

    @Test
    void aGradientAllocatedByAFormulaBecomesTheLeafsGradWithoutACopy() {
        Tensor x = randn(4, 3).requiresGrad_(true);
        List<Tensor> made = new ArrayList<>();
        tripled(x, made).backward(randn(4, 3));
        assertEquals(1, made.size());
        assertSame(made.get(0).storage(), x.grad().storage());
        assertTrue(x.grad().gradFn() == null && !x.grad().requiresGrad());
    }

    @Test
    void stolenGradientsAccumulateCorrectlyOverSteps() {
        Tensor x = randn(5).requiresGrad_(true);
        Tensor w = randn(5);
        for (int step = 1; step <= 3; step++) x.mul(w).sum().backward();
        assertValues(w.mul(3.0), x.grad());
    }

    @Test
    void theCallersGradientIsCopied() {
        Tensor x = randn(3).requiresGrad_(true);
        Tensor g = tensor(new float[] {1, 2, 3});
        x.backward(g);
        assertNotSame(g.storage(), x.grad().storage());
        g.mul_(10.0);
        assertValues(tensor(new float[] {1, 2, 3}), x.grad());
        // also when a formula passes the caller's gradient through unchanged
        Tensor z = randn(3).requiresGrad_(true);
        Tensor h = tensor(new float[] {4, 5, 6});
        z.clone().backward(h);
        assertNotSame(h.storage(), z.grad().storage());
    }

    @Test
    void oneGradientReachingTwoLeavesIsCopiedForEach() {
        // AddBackward passes the same tensor to both inputs, and that tensor came from the caller
        Tensor a = randn(3).requiresGrad_(true), b = randn(3).requiresGrad_(true);
        a.add(b).backward(tensor(new float[] {1, 1, 1}));
        assertNotSame(a.grad().storage(), b.grad().storage());
        a.grad().add_(1.0);
        assertValues(tensor(new float[] {1, 1, 1}), b.grad());
        // also when the shared tensor is itself fresh from a formula upstream
        Tensor c = randn(3).requiresGrad_(true), d = randn(3).requiresGrad_(true);
        List<Tensor> made = new ArrayList<>();
        Tensor s = c.add(d);
        tripled(s, made).sum().backward();
        assertNotSame(c.grad().storage(), d.grad().storage());
        assertNotSame(made.get(0).storage(), c.grad().storage());
        c.grad().zero_();
        assertValues(tensor(new float[] {3, 3, 3}), d.grad());
    }

    @Test
    void aGradientAHookSawIsCopied() {
        Tensor x = randn(3).requiresGrad_(true);
        List<Tensor> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g);
            return null;
        });
        List<Tensor> made = new ArrayList<>();
        tripled(x, made).sum().backward();
        assertSame(made.get(0), seen.get(0));
        assertNotSame(seen.get(0).storage(), x.grad().storage());
    }

    @Test
    void aCustomFunctionsGradientIsCopied() {
        List<Tensor> kept = new ArrayList<>();
        Function.Unary keeper = new Function.Unary() {
            @Override
            protected Tensor forward(FunctionCtx ctx, Tensor x) { return x.mul(2.0); }

            @Override
            protected Tensor backward(FunctionCtx ctx, Tensor grad) {
                Tensor r = grad.mul(2.0);
                kept.add(r);
                return r;
            }
        };
        Tensor x = randn(3).requiresGrad_(true);
        keeper.apply(x).sum().backward();
        assertNotSame(kept.get(0).storage(), x.grad().storage());
        kept.get(0).zero_();
        assertValues(tensor(new float[] {2, 2, 2}), x.grad());
    }

    @Test
    void underCreateGraphTheGradientIsCopiedAndKeepsItsGraph() {
        Tensor x = randn(3).requiresGrad_(true);
        List<Tensor> made = new ArrayList<>();
        tripled(x, made).mul(x).sum().backward(null, false, true);
        assertTrue(x.grad().requiresGrad());
        for (Tensor m : made) assertNotSame(m.storage(), x.grad().storage());
        // d/dx (3x * x) = 6x, and its graph is kept
        assertValues(x.mul(6.0).detach(), x.grad().detach());
    }

    @Test
    void aGradientSummedFromTwoPathsIsTheEnginesOwn() {
        // x feeds two formulas: the engine adds their results into a new tensor, which the leaf may keep
        Tensor x = randn(3).requiresGrad_(true);
        List<Tensor> made = new ArrayList<>();
        tripled(x, made).add(tripled(x, made)).sum().backward();
        assertEquals(2, made.size());
        assertNotSame(made.get(0).storage(), x.grad().storage());
        assertNotSame(made.get(1).storage(), x.grad().storage());
        assertValues(tensor(new float[] {6, 6, 6}), x.grad());
    }

    @Test
    void aNonContiguousLeafGetsACopy() {
        Tensor x = randn(3, 4).t().detach().requiresGrad_(true);
        List<Tensor> made = new ArrayList<>();
        tripled(x, made).sum().backward();
        assertNotSame(made.get(0).storage(), x.grad().storage());
        assertValues(tensor(new float[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}).view(4, 3), x.grad());
    }
}
