package dev.torch4j.func;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torch.func's rules: PyTorch's error messages (checked against functorch 1.13 / torch 2.x), randomness, autograd, state. */
class FuncSemanticsTest {
    private static Tensor d(double... v) { return Torch.tensor(v).to(DType.FLOAT64); }

    private static Tensor randn(long... shape) { return Torch.randn(Torch.shape(shape)).to(DType.FLOAT64); }

    private static Tensor[] ts(Tensor... t) { return t; }

    private static void close(Tensor want, Tensor got, String what) { Golden.assertClose(want, got, 1e-10, 1e-12, what); }

    // ---------------------------------------------------------------- vmap errors

    @Test
    void vmapRejectsMismatchedBatchSizes() {
        Function<Tensor[], Tensor[]> f = Func.vmap(in -> ts(in[0]), null);
        var e = assertThrows(IllegalArgumentException.class, () -> f.apply(ts(Torch.ones(Torch.shape(2)), Torch.ones(Torch.shape(3)))));
        assertEquals("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [2, 3] for the mapped "
                + "dimension", e.getMessage());
    }

    @Test
    void vmapChecksInDims() {
        var e = assertThrows(IllegalArgumentException.class, () -> Func.vmap(x -> x, 2, 0).apply(Torch.ones(Torch.shape(2))));
        assertEquals("vmap(<lambda>, in_dims=2, ...)(<inputs>): Got in_dim=2 for some input, but that input is a Tensor of "
                + "dimensionality 1 so expected in_dim to satisfy -1 <= in_dim < 1.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Func.vmap(in -> ts(in[0]), new Integer[] {0, 0, 0}).apply(ts(Torch.ones(Torch.shape(2)), Torch.ones(Torch.shape(2)))));
        assertEquals("vmap(<lambda>, in_dims=(0, 0, 0), ...)(<inputs>): in_dims is not compatible with the structure of `inputs`. "
                + "in_dims has structure TreeSpec(tuple, None, [*, *, *]) but inputs has structure TreeSpec(tuple, None, [*, *]).",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Func.vmap(in -> ts(in[0]), new Integer[] {null}).apply(ts(Torch.ones(Torch.shape(2)))));
        assertEquals("vmap: Expected at least one Tensor to vmap over", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Func.vmap(in -> ts(Torch.ones(Torch.shape(1))), null).apply(ts()));
        assertTrue(e.getMessage().startsWith("vmap(<lambda>)(<inputs>): got no inputs."), e.getMessage());
    }

    @Test
    void vmapChecksOutDimsAndArguments() {
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> Func.vmap(x -> x, 0, 2).apply(Torch.ones(Torch.shape(2))));
        assertEquals("Dimension out of range (expected to be in range of [-1, 0], but got 2)", oob.getMessage());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Func.vmap(in -> ts(in[0], in[0]), null, new Integer[] {0, 0, 0}).apply(ts(Torch.ones(Torch.shape(2)))));
        assertEquals("vmap(<lambda>, ..., out_dims=(0, 0, 0))(<inputs>): out_dims is not compatible with the structure of "
                + "`outputs`. out_dims has structure TreeSpec(tuple, None, [*, *, *]) but outputs has structure "
                + "TreeSpec(tuple, None, [*, *]).", e.getMessage());
        var r = assertThrows(IllegalStateException.class, () -> Func.vmap(x -> x, 0, 0, "foo", null));
        assertEquals("Only allowed values for randomness are 'error', 'different', or 'same'. Got foo", r.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Func.vmap(x -> x, 0, 0, "error", 0));
        assertEquals("vmap: chunk_size should be None or greater than 0. (got 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Func.vmap(in -> ts((Tensor) null), null).apply(ts(Torch.ones(Torch.shape(2)))));
        assertEquals("vmap(<lambda>, ...): `<lambda>` must only return Tensors, got type <class 'NoneType'>. Did you mean to set "
                + "out_dim= to None for output?", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Func.vmap(in -> ts(in[0].mul(2)), null, new Integer[] {null}).apply(ts(d(1, 2))));
        assertEquals("vmap(<lambda>, ...): `<lambda>` can not return a BatchedTensor when out_dim is None", e.getMessage());
    }

    @Test
    void vmapOutDimNoneAndChunkSizeAndEmptyBatch() {
        Tensor w = d(5, 6, 7);
        Tensor[] r = Func.vmap(in -> ts(in[0].mul(2), w), null, new Integer[] {0, null}, "error", 1).apply(ts(d(1, 2)));
        close(d(2, 4), r[0], "batched output");
        assertSame(w, r[1], "out_dim=None returns the unbatched output itself");
        // PyTorch: vmap(lambda x: x * 0, out_dims=1)(torch.ones(0, 3)).shape == (3, 0)
        Tensor empty = Func.vmap(x -> x.mul(0), 0, 1).apply(Torch.ones(Torch.shape(0, 3)));
        assertArrayEquals(new long[] {3, 0}, empty.shapeArray());
    }

    // ---------------------------------------------------------------- randomness

    @Test
    void randomnessModes() {
        Tensor x = Torch.zeros(Torch.shape(3, 2));
        Function<Tensor, Tensor> noisy = s -> s.add(Torch.rand(Torch.shape(2)));
        Torch.manualSeed(7);
        byte[] before = dev.torch4j.Generator.defaultGenerator().getState();
        var e = assertThrows(IllegalStateException.class, () -> Func.vmap(noisy).apply(x));
        assertEquals("vmap: called random operation while in randomness error mode. Please either use the 'same' or 'different' "
                + "randomness flags on vmap or perform the randomness operation out of vmap", e.getMessage());
        assertArrayEquals(before, dev.torch4j.Generator.defaultGenerator().getState(), "the generator is put back");

        Torch.manualSeed(7);
        Tensor loop = Torch.stack(List.of(Torch.rand(Torch.shape(2)), Torch.rand(Torch.shape(2)), Torch.rand(Torch.shape(2))), 0);
        Torch.manualSeed(7);
        Tensor different = Func.vmap(noisy, 0, 0, "different", null).apply(x);
        assertTrue(Torch.equal(loop, different), "different: the draws of a loop");
        Torch.manualSeed(7);
        Tensor first = Torch.rand(Torch.shape(2));
        Tensor next = Torch.rand(Torch.shape(2));
        Torch.manualSeed(7);
        Tensor same = Func.vmap(noisy, 0, 0, "same", null).apply(x);
        for (int i = 0; i < 3; i++) assertTrue(Torch.equal(first, same.get(i)), "same: every sample sees the first draws");
        assertTrue(Torch.equal(next, Torch.rand(Torch.shape(2))), "same: the generator advanced by one sample's draws");
    }

    // ---------------------------------------------------------------- autograd through transforms

    @Test
    void gradientsFlowThroughVmap() {
        Tensor w = randn(3).requiresGrad_(true);
        Tensor xs = randn(4, 3);
        Tensor out = Func.vmap(x -> x.mul(w).sin().sum()).apply(xs);
        out.sum().backward();
        Tensor want = Torch.zeros(Torch.shape(3)).to(DType.FLOAT64);
        for (int i = 0; i < 4; i++) want = want.add(xs.get(i).mul(w.detach()).cos().mul(xs.get(i))); // d/dw sin(x w) = x cos(x w)
        close(want, w.grad(), "gradient through vmap = sum of per-sample gradients");
    }

    @Test
    void gradErrorsAreTorchFuncs() {
        var e = assertThrows(IllegalStateException.class, () -> Func.grad(x -> x.mul(2)).apply(d(1, 2)));
        assertEquals("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with 1 dims. Maybe you "
                + "wanted to use the vjp or jacrev APIs instead?", e.getMessage());
        // a one-element tensor of dim 1 is not a scalar for torch.func
        assertThrows(IllegalStateException.class, () -> Func.grad(x -> x.sum().reshape(1)).apply(d(1, 2)));
        Function<Tensor[], Tensor> f = in -> in[0].mul(in[1]).sum();
        e = assertThrows(IllegalStateException.class, () -> Func.grad(f, 2).apply(ts(d(1), d(2))));
        assertEquals("Got argnum=2, but only 2 positional inputs", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Func.grad(f, new int[] {0, 0}).apply(ts(d(1), d(2))));
        assertEquals("argnums elements must be unique, got (0, 0)", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Func.grad(f, new int[] {0, -2}).apply(ts(d(1), d(2))));
        assertEquals("argnums elements must be unique, got (0, 0)", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Func.grad(f, new int[0]).apply(ts(d(1), d(2))));
        assertEquals("argnums must be non-empty", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Func.grad(in -> ts(in[0].sum()), new int[] {0}, true).apply(ts(d(1))));
        assertEquals("grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) if has_aux is True", e.getMessage());
    }

    @Test
    void gradLeavesInputsAloneAndReturnsPlainTensors() {
        Tensor x = d(0.5, -1.0).requiresGrad_(true);
        Tensor g = Func.grad((Tensor t) -> t.pow(3).sum()).apply(x);
        close(x.detach().pow(2).mul(3), g, "3 x^2");
        assertNull(x.grad(), "no .grad written");
        Tensor plain = d(0.5, -1.0);
        Tensor gp = Func.grad((Tensor t) -> t.pow(3).sum()).apply(plain);
        assertFalse(gp.requiresGrad(), "nothing outside requires grad: a plain tensor");
        assertFalse(plain.requiresGrad(), "the caller's tensor is not made to require grad");
        // the gradient of a used input that the output does not depend on is zero (torch.func's allow_unused)
        Tensor[] gs = Func.grad(in -> in[0].sum(), new int[] {0, 1}).apply(ts(d(1, 2), d(3)));
        close(d(0), gs[1], "unused input: zeros");
    }

    @Test
    void gradIsDifferentiableByOuterAutograd() {
        // gradient penalty: d/dw of |d/dx (w . x)^2|^2 through the inner grad; inner grad = 2 (w.x) w
        Tensor w = d(0.3, -0.7).requiresGrad_(true);
        Tensor x = d(1.5, 2.0);
        Tensor gx = Func.grad((Tensor t) -> t.mul(w).sum().pow(2)).apply(x);
        assertTrue(gx.requiresGrad(), "depends on w");
        gx.pow(2).sum().backward();
        // |g|^2 = 4 (w.x)^2 |w|^2 -> d/dw = 8 (w.x) |w|^2 x + 8 (w.x)^2 w
        Tensor wd = w.detach();
        double wx = wd.dot(x).item(), ww = wd.dot(wd).item();
        close(x.mul(8 * wx * ww).add(wd.mul(8 * wx * wx)), w.grad(), "outer backward through grad");
    }

    @Test
    void gradOfGradAndHasAux() {
        // f(x, y) = x^2 y^3: d/dy d/dx f = 6 x y^2
        Function<Tensor[], Tensor> f = in -> in[0].pow(2).mul(in[1].pow(3)).sum();
        Function<Tensor[], Tensor> dfdx = in -> Func.grad(f, 0).apply(in).sum();
        Tensor r = Func.grad(dfdx, 1).apply(ts(d(2), d(3)));
        close(d(6 * 2 * 9), r, "mixed second derivative");
        // grad(f)(x) with f(x) = x * y where y = x (perturbation confusion check): d/dx [x * d/dy (x y)] = d/dx x^2 = 2x
        Function<Tensor, Tensor> outer = xx -> xx.mul(Func.grad((Tensor yy) -> xx.mul(yy).sum()).apply(xx)).sum();
        close(d(2 * 1.5), Func.grad(outer).apply(d(1.5)), "no perturbation confusion");
        Tensor[] gv = Func.gradAndValue(in -> ts(in[0].pow(2).sum(), in[0].mul(10)), new int[] {0}, true).apply(ts(d(1, 2)));
        close(d(2, 4), gv[0], "grad");
        close(d(5), gv[1].reshape(1), "value");
        close(d(10, 20), gv[2], "aux");
        assertFalse(gv[2].requiresGrad(), "aux comes out plain");
    }

    @Test
    void gradInsideNoGradStillDifferentiates() {
        try (var g = GradMode.noGrad()) {
            close(d(4), Func.grad((Tensor t) -> t.pow(2).sum()).apply(d(2)), "grad ignores an outer no_grad, as torch.func does");
        }
    }

    @Test
    void jacobianTransformsAgreeAndCompose() {
        Function<Tensor, Tensor> f = x -> x.sin().mul(x.sum()).add(x.pow(3));
        Tensor x = randn(4);
        close(Func.jacrev(f).apply(x), Func.jacfwd(f).apply(x), "jacrev == jacfwd");
        close(Func.jacfwd(Func.jacrev(f)).apply(x), Func.jacrev(Func.jacrev(f)).apply(x), "jacfwd(jacrev) == jacrev(jacrev)");
        Tensor xs = randn(3, 4);
        Tensor batched = Func.vmap(Func.jacrev(f)).apply(xs);
        for (int i = 0; i < 3; i++) close(Func.jacrev(f).apply(xs.get(i)), batched.get(i), "vmap(jacrev) row " + i);
        var e = assertThrows(IllegalStateException.class, () -> Func.jvp(f, d(1, 2), d(1, 2, 3)));
        assertEquals("Trying to set a forward gradient that has a different size than that of the original Tensor, this is not "
                + "supported. Tensor is of size [2] while the given forward gradient is of size [3].", e.getMessage());
    }

    // ---------------------------------------------------------------- functional_call, stack_module_state

    static class Tied extends Module {
        Linear a = new Linear(2, 2, false), b = new Linear(2, 2, false);

        Tied() { b.weight = a.weight; }

        @Override
        public Tensor forward(Tensor x) { return b.forward(a.forward(x)); }
    }

    static class Failing extends Module {
        Linear fc = new Linear(2, 2);

        @Override
        public Tensor forward(Tensor x) { throw new IllegalStateException("boom " + fc.weight.isParameter()); }
    }

    @Test
    void functionalCallRestoresStateEvenOnException() {
        Failing m = new Failing();
        Tensor w = m.fc.weight;
        Map<String, Tensor> p = Map.of("fc.weight", Torch.zeros(Torch.shape(2, 2)));
        var e = assertThrows(IllegalStateException.class, () -> Func.functionalCall(m, p, Torch.ones(Torch.shape(2))));
        assertEquals("boom false", e.getMessage(), "the forward saw the substituted plain tensor");
        assertSame(w, m.fc.weight, "the parameter is back in its field");
        assertSame(w, m.namedParameters().get("fc.weight"), "and in the registry");
    }

    @Test
    void functionalCallTiesAndStrictness() {
        Tied m = new Tied();
        Tensor eye = Torch.eye(2).mul(2);
        // tie_weights=True: a value for a.weight also replaces the tied b.weight -> 2 * 2 * x
        close(Torch.tensor(new float[] {4, 8}), Func.functionalCall(m, Map.of("a.weight", eye), Torch.tensor(new float[] {1, 2})),
                "tied substitution");
        Tensor orig = m.a.weight.detach();
        Tensor untied = Func.functionalCall(m, List.of(Map.of("a.weight", eye)), false, false, Torch.tensor(new float[] {1, 2}));
        close(orig.matmul(Torch.tensor(new float[] {2, 4})), untied, "tie_weights=False: b keeps its weight");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Func.functionalCall(m, Map.of("a.weight", eye, "b.weight", Torch.eye(2)), Torch.ones(Torch.shape(2))));
        assertEquals("functional_call got multiple values for keys ['a.weight', 'b.weight'], which are tied. Consider using "
                + "tie_weights=False", e.getMessage());
        var s = assertThrows(IllegalStateException.class,
                () -> Func.functionalCall(m, List.of(Map.of("a.weight", eye, "c", eye)), false, true, Torch.ones(Torch.shape(2))));
        assertEquals("Error(s) in reparametrizing for Tied:\n\tUnexpected key(s): 'c'.\n\tMissing key(s): 'b.weight'.", s.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Func.functionalCall(m, List.of(Map.of("a.weight", eye), Map.of("a.weight", eye)), true, false, Torch.ones(Torch.shape(2))));
        assertEquals("['a.weight'] appeared in multiple dictionaries; behavior of functional call is ambiguous", e.getMessage());
        assertSame(m.a.weight, m.b.weight, "still tied afterwards");
    }

    @Test
    void functionalCallWritesReplacedBuffersBack() {
        class Counter extends Module {
            @dev.torch4j.nn.Buffer Tensor count = Torch.zeros(Torch.shape());

            @Override
            public Tensor forward(Tensor x) {
                count = count.add(1); // out of place, as self.count = self.count + 1
                return x;
            }
        }
        Counter c = new Counter();
        Map<String, Tensor> state = new HashMap<>(Map.of("count", Torch.tensor(new float[] {5}).reshape()));
        Func.functionalCall(c, state, Torch.ones(Torch.shape(1)));
        assertEquals(0.0, c.count.item(), "the module's buffer is put back");
        assertEquals(6.0, state.get("count").item(), "the caller's map sees the new buffer");
    }

    @Test
    void stackModuleStateMakesNewLeaves() {
        List<Linear> models = List.of(new Linear(3, 2), new Linear(3, 2));
        Func.StackedState st = Func.stackModuleState(models);
        Tensor w = st.params().get("weight");
        assertArrayEquals(new long[] {2, 2, 3}, w.shapeArray());
        assertTrue(w.isLeaf() && w.requiresGrad(), "optimizable leaf");
        assertTrue(Torch.equal(models.get(1).weight.detach(), w.get(1).detach()));
        var e = assertThrows(IllegalStateException.class, () -> Func.stackModuleState(List.of()));
        assertEquals("stack_module_state: Expected at least one model, got 0.", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Func.stackModuleState(List.of(new Linear(3, 2), new Linear(3, 2).eval())));
        assertEquals("stack_module_state: Expected all models to have the same training/eval mode.", e.getMessage());
        Linear frozen = new Linear(3, 2);
        frozen.requiresGrad_(false);
        e = assertThrows(IllegalStateException.class, () -> Func.stackModuleState(List.of(new Linear(3, 2), frozen)));
        assertEquals("Expected weight from each model to have the same .requires_grad", e.getMessage());
    }

    // ---------------------------------------------------------------- found by FuzzFuncParityTest

    @Test
    void vmapWritesAnUnmappedInputOnce() {
        // PyTorch runs x.mul_(2) on an unmapped x once, not once per sample; the output is x expanded over the batch
        Tensor x = d(1, 2), y = randn(3, 2);
        Tensor[] out = Func.vmap(in -> ts(in[0].mul_(2.0)), new Integer[] {null, 0}, new Integer[] {1}).apply(ts(x, y));
        close(d(2, 4), x, "x doubled once");
        close(d(2, 4).unsqueeze(1).expand(2, 3), out[0], "x at out_dim 1");
        Tensor z = d(1, 2);
        Func.vmap(in -> ts(in[0].fill_(Double.NaN)), new Integer[] {null, 0}).apply(ts(z, y));
        assertTrue(z.isnan().all().item() != 0, "NaN written by every sample is one write");
    }

    @Test
    void vmapRefusesWritingAMappedValueIntoAnUnmappedInput() {
        Tensor x = d(1, 2), y = d(1, 2, 3, 4).reshape(2, 2);
        var e = assertThrows(IllegalStateException.class,
                () -> Func.vmap(in -> ts(in[0].add_(in[1])), new Integer[] {null, 0}).apply(ts(x, y)));
        assertTrue(e.getMessage().startsWith("vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a "
                + "Tensor `other` in extra_args that has more elements than `self`."), e.getMessage());
        close(d(1, 2), x, "x as before the call");
    }

    @Test
    void vmapOutDimsOfOneTensorIsALeaf() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Func.vmap(in -> ts(in[0].sin()), null, new Integer[] {0, 0}).apply(ts(randn(2, 3))));
        assertEquals("vmap(<lambda>, ..., out_dims=(0, 0))(<inputs>): out_dims is not compatible with the structure of `outputs`. "
                + "out_dims has structure TreeSpec(tuple, None, [*, *]) but outputs has structure *.", e.getMessage());
    }

    @Test
    void jacobiansWithAux() {
        Tensor x = d(0.5, -1.0, 2.0);
        Function<Tensor[], Tensor[]> f = in -> ts(in[0].sin(), in[0].cos().sum());
        for (Tensor[] r : List.of(Func.jacrev(f, new int[] {0}, true).apply(ts(x)), Func.jacfwd(f, new int[] {0}, true).apply(ts(x)))) {
            assertEquals(2, r.length);
            close(Torch.diag(x.cos()), r[0], "Jacobian of the output");
            close(x.cos().sum(), r[1], "aux as computed");
            assertFalse(r[1].requiresGrad(), "aux detached at the top level");
        }
        var e = assertThrows(IllegalStateException.class, () -> Func.jacrev(in -> ts(in[0].sin()), new int[] {0}, true).apply(ts(x)));
        assertEquals("vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux is True", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Func.jacfwd(in -> ts(in[0].sin()), new int[] {0}, true).apply(ts(x)));
        assertEquals("jvp(f, primals, tangents): output of function f should be a tuple: (output, aux) if has_aux is True", e.getMessage());
    }

    @Test
    void batchNormRefusesRunningStatisticsThatRequireGrad() {
        // vmap(grad(loss)) over functional_call with a BatchNorm buffer among argnums: PyTorch's autograd refuses it
        Tensor x = randn(3, 2), rm = Torch.zeros(Torch.shape(2)).to(DType.FLOAT64).requiresGrad_(true);
        Tensor rv = Torch.ones(Torch.shape(2)).to(DType.FLOAT64);
        var e = assertThrows(IllegalStateException.class,
                () -> dev.torch4j.nn.Functional.batchNorm(x, rm, rv, null, null, false, 0.1, 1e-5));
        assertEquals("The function 'native_batch_norm' is not differentiable with respect to argument 'running_mean'. This input "
                + "cannot have requires_grad True.", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> dev.torch4j.nn.Functional.batchNorm(x, rv, rm, null, null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().contains("argument 'running_var'"), e.getMessage());
        try (var g = GradMode.noGrad()) {
            assertEquals(2, dev.torch4j.nn.Functional.batchNorm(x, rm, rv, null, null, false, 0.1, 1e-5).dim(), "allowed without grad");
        }
    }
}
