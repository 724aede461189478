package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.torch4j.Torch.*;
import static dev.torch4j.nn.PoolNormGoldens.tensor;
import static org.junit.jupiter.api.Assertions.*;

/** BatchNorm2d, GroupNorm, InstanceNorm2d and Dropout2d against real PyTorch: outputs, gradients, running stats, reprs. */
class NormalizationTest {
    private static void checkGrad(JsonObject c, java.util.function.Function<Tensor, Tensor> fn) {
        String name = c.get("name").getAsString();
        Tensor x = tensor(c, "x").requiresGrad_(true);
        Tensor y = fn.apply(x);
        Golden.assertClose(tensor(c, "out"), y, name + " out");
        y.mul(tensor(c, "gw")).sum().backward();
        Golden.assertClose(tensor(c, "grad"), x.grad(), name + " grad");
    }

    @Test
    void groupAndInstanceNormGoldens() {
        for (JsonObject c : PoolNormGoldens.cases("group_norm")) {
            JsonObject a = c.getAsJsonObject("args");
            Tensor w = Golden.tensor(a.getAsJsonObject("w")), b = Golden.tensor(a.getAsJsonObject("b"));
            checkGrad(c, x -> Functional.groupNorm(x, a.get("g").getAsLong(), w, b, 1e-5));
        }
        for (JsonObject c : PoolNormGoldens.cases("instance_norm")) {
            checkGrad(c, x -> Functional.instanceNorm(x, null, null, null, null, true, 0.1, 1e-5));
        }
    }

    @Test
    void batchNorm2dTrainsAndEvaluatesLikePyTorch() {
        for (JsonObject c : PoolNormGoldens.cases("batch_norm2d")) {
            String name = c.get("name").getAsString();
            JsonObject a = c.getAsJsonObject("args");
            boolean affine = !a.has("affine") || a.get("affine").getAsBoolean();
            Double momentum = !a.has("momentum") ? (Double) 0.1 : a.get("momentum").isJsonNull() ? null : a.get("momentum").getAsDouble();
            BatchNorm2d m = new BatchNorm2d(3, 1e-5, momentum, affine, true);
            for (int i = 0; i < 2; i++) {
                Tensor x = Golden.tensor(c.getAsJsonArray("xs").get(i).getAsJsonObject());
                Golden.assertClose(Golden.tensor(c.getAsJsonArray("outs").get(i).getAsJsonObject()), m.forward(x), name + " train " + i);
            }
            m.eval();
            Golden.assertClose(tensor(c, "ye"), m.forward(tensor(c, "xe")), name + " eval");
            Golden.assertClose(tensor(c, "running_mean"), m.runningMean(), name + " running_mean");
            Golden.assertClose(tensor(c, "running_var"), m.runningVar(), name + " running_var");
            assertEquals(c.get("num_batches_tracked").getAsLong(), (long) m.numBatchesTracked().item(), name);
        }
        String msg = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(randn(2, 3, 4))).getMessage();
        assertEquals("expected 4D input (got 3D input)", msg);
    }

    @Test
    void instanceNorm2dTracksRunningStats() {
        JsonObject c = PoolNormGoldens.cases("instance_norm2d_module").get(0);
        InstanceNorm2d m = new InstanceNorm2d(3, 1e-5, 0.1, true, true);
        Golden.assertClose(tensor(c, "out"), m.forward(tensor(c, "x")), "InstanceNorm2d out");
        Golden.assertClose(tensor(c, "running_mean"), m.runningMean(), "InstanceNorm2d running_mean");
        Golden.assertClose(tensor(c, "running_var"), m.runningVar(), "InstanceNorm2d running_var");
        // unbatched (C, H, W) input normalises like a batch of one
        Tensor x = randn(3, 4, 5);
        Golden.assertClose(new InstanceNorm2d(3).forward(x.unsqueeze(0)).squeeze(0), new InstanceNorm2d(3).forward(x), "unbatched");
    }

    private static Tensor d(Tensor t) { return t.to(DType.FLOAT64).requiresGrad_(true); }

    /**
     * F.batch_norm against PyTorch through both paths: the one-node kernel (contiguous x) and the composition (the
     * same values in a transposed layout); output, gradients, running statistics, the node's name on the fused path.
     */
    @Test
    void batchNormFunctionalMatchesPyTorchFusedAndComposed() {
        for (JsonObject c : PoolNormGoldens.cases("batch_norm_fn")) {
            String name = c.get("name").getAsString();
            boolean training = c.get("training").getAsBoolean();
            for (boolean fused : new boolean[] {true, false}) {
                String what = name + (fused ? " fused" : " composed");
                Tensor x0 = tensor(c, "x");
                Tensor x = (fused ? x0.clone() : x0.transpose(0, 1).contiguous().transpose(0, 1)).requiresGrad_(true);
                assertEquals(fused, x.isContiguous(), what);
                Tensor w = tensor(c, "w"), b = tensor(c, "b"), rm = tensor(c, "rm0"), rv = tensor(c, "rv0");
                if (w != null) {
                    w.requiresGrad_(true);
                    b.requiresGrad_(true);
                }
                Tensor out = Functional.batchNorm(x, rm, rv, w, b, training, 0.2, 1e-5);
                Golden.assertClose(tensor(c, "out"), out, what + " out");
                if (fused) assertEquals(c.get("grad_fn").getAsString(), out.gradFn().name(), what);
                out.mul(tensor(c, "gw")).sum().backward();
                Golden.assertClose(tensor(c, "grad"), x.grad(), what + " grad");
                if (w != null) {
                    Golden.assertClose(tensor(c, "grad_w"), w.grad(), what + " grad_w");
                    Golden.assertClose(tensor(c, "grad_b"), b.grad(), what + " grad_b");
                }
                if (rm != null) {
                    Golden.assertClose(tensor(c, "rm"), rm, what + " running_mean");
                    Golden.assertClose(tensor(c, "rv"), rv, what + " running_var");
                }
            }
        }
    }

    /** The one-node batch norm's second derivatives (training: through the batch statistics; evaluation; S == 1). */
    @Test
    void batchNormDoubleBackward() {
        manualSeed(7);
        Tensor x2 = d(randn(5, 3)), x3 = d(randn(3, 2, 4)), w = d(randn(3)), b = d(randn(3)), w2 = d(randn(2));
        Tensor rm = randn(3).to(DType.FLOAT64), rv = rand(3).add(0.5).to(DType.FLOAT64);
        assertTrue(GradCheck.gradgradcheck(a -> Functional.batchNorm(a[0], null, null, a[1], a[2], true, 0.1, 1e-5), x2, w, b),
                "batch_norm 2d");
        assertTrue(GradCheck.gradgradcheck(a -> Functional.batchNorm(a[0], rm, rv, a[1], a[2], false, 0.1, 1e-5), x2, w, b),
                "batch_norm 2d evaluation");
        assertTrue(GradCheck.gradgradcheck(a -> Functional.batchNorm(a[0], null, null, a[1], null, true, 0.1, 1e-5), x3, w2),
                "batch_norm 3d, no bias");
        assertEquals("NativeBatchNormBackward0",
                Functional.batchNorm(x3, null, null, null, null, true, 0.1, 1e-5).gradFn().name());
    }

    /**
     * group_norm's one node (layer norm of each group, then the affine as a batch-norm pass) against the composition
     * in float64 on the same values: every affine combination, float32 and float64, 3-d and 4-d; output and the
     * input, weight and bias gradients; the node PyTorch records.
     */
    @Test
    void groupNormNodeMatchesTheComposition() {
        manualSeed(8);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double tol = t == DType.FLOAT32 ? 2e-5 : 1e-12;
            for (long[] shape : new long[][] {{3, 6, 5}, {2, 8, 4, 5}, {40, 4, 3}}) {
                for (int affine = 0; affine < 4; affine++) {
                    long c = shape[1];
                    String what = t + " " + java.util.Arrays.toString(shape) + " affine " + affine;
                    Tensor x0 = randn(shape).mul(2).add(0.3), w0 = randn(c), b0 = randn(c), g = randn(shape);
                    Tensor x = x0.to(t).requiresGrad_(true), xr = x0.to(t).to(DType.FLOAT64).detach().requiresGrad_(true);
                    Tensor w = (affine & 1) != 0 ? w0.to(t).requiresGrad_(true) : null;
                    Tensor b = (affine & 2) != 0 ? b0.to(t).requiresGrad_(true) : null;
                    Tensor wr = w == null ? null : w.detach().to(DType.FLOAT64).requiresGrad_(true);
                    Tensor br = b == null ? null : b.detach().to(DType.FLOAT64).requiresGrad_(true);
                    Tensor y = Functional.groupNorm(x, 2, w, b, 1e-5);
                    assertEquals("NativeGroupNormBackward0", y.gradFn().name(), what);
                    long[] last = {-1}, dims = shape.length == 3 ? new long[] {0, 2} : new long[] {0, 2, 3};
                    Tensor xg = xr.reshape(shape[0], 2, -1), xc = xg.sub(xg.mean(last, true));
                    Tensor yr = xc.mul(xc.square().mean(last, true).add(1e-5).rsqrt()).reshape(shape);
                    long[] chan = shape.length == 3 ? new long[] {1, c, 1} : new long[] {1, c, 1, 1};
                    if (wr != null) yr = yr.mul(wr.view(chan));
                    if (br != null) yr = yr.add(br.view(chan));
                    Golden.assertClose(yr, y.to(DType.FLOAT64), tol, tol, what + " output");
                    y.backward(g.to(t));
                    yr.backward(g.to(t).to(DType.FLOAT64));
                    Golden.assertClose(xr.grad(), x.grad().to(DType.FLOAT64), tol, 10 * tol, what + " input grad");
                    if (w != null) Golden.assertClose(wr.grad(), w.grad().to(DType.FLOAT64), tol, 10 * tol, what + " weight grad");
                    if (b != null) Golden.assertClose(br.grad(), b.grad().to(DType.FLOAT64), tol, 10 * tol, what + " bias grad");
                }
            }
        }
        Tensor x = d(randn(2, 4, 3)), w = d(randn(4));
        assertTrue(GradCheck.gradgradcheck(a -> Functional.groupNorm(a[0], 2, a[1], null, 1e-5), x, w), "weight only");
        assertTrue(GradCheck.gradcheck(a -> Functional.groupNorm(a[0], 4, null, null, 1e-5), x), "no affine");
    }

    /**
     * Running statistics that require grad are refused with grad mode on, as PyTorch's autograd does (1.13 and 2.x:
     * native_batch_norm has no derivative for them); under no_grad they normalise as usual.
     */
    @Test
    void batchNormRunningStatsWithGradAreRefused() {
        Tensor x = dev.torch4j.Torch.tensor(new double[] {1, 2, 3, 4, 5, 6}).reshape(3, 2);
        Tensor rm = dev.torch4j.Torch.tensor(new double[] {0.5, -1}).requiresGrad_(true);
        Tensor rv = dev.torch4j.Torch.tensor(new double[] {1, 4});
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Functional.batchNorm(x, rm, rv, null, null, false, 0.1, 0));
        org.junit.jupiter.api.Assertions.assertEquals("The function 'native_batch_norm' is not differentiable with respect to "
                + "argument 'running_mean'. This input cannot have requires_grad True.", e.getMessage());
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            Tensor y = Functional.batchNorm(x, rm, rv, null, null, false, 0.1, 0);
            Golden.assertClose(dev.torch4j.Torch.tensor(new double[] {0.5, 1.5, 2.5, 2.5, 4.5, 3.5}).reshape(3, 2), y, "values");
        }
    }

    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(5);
        Tensor x = d(randn(2, 4, 3, 3)), w = d(randn(4)), b = d(randn(4));
        assertTrue(GradCheck.gradcheck(a -> Functional.groupNorm(a[0], 2, a[1], a[2], 1e-5), x, w, b), "group_norm");
        assertTrue(GradCheck.gradgradcheck(a -> Functional.groupNorm(a[0], 2, a[1], a[2], 1e-5), x, w, b), "group_norm double backward");
        assertTrue(GradCheck.gradcheck(a -> Functional.instanceNorm(a[0], null, null, a[1], a[2], true, 0.1, 1e-5), x, w, b), "instance_norm");
        assertTrue(GradCheck.gradcheck(a -> Functional.batchNorm(a[0], null, null, a[1], a[2], true, 0.1, 1e-5), x, w, b), "batch_norm 4d");
        assertTrue(GradCheck.gradgradcheck(a -> Functional.batchNorm(a[0], null, null, a[1], a[2], true, 0.1, 1e-5), x, w, b),
                "batch_norm 4d double backward");
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        manualSeed(6);
        Tensor x = ones(8, 16, 3, 3);
        Tensor y = new Dropout2d(0.5, false).forward(x);
        Tensor perChannel = y.amax(new long[] {2, 3}, false), minPerChannel = y.amin(new long[] {2, 3}, false);
        Golden.assertExact(perChannel, minPerChannel, "each channel is all zero or all kept");
        double kept = perChannel.eq(2.0).sum().item(), dropped = perChannel.eq(0.0).sum().item();
        assertEquals(128.0, kept + dropped);
        assertTrue(kept > 30 && dropped > 30, kept + " kept");
        Dropout2d m = new Dropout2d();
        m.eval();
        assertSame(x, m.forward(x));
        Tensor g = ones(2, 3, 2, 2).requiresGrad_(true);
        Tensor out = Functional.dropout2d(g, 0.5, true, false);
        out.sum().backward();
        Golden.assertExact(out.detach(), g.grad(), "dropout2d gradient is its mask (input is ones)");
    }

    @Test
    void reprsAndErrorsMatchPyTorch() {
        Map<String, String> want = new java.util.HashMap<>();
        PoolNormGoldens.cases("repr").get(0).getAsJsonObject("reprs").entrySet().forEach(e -> want.put(e.getKey(), e.getValue().getAsString()));
        assertEquals(want.get("BatchNorm2d(3)"), new BatchNorm2d(3).toString());
        assertEquals(want.get("GroupNorm(2,4)"), new GroupNorm(2, 4).toString());
        assertEquals(want.get("InstanceNorm2d(3)"), new InstanceNorm2d(3).toString());
        assertEquals(want.get("Dropout2d()"), new Dropout2d().toString());
        var errors = PoolNormGoldens.cases("errors").get(0).getAsJsonObject("errors");
        assertEquals(errors.get("gn_div").getAsString(),
                assertThrows(IllegalArgumentException.class, () -> Functional.groupNorm(randn(2, 5, 3), 2, null, null, 1e-5)).getMessage());
        assertEquals(errors.get("gn_batch_first").getAsString(),
                assertThrows(IllegalArgumentException.class, () -> Functional.groupNorm(randn(1, 3), 2, null, null, 1e-5)).getMessage());
        assertEquals(errors.get("gn_weight").getAsString(),
                assertThrows(IllegalArgumentException.class, () -> Functional.groupNorm(randn(2, 4, 3), 2, ones(3), null, 1e-5)).getMessage());
        assertEquals(errors.get("gn_dim").getAsString(),
                assertThrows(IllegalArgumentException.class, () -> Functional.groupNorm(randn(5), 1, null, null, 1e-5)).getMessage());
        GroupNorm gn = new GroupNorm(2, 4);
        assertEquals(2, gn.parameters().size());
    }
}
