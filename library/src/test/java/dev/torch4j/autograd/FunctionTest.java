package dev.torch4j.autograd;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NoSuchElementException;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The custom-function API, on PyTorch's canonical examples (the "Extending torch.autograd" tutorial's Exp and
 * LinearFunction, and a sort with non-differentiable indices), checked against real PyTorch
 * (scripts/goldens/grad_function_goldens.py), against the built-in ops they mirror, and by gradcheck.
 */
class FunctionTest {

    // ------------------------------------------------------------------------------------------- the examples

    /** exp(x), saving its output: d/dx = exp(x). */
    static final class MyExp extends Function.Unary {
        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor x) {
            Tensor y = x.exp();
            ctx.saveForBackward(y);
            return y;
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            return grad.mul(ctx.savedTensors()[0]);
        }
    }

    /** input W^T + bias (bias optional), computing only the gradients that are needed. */
    static final class LinearFunction extends Function {
        final boolean[] computed = new boolean[3];

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            Tensor input = in[0], weight = in[1], bias = in[2];
            ctx.saveForBackward(input, weight, bias);
            Tensor out = input.mm(weight.t());
            return new Tensor[] {bias == null ? out : out.add(bias.unsqueeze(0).expandAs(out))};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            Tensor[] s = ctx.savedTensors();
            Tensor g = grads[0];
            Tensor[] r = new Tensor[3];
            if (ctx.needsInputGrad(0)) r[0] = g.mm(s[1]);
            if (ctx.needsInputGrad(1)) r[1] = g.t().mm(s[0]);
            if (s[2] != null && ctx.needsInputGrad(2)) r[2] = g.sum(0);
            for (int i = 0; i < 3; i++) computed[i] |= r[i] != null;
            return r;
        }
    }

    /** sort along the last dim: values are differentiable, the int64 indices are not. */
    static final class MySort extends Function {
        Tensor seenIndexGrad;

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            var vi = in[0].sort(-1);
            ctx.markNonDifferentiable(vi.indices());
            ctx.saveForBackward(vi.indices());
            return new Tensor[] {vi.values(), vi.indices()};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            seenIndexGrad = grads[1];
            Tensor idx = ctx.savedTensors()[0];
            return new Tensor[] {zerosLike(grads[0]).scatter(-1, idx, grads[0])};
        }
    }

    /** x^3 with backward 3 x^2 g written in Tensor ops, so it has a second derivative. */
    static final class Cube extends Function.Unary {
        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor x) {
            ctx.saveForBackward(x);
            return x.mul(x).mul(x);
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor g) {
            Tensor x = ctx.savedTensors()[0];
            return g.mul(x).mul(x).mul(3);
        }
    }

    private static Tensor f64(double... v) { return tensor(v, dtype(DType.FLOAT64)); }

    private static Tensor leaf(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)).requiresGrad_(true); }

    private static Tensor val(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    private static JsonObject golden(String name) {
        List<JsonObject> cases = Golden.cases("grad_function");
        return cases.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------------------------------- against PyTorch

    @Test
    void expMatchesPyTorchAndBuiltIn() {
        JsonObject c = golden("exp");
        Tensor x = leaf(c, "x"), w = val(c, "w");
        Tensor y = new MyExp().apply(x);
        Golden.assertClose(val(c, "out"), y, "exp out");
        assertEquals(c.get("grad_fn").getAsString(), y.gradFn().name());
        Tensor gx = autograd().grad(new Tensor[] {y.mul(w).sum()}, new Tensor[] {x}, null, true, true, false)[0];
        Golden.assertClose(val(c, "grad_x"), gx, "exp grad");
        Tensor ggx = autograd().grad(gx.sum(), x);
        Golden.assertClose(val(c, "gradgrad_x"), ggx, "exp double backward");

        Tensor x2 = val(c, "x").requiresGrad_(true);
        x2.exp().mul(w).sum().backward();
        x.setGrad(null);
        new MyExp().apply(x).mul(w).sum().backward();
        Golden.assertClose(x2.grad(), x.grad(), "custom exp vs built-in exp");
    }

    @Test
    void linearMatchesPyTorchAndBuiltIn() {
        JsonObject c = golden("linear");
        Tensor in = leaf(c, "input"), w = leaf(c, "weight"), b = leaf(c, "bias"), k = val(c, "c");
        LinearFunction f = new LinearFunction();
        Tensor out = f.apply(in, w, b);
        assertEquals("LinearFunctionBackward", out.gradFn().name());
        Golden.assertClose(val(c, "out"), out, "linear out");
        out.mul(k).sum().backward();
        Golden.assertClose(val(c, "grad_input"), in.grad(), "linear grad input");
        Golden.assertClose(val(c, "grad_weight"), w.grad(), "linear grad weight");
        Golden.assertClose(val(c, "grad_bias"), b.grad(), "linear grad bias");

        // the same function out of built-in ops: sum_k input[n,k] weight[o,k] + bias[o]
        Tensor in2 = leaf(c, "input"), w2 = leaf(c, "weight"), b2 = leaf(c, "bias");
        in2.unsqueeze(1).mul(w2).sum(2).add(b2).mul(k).sum().backward();
        Golden.assertClose(in2.grad(), in.grad(), "vs built-in: input");
        Golden.assertClose(w2.grad(), w.grad(), "vs built-in: weight");
        Golden.assertClose(b2.grad(), b.grad(), "vs built-in: bias");
    }

    @Test
    void sortIndicesAreNotDifferentiable() {
        JsonObject c = golden("sort");
        Tensor x = leaf(c, "x"), w = val(c, "w");
        MySort f = new MySort();
        Tensor[] vi = f.applyAll(x);
        Golden.assertClose(val(c, "values"), vi[0], "sort values");
        Golden.assertExact(val(c, "indices"), vi[1], "sort indices");
        assertFalse(vi[1].requiresGrad());
        assertEquals(c.get("indices_requires_grad").getAsBoolean(), vi[1].requiresGrad());
        assertNull(vi[1].gradFn());
        assertEquals("MySortBackward", vi[0].gradFn().name());
        vi[0].mul(w).sum().backward();
        Golden.assertClose(val(c, "grad_x"), x.grad(), "sort grad");
        // the non-differentiable output's gradient is materialized as zeros of its own shape and dtype, as PyTorch does
        assertEquals(DType.INT64, f.seenIndexGrad.dtype());
        assertArrayEquals(vi[1].shapeArray(), f.seenIndexGrad.shapeArray());
        assertEquals(0, f.seenIndexGrad.abs().sum().item(), 0);
    }

    @Test
    void mixedWithBuiltInOpsMatchesPyTorch() {
        JsonObject c = golden("mixed");
        Tensor x = leaf(c, "x"), w = leaf(c, "weight"), b = leaf(c, "bias"), z = leaf(c, "z");
        Tensor h = new MyExp().apply(x.mul(0.5)).add(x);
        Tensor o = new LinearFunction().apply(h, w, b).tanh();
        Tensor v = new MySort().applyAll(z)[0];
        Tensor loss = o.mul(v.narrow(1, 0, 2)).sum();
        Golden.assertClose(val(c, "loss"), loss, "mixed loss");
        loss.backward();
        Golden.assertClose(val(c, "grad_x"), x.grad(), "mixed grad x");
        Golden.assertClose(val(c, "grad_weight"), w.grad(), "mixed grad weight");
        Golden.assertClose(val(c, "grad_bias"), b.grad(), "mixed grad bias");
        Golden.assertClose(val(c, "grad_z"), z.grad(), "mixed grad z");
    }

    // ------------------------------------------------------------------------------------------- gradcheck

    @Test
    void gradcheckPasses() {
        Tensor x = randn(shape(2, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> new MyExp().apply(in[0]), x));
        assertTrue(GradCheck.gradgradcheck(in -> new MyExp().apply(in[0]), x));
        assertTrue(GradCheck.gradcheck(in -> new Cube().apply(in[0]), x));
        assertTrue(GradCheck.gradgradcheck(in -> new Cube().apply(in[0]), x));
        Tensor in = randn(shape(4, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor w = randn(shape(2, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor b = randn(shape(2), dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> new LinearFunction().apply(t[0], t[1], t[2]), in, w, b));
        Tensor s = randn(shape(3, 5), dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradcheckMulti(t -> new MySort().applyAll(t[0]), s));
    }

    @Test
    void doubleBackwardThroughSavedOutput() {
        // y = exp(x): the first gradient g*y is built on y itself, so its derivative goes through MyExpBackward again
        Tensor x = f64(0, 1, 2).requiresGrad_(true);
        Tensor y = new MyExp().apply(x);
        Tensor gx = autograd().grad(new Tensor[] {y.sum()}, new Tensor[] {x}, null, true, true, false)[0];
        assertEquals("MulBackward0", gx.gradFn().name());
        gx.sum().backward();
        Golden.assertClose(x.detach().exp(), x.grad(), "d2/dx2 exp");
    }

    // ------------------------------------------------------------------------------------------- semantics

    @Test
    void needsInputGradSkipsUnneededGradients() {
        Tensor in = randn(shape(4, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor w = randn(shape(2, 3), dtype(DType.FLOAT64)); // a constant
        LinearFunction f = new LinearFunction();
        f.apply(in, w, null).sum().backward();
        assertArrayEquals(new boolean[] {true, false, false}, f.computed);
        assertNull(w.grad());
        Golden.assertClose(ones(shape(4, 2), dtype(DType.FLOAT64)).mm(w), in.grad(), "grad input without bias");
    }

    @Test
    void forwardRunsWithoutGradAndPrintsItsNode() {
        Tensor x = f64(0, 1, 2).requiresGrad_(true);
        boolean[] enabledInForward = {true};
        Function probe = new Function.Unary() {
            @Override protected Tensor forward(FunctionCtx ctx, Tensor t) {
                enabledInForward[0] = GradMode.isEnabled();
                return t.mul(2);
            }
            @Override protected Tensor backward(FunctionCtx ctx, Tensor g) { return g.mul(2); }
        };
        Tensor y = probe.apply(x);
        assertFalse(enabledInForward[0]);
        assertTrue(GradMode.isEnabled());
        Tensor e = new MyExp().apply(x);
        assertEquals("tensor([1.0000, 2.7183, 7.3891], dtype=torch.float64, grad_fn=<MyExpBackward>)", e.toString());
        assertEquals("<MyExpBackward object>", e.gradFn().toString());
        assertFalse(e.isLeaf());
        assertTrue(y.gradFn().name().endsWith("Backward"));
    }

    @Test
    void javadocExampleRuns() {
        // the example in Function's Javadoc, with what it says it prints
        Tensor x = tensor(new double[] {0, 1, 2}).requiresGrad_(true);
        Tensor y = new MyExp().apply(x);
        assertEquals("tensor([1.0000, 2.7183, 7.3891], grad_fn=<MyExpBackward>)", y.toString());
        y.sum().backward();
        assertEquals("tensor([1.0000, 2.7183, 7.3891])", x.grad().toString());
        Tensor out = new LinearFunction().apply(randn(4, 3), randn(2, 3).requiresGrad_(true), null);
        assertEquals("<LinearFunctionBackward object>", out.gradFn().toString());
    }

    @Test
    void noGradOrConstantInputsRecordNothing() {
        Tensor x = f64(1, 2).requiresGrad_(true);
        try (var g = noGrad()) {
            Tensor y = new MyExp().apply(x);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
        Tensor y = new MyExp().apply(f64(1, 2));
        assertFalse(y.requiresGrad());
    }

    @Test
    void reusedInstanceKeepsCallsApart() {
        MyExp exp = new MyExp();
        Tensor a = f64(1).requiresGrad_(true), b = f64(2).requiresGrad_(true);
        Tensor ya = exp.apply(a), yb = exp.apply(b);
        yb.sum().backward();
        ya.sum().backward();
        assertEquals(Math.exp(1), a.grad().item(), 1e-12);
        assertEquals(Math.exp(2), b.grad().item(), 1e-12);
    }

    /** A constant parameter in the constructor, per-call state on the context. */
    static final class ScaleSum extends Function.Unary {
        final double scale;

        ScaleSum(double scale) { this.scale = scale; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor x) {
            ctx.put("shape", x.shapeArray());
            return x.sum().mul(scale);
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor g) {
            long[] shape = ctx.get("shape");
            return g.mul(scale).expand(shape);
        }
    }

    @Test
    void contextStateAndConstructorParameters() {
        Tensor x = ones(shape(2, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        new ScaleSum(2.5).apply(x).backward();
        Golden.assertClose(full(shape(2, 3), 2.5, dtype(DType.FLOAT64)), x.grad(), "scale sum grad");
    }

    @Test
    void returnedInputGetsAFreshAlias() {
        Tensor a = f64(1, 1).requiresGrad_(true);
        Function ident = new Function.Unary() {
            @Override protected Tensor forward(FunctionCtx ctx, Tensor t) { return t; }
            @Override protected Tensor backward(FunctionCtx ctx, Tensor g) { return g.mul(3); }
        };
        Tensor r = ident.apply(a);
        assertNotSame(a, r);
        assertTrue(a.isLeaf());
        assertFalse(r.isLeaf());
        r.sum().backward();
        Golden.assertClose(f64(3, 3), a.grad(), "identity grad");
    }

    /** Two outputs; with materialization off, the unused one's gradient arrives as null. */
    static final class TwoOutputs extends Function {
        final boolean materialize;
        Tensor seen;

        TwoOutputs(boolean materialize) { this.materialize = materialize; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            ctx.setMaterializeGrads(materialize);
            return new Tensor[] {in[0].mul(2), in[0].mul(3)};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
            seen = g[1];
            return new Tensor[] {g[0] == null ? g[1].mul(3) : g[1] == null ? g[0].mul(2) : g[0].mul(2).add(g[1].mul(3))};
        }
    }

    @Test
    void materializeGrads() {
        Tensor x = f64(1, 2).requiresGrad_(true);
        TwoOutputs on = new TwoOutputs(true);
        on.applyAll(x)[0].sum().backward();
        Golden.assertExact(zeros(shape(2), dtype(DType.FLOAT64)), on.seen, "materialized zeros");
        Golden.assertClose(f64(2, 2), x.grad(), "grad via output 0");
        TwoOutputs off = new TwoOutputs(false);
        x.setGrad(null);
        off.applyAll(x)[0].sum().backward();
        assertNull(off.seen);
        Golden.assertClose(f64(2, 2), x.grad(), "grad via output 0, not materialized");
    }

    @Test
    void extraNullGradientsAreAllowed() {
        Tensor x = f64(1, 2).requiresGrad_(true);
        Function f = new Function() {
            @Override protected Tensor[] forward(FunctionCtx ctx, Tensor... in) { return new Tensor[] {in[0].mul(2)}; }
            @Override protected Tensor[] backward(FunctionCtx ctx, Tensor... g) { return new Tensor[] {g[0].mul(2), null, null}; }
        };
        f.apply(x).sum().backward();
        Golden.assertClose(f64(2, 2), x.grad(), "grad");
    }

    /** x *= 2 in place, marked dirty; the second input is a constant. */
    static final class MulTwoInplace extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            Tensor t = in[ctx.contains("selfIndex") ? ctx.<Integer>get("selfIndex") : 0];
            t.mul_(2);
            ctx.markDirty(t);
            return new Tensor[] {t};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) { return new Tensor[] {g[0].mul(2), null}; }
    }

    @Test
    void markDirtyRewritesHistory() {
        Tensor a = f64(1, 1).requiresGrad_(true);
        Tensor b = a.mul(1);
        int v0 = b.version();
        Tensor r = new MulTwoInplace().apply(b, null);
        assertSame(b, r);
        assertEquals(v0 + 2, b.version()); // mul_ and mark_dirty each bump it, as in PyTorch
        assertEquals("MulTwoInplaceBackward", b.gradFn().name());
        b.sum().backward();
        Golden.assertClose(f64(2, 2), a.grad(), "grad through dirty input");
    }

    @Test
    void markDirtyOnAViewGoesThroughCopySlices() {
        Tensor a = ones(shape(4), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor b = a.mul(1);
        Tensor v = b.narrow(0, 1, 2);
        Tensor r = new MulTwoInplace().apply(v, null);
        assertSame(v, r);
        assertEquals("CopySlices", b.gradFn().name());
        Golden.assertClose(f64(1, 2, 2, 1), b.detach(), "base values");
        b.mul(arange(4.0)).sum().backward();
        Golden.assertClose(f64(0, 2, 4, 3), a.grad(), "grad through dirty view");
    }

    @Test
    void markDirtyOnAViewThatIsNotInputZero() {
        // PyTorch 1.13 fails an internal assert here; its CopySlices assumes the modified view is input 0, which
        // torch4j arranges by reordering the node's inputs
        Tensor a = ones(shape(4), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor w = ones(shape(2), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor b = a.mul(1);
        Tensor v = b.narrow(0, 1, 2);
        Function f = new Function() {
            @Override protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                in[1].mul_(in[0]).mul_(2);
                ctx.markDirty(in[1]);
                ctx.saveForBackward(in[0]);
                return new Tensor[] {in[1]};
            }
            @Override protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                return new Tensor[] {null, g[0].mul(ctx.savedTensors()[0]).mul(2)};
            }
        };
        f.apply(w, v);
        b.mul(arange(4.0)).sum().backward();
        Golden.assertClose(f64(0, 2, 4, 3), a.grad(), "grad through dirty view at input 1");
        assertNull(w.grad());
    }

    // ------------------------------------------------------------------------------------------- errors

    @Test
    void wrongNumberOfGradients() {
        class MyFn extends Function {
            @Override protected Tensor[] forward(FunctionCtx ctx, Tensor... in) { return new Tensor[] {in[0].mul(in[1])}; }
            @Override protected Tensor[] backward(FunctionCtx ctx, Tensor... g) { return new Tensor[] {g[0]}; }
        }
        Tensor x = ones(2).requiresGrad_(true), y = ones(2).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> new MyFn().apply(x, y).sum().backward());
        assertEquals("function MyFnBackward returned an incorrect number of gradients (expected 2, got 1)", e.getMessage());
    }

    @Test
    void wrongGradientShape() {
        class MyFn extends Function.Unary {
            @Override protected Tensor forward(FunctionCtx ctx, Tensor x) { return x.mul(2); }
            @Override protected Tensor backward(FunctionCtx ctx, Tensor g) { return ones(3); }
        }
        Tensor x = ones(2).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> new MyFn().apply(x).sum().backward());
        assertEquals("Function MyFnBackward returned an invalid gradient at index 0 - got [3] but expected shape compatible "
                + "with [2]", e.getMessage());
    }

    @Test
    void gradientForAnAbsentInput() {
        class Nn extends Function {
            @Override protected Tensor[] forward(FunctionCtx ctx, Tensor... in) { return new Tensor[] {in[0].mul(3)}; }
            @Override protected Tensor[] backward(FunctionCtx ctx, Tensor... g) { return new Tensor[] {g[0].mul(3), ones(1)}; }
        }
        Tensor x = ones(2).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> new Nn().apply(x, null).sum().backward());
        assertEquals("function NnBackward returned a gradient different than None at position 2, but the corresponding forward "
                + "input was not a Variable", e.getMessage());
    }

    @Test
    void savedTensorModifiedInPlace() {
        Tensor x = ones(2).requiresGrad_(true);
        Tensor y = new MyExp().apply(x);
        y.add_(1);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        // the wording around the tensor is SavedTensor's (the engine's); here: it names the tensor, versions and node
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an "
                + "inplace operation: [torch.FloatTensor [2]]"), e.getMessage());
        assertTrue(e.getMessage().contains("is at version 1; expected version 0 instead"), e.getMessage());
        assertTrue(e.getMessage().contains("MyExpBackward"), e.getMessage());
    }

    @Test
    void backwardTwiceThroughFreedGraph() {
        Tensor x = ones(2).requiresGrad_(true);
        Tensor y = new MyExp().apply(x);
        y.backward(ones(2));
        var e = assertThrows(IllegalStateException.class, () -> y.backward(ones(2)));
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("MyExpBackward"), e.getMessage());
        Tensor kept = new MyExp().apply(x).sum();
        kept.backward(null, true, false);
        kept.backward(); // retained: runs again and accumulates
        assertEquals(3 * Math.E, x.grad().select(0, 0).item(), 1e-6);
    }

    @Test
    void dirtyInputsMustBeReturned() {
        class Dirty2 extends Function.Unary {
            @Override protected Tensor forward(FunctionCtx ctx, Tensor x) {
                x.mul_(2);
                ctx.markDirty(x);
                return x.mul(1);
            }
            @Override protected Tensor backward(FunctionCtx ctx, Tensor g) { return g.mul(2); }
        }
        Tensor x = ones(2).requiresGrad_(true).mul(1);
        var e = assertThrows(IllegalStateException.class, () -> new Dirty2().apply(x));
        assertEquals("Some elements marked as dirty during the forward method were not returned as output. The inputs that are "
                + "modified inplace must all be outputs of the Function.", e.getMessage());
    }

    @Test
    void dirtyLeafThatRequiresGrad() {
        Tensor a = ones(2).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> new MulTwoInplace().apply(a, null));
        assertEquals("a leaf Variable that requires grad has been used in an in-place operation.", e.getMessage());
    }

    @Test
    void misuseOfTheApiIsReported() {
        Tensor x = ones(3).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> new MySort().apply(x));
        assertTrue(e.getMessage().contains("returned 2 outputs; use applyAll"), e.getMessage());
        var u = assertThrows(IllegalArgumentException.class, () -> new MyExp().apply(x, x));
        assertTrue(u.getMessage().endsWith("MyExp takes 1 input but 2 were given"), u.getMessage());
        Function missing = new Function.Unary() {
            @Override protected Tensor forward(FunctionCtx ctx, Tensor t) { return t.mul(2); }
            @Override protected Tensor backward(FunctionCtx ctx, Tensor g) { return g.mul(ctx.<Double>get("scale")); }
        };
        var m = assertThrows(NoSuchElementException.class, () -> missing.apply(x).sum().backward());
        assertTrue(m.getMessage().contains("no value named 'scale'"), m.getMessage());
        Function badIndex = new Function.Unary() {
            @Override protected Tensor forward(FunctionCtx ctx, Tensor t) { return t.mul(ctx.needsInputGrad(1) ? 1 : 2); }
            @Override protected Tensor backward(FunctionCtx ctx, Tensor g) { return g; }
        };
        var i = assertThrows(IndexOutOfBoundsException.class, () -> badIndex.apply(x));
        assertTrue(i.getMessage().contains("needsInputGrad index 1 is out of range for 1 inputs"), i.getMessage());
    }
}
