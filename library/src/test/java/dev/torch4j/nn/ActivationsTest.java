package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** relu6, hardtanh, softplus, prelu, selu, celu, mish, hardswish, ... against PyTorch (scripts/goldens/activation_goldens.py). */
class ActivationsTest {
    private static final List<JsonObject> CASES = Golden.cases("activations");

    private static Tensor fn(String name, JsonArray a, Tensor x) {
        double p = a.isEmpty() ? 0 : a.get(0).getAsDouble(), q = a.size() < 2 ? 0 : a.get(1).getAsDouble();
        return switch (name) {
            case "relu6" -> Functional.relu6(x);
            case "hardtanh" -> a.isEmpty() ? Functional.hardtanh(x) : Functional.hardtanh(x, p, q);
            case "softplus" -> a.isEmpty() ? Functional.softplus(x) : Functional.softplus(x, p, q);
            case "selu" -> Functional.selu(x);
            case "celu" -> a.isEmpty() ? Functional.celu(x) : Functional.celu(x, p);
            case "mish" -> Functional.mish(x);
            case "hardswish" -> Functional.hardswish(x);
            case "hardsigmoid" -> Functional.hardsigmoid(x);
            case "logsigmoid" -> Functional.logsigmoid(x);
            case "softsign" -> Functional.softsign(x);
            case "threshold" -> Functional.threshold(x, p, q);
            case "tanhshrink" -> Functional.tanhshrink(x);
            case "softshrink" -> a.isEmpty() ? Functional.softshrink(x) : Functional.softshrink(x, p);
            case "hardshrink" -> a.isEmpty() ? Functional.hardshrink(x) : Functional.hardshrink(x, p);
            default -> throw new AssertionError(name);
        };
    }

    /** Values at every kink, infinities and NaN; node names; gradients (exp/log/tanh may differ from PyTorch's in the last bit). */
    @Test
    void functionsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("fn")) continue;
            String what = c.get("name").getAsString() + c.get("args");
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            Tensor out = fn(c.get("name").getAsString(), c.getAsJsonArray("args"), x);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), 2e-6, 1e-7, what);
            assertEquals(c.get("grad_fn").getAsString(), out.gradFn().name(), what);
            out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), 2e-6, 1e-7, what + " gradient");
            n++;
        }
        assertEquals(19, n);
    }

    @Test
    void preluMatchesPyTorchWithOneOrPerChannelWeights() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("prelu")) continue;
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            Tensor w = Golden.tensor(c.getAsJsonObject("weight")).requiresGrad_(true);
            Tensor out = Functional.prelu(x, w);
            String what = "prelu " + c.getAsJsonObject("input").get("shape") + " weight " + c.getAsJsonObject("weight").get("shape");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), out.detach(), what);
            // PyTorch 2 records _prelu_kernel (1.13, the goldens: PreluBackward0)
            assertEquals("PreluKernelBackward0", out.gradFn().name());
            out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), what + " input gradient");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("weight_grad")), w.grad(), 1e-6, 1e-6, what + " weight gradient");
            n++;
        }
        assertEquals(4, n);
        String m = assertThrows(IllegalArgumentException.class, () -> Functional.prelu(randn(2, 3), randn(2))).getMessage();
        assertTrue(m.contains("Found parameter numbers = 2 and channel size = 3"), m);
    }

    @Test
    void softminAndGlu() {
        for (JsonObject c : CASES) {
            String kind = c.get("kind").getAsString();
            if (!kind.equals("softmin") && !kind.equals("glu")) continue;
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            long dim = c.get("dim").getAsLong();
            Tensor out = kind.equals("softmin") ? new Softmin(dim).forward(x) : new GLU(dim).forward(x);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out, 1e-6, 1e-7, kind + " dim " + dim);
        }
        String m = assertThrows(IllegalArgumentException.class, () -> Functional.glu(randn(2, 3), 1)).getMessage();
        assertEquals("glu: Halving dimension must be even, but dimension 1 is size 3", m);
    }

    /**
     * {@code inplace=True} modules on a non-leaf (as after a batch norm): the input is overwritten and backward works
     * and gives the out-of-place gradient (PyTorch keeps the original input for these backwards); gradcheck in float64.
     */
    @Test
    void inplaceModulesBackpropagate() {
        Tensor y = tensor(new double[] {-5.5, -2.2, -1.3, -0.8, 0.7, 1.4, 2.6, 4.1}, dtype(DType.FLOAT64)).requiresGrad_(true);
        Map<String, Function<Boolean, Module>> modules = new LinkedHashMap<>();
        modules.put("Hardswish", Hardswish::new);
        modules.put("Hardsigmoid", Hardsigmoid::new);
        modules.put("ReLU6", ReLU6::new);
        modules.put("ELU", b -> new ELU(0.7, b));
        modules.put("CELU", b -> new CELU(0.7, b));
        modules.put("SELU", SELU::new);
        modules.put("LeakyReLU", b -> new LeakyReLU(0.1, b));
        modules.put("Hardtanh", b -> new Hardtanh(-2, 2, b));
        modules.put("Threshold", b -> new Threshold(0.5, 2, b));
        modules.put("Mish", Mish::new);
        for (var e : modules.entrySet()) {
            Module inplace = e.getValue().apply(true), outOfPlace = e.getValue().apply(false);
            Tensor a = y.mul(1);
            Tensor out = inplace.call(a);
            Golden.assertClose(outOfPlace.call(y), a.detach(), 0, 0, e.getKey() + " overwrote its input");
            out.mul(y).sum().backward();
            Tensor got = y.grad().clone();
            y.grad().zero_();
            outOfPlace.call(y).mul(y).sum().backward();
            Golden.assertClose(y.grad(), got, 1e-12, 0, e.getKey() + "(inplace=True) gradient");
            y.grad().zero_();
            assertTrue(GradCheck.gradcheck(t -> inplace.call(t[0].mul(1)), y), e.getKey() + "(inplace=True)");
        }
    }

    /** First and second derivatives in float64, away from the kinks (finite differences cannot straddle them). */
    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(7);
        Tensor x = randn(shape(3, 5), dtype(DType.FLOAT64)).mul(2);
        x = x.add(x.sign().mul(0.2)); // away from 0
        x.requiresGrad_(true);
        Map<String, Function<Tensor[], Tensor>> fns = new LinkedHashMap<>();
        fns.put("softplus", t -> Functional.softplus(t[0], 1.5, 5));
        fns.put("selu", t -> Functional.selu(t[0]));
        fns.put("celu", t -> Functional.celu(t[0], 0.7));
        fns.put("mish", t -> Functional.mish(t[0]));
        fns.put("logsigmoid", t -> Functional.logsigmoid(t[0]));
        fns.put("softsign", t -> Functional.softsign(t[0]));
        fns.put("softmin", t -> Functional.softmin(t[0], 1));
        fns.put("tanhshrink", t -> Functional.tanhshrink(t[0]));
        fns.put("glu", t -> Functional.glu(t[0].narrow(1, 0, 4), 1));
        for (Map.Entry<String, Function<Tensor[], Tensor>> e : fns.entrySet()) {
            assertTrue(GradCheck.gradcheck(e.getValue(), x), e.getKey());
            assertTrue(GradCheck.gradgradcheck(e.getValue(), x), e.getKey() + " second derivative");
        }
        // the piecewise ones: points kept off their kinks
        Tensor y = tensor(new double[] {-5.5, -2.2, -1.3, -0.8, 0.7, 1.4, 2.6, 4.1}, dtype(DType.FLOAT64)).requiresGrad_(true);
        Map<String, Function<Tensor[], Tensor>> piecewise = new LinkedHashMap<>();
        piecewise.put("relu6", t -> Functional.relu6(t[0].mul(2)));
        piecewise.put("hardtanh", t -> Functional.hardtanh(t[0]));
        piecewise.put("hardswish", t -> Functional.hardswish(t[0]));
        piecewise.put("hardsigmoid", t -> Functional.hardsigmoid(t[0]));
        piecewise.put("threshold", t -> Functional.threshold(t[0], 0.5, 2));
        piecewise.put("softshrink", t -> Functional.softshrink(t[0]));
        piecewise.put("hardshrink", t -> Functional.hardshrink(t[0]));
        for (Map.Entry<String, Function<Tensor[], Tensor>> e : piecewise.entrySet()) {
            assertTrue(GradCheck.gradcheck(e.getValue(), y), e.getKey());
            assertTrue(GradCheck.gradgradcheck(e.getValue(), y), e.getKey() + " second derivative");
        }
        Tensor w = tensor(new double[] {0.3, -0.2, 0.6}, dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor z = randn(shape(2, 3, 4), dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> Functional.prelu(t[0], t[1]), z, w), "prelu");
        assertTrue(GradCheck.gradgradcheck(t -> Functional.prelu(t[0], t[1]), z, w), "prelu second derivative");
    }

    @Test
    void modulesPrintAndRunAsPyTorchs() {
        Map<String, String> want = new LinkedHashMap<>();
        for (JsonObject c : CASES) {
            if (c.get("kind").getAsString().equals("repr")) c.getAsJsonObject("reprs").entrySet().forEach(e -> want.put(e.getKey(), e.getValue().getAsString()));
        }
        Map<String, Module> mods = new LinkedHashMap<>();
        mods.put("ReLU6()", new ReLU6());
        mods.put("ReLU6(true)", new ReLU6(true));
        mods.put("Hardtanh()", new Hardtanh());
        mods.put("Hardtanh(-2,0.5,true)", new Hardtanh(-2, 0.5, true));
        mods.put("SELU()", new SELU());
        mods.put("CELU(0.5)", new CELU(0.5));
        mods.put("CELU(1,true)", new CELU(1, true));
        mods.put("Mish()", new Mish());
        mods.put("Hardswish()", new Hardswish());
        mods.put("Hardsigmoid()", new Hardsigmoid());
        mods.put("LogSigmoid()", new LogSigmoid());
        mods.put("Softsign()", new Softsign());
        mods.put("Tanhshrink()", new Tanhshrink());
        mods.put("Softmin(1)", new Softmin(1));
        mods.put("GLU()", new GLU());
        mods.put("GLU(0)", new GLU(0));
        mods.put("Threshold(0.1,20)", new Threshold(0.1, 20));
        mods.put("Softshrink()", new Softshrink());
        mods.put("Hardshrink(1)", new Hardshrink(1));
        mods.put("PReLU()", new PReLU());
        mods.put("PReLU(3)", new PReLU(3));
        assertEquals(want.keySet(), mods.keySet());
        mods.forEach((k, m) -> assertEquals(want.get(k), m.toString(), k));
        assertEquals("Softplus(beta=1.0, threshold=20.0)", new Softplus().toString(), "PyTorch 2.x (floats)");
        // in place: the input holds the result
        Tensor x = tensor(new double[] {-4, -1, 2, 7});
        Tensor y = new ReLU6(true).forward(x);
        Golden.assertExact(tensor(new double[] {0, 0, 2, 6}), x, "ReLU6(inplace=True)");
        assertEquals(x, y);
        PReLU p = new PReLU(3);
        assertEquals(List.of("weight"), List.copyOf(p.namedParameters().keySet()));
        Golden.assertExact(full(new long[] {3}, 0.25), p.weight.detach(), "PReLU's init");
    }

    @Test
    void inplaceModulesBackpropagateAsTheirOutOfPlaceForms() {
        // the in-place write must not clobber what the activation's backward saved (it did for these nine)
        List<Function<Boolean, Module>> modules = List.of(b -> new CELU(0.7, b), b -> new ELU(1.3, b), Hardsigmoid::new, Hardswish::new,
                b -> new Hardtanh(-0.5, 0.8, b), b -> new LeakyReLU(0.1, b), Mish::new, ReLU6::new, SELU::new);
        for (Function<Boolean, Module> make : modules) {
            manualSeed(5);
            Tensor x = randn(4, 5).mul(3).requiresGrad_(true), w = randn(4, 5);
            Tensor ref = make.apply(false).call(x.mul(1.0));
            ref.mul(w).sum().backward();
            Tensor want = x.grad().clone();
            x = x.detach().requiresGrad_(true);
            Tensor h = x.mul(1.0);
            Module m = make.apply(true);
            Tensor out = m.call(h);
            assertTrue(out == h, m + " writes over its input");
            out.mul(w).sum().backward();
            assertTrue(allclose(want, x.grad()), m + " gradient");
            assertTrue(allclose(ref.detach(), out.detach()), m + " value");
        }
    }
}
