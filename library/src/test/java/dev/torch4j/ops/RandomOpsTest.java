package dev.torch4j.ops;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** manualSeed + the tensor-level random API give PyTorch's numbers bit for bit (goldens: random_ops_goldens.py). */
class RandomOpsTest {
    private static final Map<String, Supplier<Tensor>> OPS = new HashMap<>();

    static {
        OPS.put("rand_2x3", () -> rand(2, 3));
        OPS.put("rand_1000_f64", () -> rand(shape(10, 100), dtype(DType.FLOAT64)));
        OPS.put("randn_2x3", () -> randn(2, 3));
        OPS.put("randn_5x7", () -> randn(5, 7));
        OPS.put("randn_3_f64", () -> randn(shape(3), dtype(DType.FLOAT64)));
        OPS.put("randn_40_f64", () -> randn(shape(40), dtype(DType.FLOAT64)));
        OPS.put("randint_0_10", () -> randint(0, 10, shape(2, 5)));
        OPS.put("randint_neg", () -> randint(-1000, 1000, shape(17)));
        OPS.put("randint_int32", () -> randint(-3, 3, shape(9), dtype(DType.INT32)));
        OPS.put("randperm_8", () -> randperm(8));
        OPS.put("randperm_50", () -> randperm(50));
        OPS.put("bernoulli_half", () -> zeros(20).bernoulli_(0.5));
        OPS.put("uniform_m2_3", () -> zeros(4, 6).uniform_(-2, 3));
        OPS.put("normal_transposed", () -> zeros(4, 5).t().normal_(0, 1));
        OPS.put("cauchy_f64", () -> zeros(shape(7), dtype(DType.FLOAT64)).cauchy_(1.0, 2.0));
        OPS.put("cauchy_f32_default", () -> zeros(3, 4).cauchy_());
        OPS.put("log_normal_f64", () -> zeros(shape(9), dtype(DType.FLOAT64)).logNormal_(0.5, 0.25));
        OPS.put("log_normal_f32_default", () -> zeros(2, 5).logNormal_());
        OPS.put("geometric_f64", () -> zeros(shape(10), dtype(DType.FLOAT64)).geometric_(0.3));
        OPS.put("geometric_int64", () -> zeros(shape(12), dtype(DType.INT64)).geometric_(0.05));
        OPS.put("geometric_int32", () -> zeros(shape(6), dtype(DType.INT32)).geometric_(0.9));
        OPS.put("cauchy_transposed", () -> zeros(shape(4, 5), dtype(DType.FLOAT64)).t().cauchy_());
        OPS.put("poisson_f32", () -> poisson(tensor(new double[][] {{0.0, 0.5, 3.0}, {9.9, 10.0, 250.0}}).to(DType.FLOAT32)));
        OPS.put("poisson_f64_transposed", () -> poisson(tensor(new double[][] {{1.0, 40.0}, {7.5, 0.1}}).to(DType.FLOAT64).t()));
        OPS.put("poisson_generator", () -> poisson(full(new long[] {6}, 4.0), new dev.torch4j.Generator().manualSeed(13)));
        OPS.put("binomial_f32", () -> binomial(tensor(new double[] {5, 20, 100, 1000, 0, 7}).to(DType.FLOAT32),
                tensor(new double[] {0.3, 0.6, 0.05, 0.5, 0.5, 1.0}).to(DType.FLOAT32)));
        OPS.put("binomial_f64_broadcast", () -> binomial(tensor(new double[][] {{10}, {200}}).to(DType.FLOAT64),
                tensor(new double[] {0.1, 0.9, 0.45}).to(DType.FLOAT64)));
        OPS.put("randn_twice", () -> {
            Tensor a = randn(3);
            Tensor b = randn(3);
            return tensor(concat(a.toDoubleArray(), b.toDoubleArray()));
        });
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void inPlaceDrawsMatchTheBufferedPath() {
        // a fresh contiguous tensor takes the draws in place; a strided view through a buffer copied in memory
        // order, which for these views is index order too
        manualSeed(3);
        Tensor direct = zeros(20).bernoulli_(0.3);
        manualSeed(3);
        Tensor strided = zeros(20, 2).select(1, 1).bernoulli_(0.3);
        assertTrue(direct.equal(strided));
        manualSeed(4);
        Tensor u1 = zeros(shape(40), dtype(DType.FLOAT64)).uniform_(-1, 2);
        manualSeed(4);
        Tensor u2 = zeros(shape(40, 3), dtype(DType.FLOAT64)).select(1, 2).uniform_(-1, 2);
        assertTrue(u1.equal(u2));
    }

    @Test
    void everyGoldenCaseMatchesBitForBit() {
        int checked = 0;
        for (JsonObject c : Golden.cases("random_ops")) {
            String name = c.get("name").getAsString();
            Supplier<Tensor> op = OPS.get(name);
            assertTrue(op != null, "no Java op for golden case " + name);
            manualSeed(c.get("seed").getAsLong());
            Tensor expected = Golden.tensor(c.getAsJsonObject("out"));
            Tensor actual = op.get();
            if (name.equals("randn_twice")) actual = actual.to(expected.dtype());
            Golden.assertExact(expected, actual, name);
            checked++;
        }
        assertEquals(OPS.size(), checked);
    }

    @Test
    void cauchyLogNormalGeometricRefuseAsPyTorch2Does() {
        assertEquals("cauchy_ expects sigma > 0.0, but found sigma=0",
                assertThrows(IllegalArgumentException.class, () -> zeros(3).cauchy_(0, 0)).getMessage());
        assertEquals("Cauchy distribution is a continuous probability distribution. dtype must be a floating point but you specified Long",
                assertThrows(IllegalArgumentException.class, () -> zeros(shape(3), dtype(DType.INT64)).cauchy_()).getMessage());
        assertEquals("log_normal_ expects std > 0.0, but found std=0",
                assertThrows(IllegalArgumentException.class, () -> zeros(3).logNormal_(1, 0)).getMessage());
        assertEquals("geometric_ expects p to be in (0, 1), but got p=1.5",
                assertThrows(IllegalArgumentException.class, () -> zeros(3).geometric_(1.5)).getMessage());
        assertEquals("\"geometric_cpu\" not implemented for 'Bool'",
                assertThrows(IllegalArgumentException.class, () -> zeros(shape(2), dtype(DType.BOOL)).geometric_(0.5)).getMessage());
        // an explicit generator gives the default generator's values after the same seed
        manualSeed(3);
        Tensor a = zeros(shape(7), dtype(DType.FLOAT64)).cauchy_(1.0, 2.0);
        Tensor b = zeros(shape(7), dtype(DType.FLOAT64)).cauchy_(1.0, 2.0, new dev.torch4j.Generator().manualSeed(3));
        Golden.assertExact(a, b, "cauchy_ with a generator");
    }

    @Test
    void badArgumentsAreRefusedWithPyTorchsWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> randint(5, 5, shape(3)));
        assertTrue(e.getMessage().contains("from=5 >= to=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> zeros(3).normal_(0, -1));
        assertTrue(e.getMessage().contains("std >= 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> zeros(shape(3), dtype(DType.INT64)).uniform_(0, 1));
        assertTrue(e.getMessage().contains("uniform_") && e.getMessage().contains("torch.int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> zeros(shape(3), dtype(DType.UINT8)).random_(0, 300));
        assertTrue(e.getMessage().contains("torch.uint8"), e.getMessage());
    }

    @Test
    void poissonAndBinomialChecksAndGradients() {
        assertEquals("\"poisson_cpu\" not implemented for 'Long'",
                assertThrows(IllegalArgumentException.class, () -> poisson(zeros(shape(2), dtype(DType.INT64)))).getMessage());
        assertEquals("invalid Poisson rate, expected rate to be non-negative",
                assertThrows(IllegalArgumentException.class, () -> poisson(tensor(new double[] {-1.0}))).getMessage());
        assertEquals("Found dtype Double but expected Float", assertThrows(IllegalArgumentException.class,
                () -> binomial(zeros(2), zeros(shape(2), dtype(DType.FLOAT64)))).getMessage());
        assertEquals("\"binomial_cpu\" not implemented for 'Long'", assertThrows(IllegalArgumentException.class,
                () -> binomial(zeros(shape(2), dtype(DType.INT64)), zeros(shape(2), dtype(DType.INT64)))).getMessage());
        Tensor rate = tensor(new double[] {0.5, 30.0}).to(DType.FLOAT64).requiresGrad_(true);
        Tensor p = poisson(rate);
        assertEquals("PoissonBackward0", p.gradFn().name());
        p.sum().backward();
        assertEquals(java.util.List.of(0.0, 0.0), java.util.Arrays.stream(rate.grad().toDoubleArray()).boxed().toList());
        Tensor prob = tensor(new double[] {0.5}).requiresGrad_(true);
        Tensor b = binomial(tensor(new double[] {4.0}), prob);
        assertEquals("NotImplemented", b.gradFn().name());
        assertEquals("derivative for aten::binomial is not implemented",
                assertThrows(UnsupportedOperationException.class, () -> b.sum().backward()).getMessage());
    }
}
