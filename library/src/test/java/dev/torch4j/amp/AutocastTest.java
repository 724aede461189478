package dev.torch4j.amp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Checkpoint;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.GroupNorm;
import dev.torch4j.nn.LayerNorm;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Reduction;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torch.autocast: CPU bfloat16 training steps and single ops against PyTorch (scripts/goldens/autocast_goldens.py),
 * PyTorch 2.x's cast policies op by op on the CPU and (where a device is present) CUDA, regions nesting and
 * restoring, backward and checkpoint recomputation.
 */
class AutocastTest {
    private static Sequential make(String name) {
        return name.equals("mlp") ? new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 4))
                : new Sequential(new Conv2d(2, 4, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(36, 5));
    }

    @Test
    void cpuTrainingStepsMatchPyTorch() {
        for (JsonObject c : Golden.cases("autocast")) {
            String name = c.get("name").getAsString();
            if (name.equals("ops") || name.equals("batch_norm_mixed")) continue;
            manualSeed(c.get("seed").getAsLong());
            Module m = make(name);
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            Tensor target = Golden.tensor(c.getAsJsonObject("target"));
            Tensor out, loss, soft, total, expd;
            try (var ac = autocast("cpu")) {
                assertTrue(isAutocastEnabled("cpu"));
                out = m.call(x);
                loss = Functional.crossEntropy(out, target);
                soft = out.softmax(1);
                total = out.sum();
                expd = out.exp();
            }
            assertFalse(isAutocastEnabled("cpu"));
            // bfloat16 results: equal up to one bfloat16 rounding of float32 sums taken in another order
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("output")), out, 1e-2, 1e-2, name + " output");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("loss")), loss, 1e-3, 1e-4, name + " loss");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("softmax")), soft, 1e-2, 1e-2, name + " softmax");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("sum")), total, 1e-2, 5e-2, name + " sum");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("exp")), expd, 1e-2, 1e-2, name + " exp");
            loss.backward();
            Map<String, Tensor> params = m.namedParameters();
            for (JsonElement e : c.getAsJsonArray("grads")) {
                String k = e.getAsJsonArray().get(0).getAsString();
                Tensor want = Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject());
                assertEquals(DType.FLOAT32, params.get(k).grad().dtype(), name + " " + k);
                Golden.assertClose(want, params.get(k).grad(), 2e-2, 5e-3, name + " grad " + k);
            }
        }
    }

    @Test
    void cpuSingleOpsMatchPyTorch() {
        JsonObject c = Golden.cases("autocast").stream().filter(o -> o.get("name").getAsString().equals("ops")).findFirst().orElseThrow();
        Tensor bias = Golden.tensor(c.getAsJsonObject("bias"));
        for (JsonElement e : c.getAsJsonArray("ops")) {
            JsonArray op = e.getAsJsonArray();
            String name = op.get(0).getAsString();
            Tensor a = Golden.tensor(op.get(1).getAsJsonObject()), b = Golden.tensor(op.get(2).getAsJsonObject());
            Tensor want = Golden.tensor(op.get(3).getAsJsonObject());
            Tensor got;
            try (var ac = autocast("cpu")) {
                got = switch (name) {
                    case "mm", "mm_float64" -> a.mm(b);
                    case "matmul" -> a.matmul(b);
                    case "addmm" -> bias.addmm(a, b);
                    case "mse_loss_bf16" -> Functional.mseLoss(a, b);
                    default -> throw new AssertionError(name);
                };
            }
            Golden.assertClose(want, got, 1e-2, 1e-2, name);
            // the same op on inputs cast by hand gives the same bits: autocast only casts
            if (name.equals("mm")) Golden.assertExact(a.to(DType.BFLOAT16).mm(b.to(DType.BFLOAT16)), got, name + " by hand");
        }
    }

    /** PyTorch 2.x's lists, op by op, on one device type: the output dtype for float32 (and float16/bfloat16) inputs. */
    private static void checkPolicies(Device dev, String type, DType low) {
        Tensor a = randn(shape(4, 4), device(dev)), b = randn(shape(4, 4), device(dev));
        Tensor lowA = a.to(low), lowB = b.to(low);
        Tensor w = randn(shape(3, 4), device(dev)), img = randn(shape(1, 2, 5, 5), device(dev)), k = randn(shape(3, 2, 3, 3), device(dev));
        boolean cuda = type.equals("cuda");
        record Case(String op, Supplier<Tensor> run, DType want) {}
        List<Case> cases = List.of(
                new Case("mm", () -> a.mm(b), low),
                new Case("matmul 3-d", () -> a.unsqueeze(0).matmul(b), low),
                new Case("bmm", () -> a.unsqueeze(0).bmm(b.unsqueeze(0)), low),
                new Case("addmm", () -> a.addmm(a, b), low),
                new Case("linear", () -> Functional.linear(a, w, null), low),
                new Case("conv2d", () -> Functional.conv2d(img, k), low),
                new Case("mv", () -> a.mv(b.select(0, 0)), cuda ? low : DType.FLOAT32),
                new Case("einsum", () -> einsum("ij,jk->ik", a, b), cuda ? low : DType.FLOAT32),
                new Case("float64 mm", () -> a.to(DType.FLOAT64).mm(b.to(DType.FLOAT64)), DType.FLOAT64),
                new Case("exp", () -> lowA.exp(), cuda ? DType.FLOAT32 : low),
                new Case("log_softmax", () -> lowA.logSoftmax(1), cuda ? DType.FLOAT32 : low),
                new Case("softmax with dtype", () -> lowA.softmax(1, low), low),
                new Case("sum", () -> lowA.sum(), cuda ? DType.FLOAT32 : low),
                new Case("pow", () -> lowA.pow(2.0), cuda ? DType.FLOAT32 : low),
                new Case("layer_norm", () -> Functional.layerNorm(lowA, new long[] {4}, null, null, 1e-5), cuda ? DType.FLOAT32 : low),
                new Case("relu", () -> lowA.relu(), low),
                new Case("add", () -> lowA.add(lowB), low),
                new Case("mse_loss", () -> Functional.mseLoss(lowA, lowB), DType.FLOAT32),
                new Case("prod", () -> lowA.prod(), DType.FLOAT32),
                new Case("addcmul all low", () -> lowA.addcmul(lowA, lowB), low),
                new Case("addcmul with float32", () -> lowA.addcmul(a, lowB), cuda ? DType.FLOAT32 : DType.FLOAT32),
                new Case("in place exp_", () -> lowA.clone().exp_(), low));
        try (var ac = autocast(type)) {
            for (Case c : cases) assertEquals(c.want(), c.run().get().dtype(), type + " " + c.op());
            try (var off = autocast(type, null, false)) {
                assertFalse(isAutocastEnabled(type));
                assertEquals(DType.FLOAT32, a.mm(b).dtype(), "disabled inside");
            }
            assertTrue(isAutocastEnabled(type), "restored after the inner region");
            assertEquals(low, getAutocastDtype(type));
        }
        assertEquals(DType.FLOAT32, a.mm(b).dtype(), "outside");
    }

    @Test
    void cpuPoliciesFollowPyTorch2() { checkPolicies(Device.CPU, "cpu", DType.BFLOAT16); }

    @Test
    void cudaPoliciesFollowPyTorch2() {
        Assumptions.assumeTrue(Torch.cuda().isAvailable(), "no CUDA device");
        checkPolicies(Device.cuda(0), "cuda", DType.FLOAT16);
        Tensor p = rand(shape(4), device(Device.cuda(0))), t = rand(shape(4), device(Device.cuda(0)));
        try (var ac = autocast("cuda")) {
            var e = assertThrows(IllegalStateException.class, () -> Functional.binaryCrossEntropy(p, t, null, Reduction.MEAN));
            assertTrue(e.getMessage().startsWith("torch.nn.functional.binary_cross_entropy and torch.nn.BCELoss are unsafe to autocast."));
            // a CPU tensor inside a CUDA region is left alone
            assertEquals(DType.FLOAT32, p.cpu().unsqueeze(1).mm(p.cpu().unsqueeze(0)).dtype());
        }
    }

    @Test
    void cudaRegionWithoutADeviceIsOffAndBadDtypesAreErrors() {
        if (!Torch.cuda().isAvailable()) {
            try (var ac = autocast("cuda")) {
                assertFalse(isAutocastEnabled("cuda"));
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> autocast("cpu", DType.FLOAT64));
        assertEquals("autocast: CPU Autocast only supports dtype of torch.float16, torch.bfloat16 currently, got torch.float64", e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> autocast("tpu"));
        assertEquals("User specified an unsupported autocast device_type 'tpu'", t.getMessage());
    }

    @Test
    void weightsAreCastOnceAndGradientsReachThemInFloat32() {
        Linear lin = new Linear(4, 3);
        Tensor x = randn(2, 4);
        Tensor y1, y2;
        try (var ac = autocast("cpu")) {
            y1 = lin.call(x);
            y2 = lin.call(x.mul(2.0));
        }
        // both products use the same cached bfloat16 weight: one ToCopyBackward0 node feeds both
        assertEquals(DType.BFLOAT16, y1.dtype());
        y1.sum().add(y2.sum()).backward();
        assertEquals(DType.FLOAT32, lin.weight.grad().dtype());
        Tensor want = x.mul(3.0).sum(0).to(DType.BFLOAT16).to(DType.FLOAT32).unsqueeze(0).expand(3, 4);
        Golden.assertClose(want, lin.weight.grad(), 1e-2, 1e-2, "dL/dW");
        try (var ac = autocast("cpu", DType.BFLOAT16, true, false)) {
            assertFalse(Torch.isAutocastEnabled("cuda"));
            assertEquals(DType.BFLOAT16, lin.call(x).dtype(), "cache off still casts");
        }
    }

    @Test
    void backwardRunsInForwardsTypesEvenInsideARegion() {
        Tensor w = randn(shape(4, 4)).requiresGrad_(true);
        Tensor x = randn(2, 4);
        try (var ac = autocast("cpu")) {
            Tensor y = x.mm(w).to(DType.FLOAT32).exp().sum();
            y.backward(); // mm's backward must not be autocast again: its gradient comes back as float32
        }
        assertEquals(DType.FLOAT32, w.grad().dtype());
    }

    /** A bfloat16 activation meeting float32 norm layers (what autocast produces): computed in float32, returned in bfloat16. */
    @Test
    void mixedPrecisionNormsMatchPyTorch() {
        JsonObject c = Golden.cases("autocast").stream().filter(o -> o.get("name").getAsString().equals("batch_norm_mixed"))
                .findFirst().orElseThrow();
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
        Tensor y = bn.call(x);
        assertEquals(DType.BFLOAT16, y.dtype());
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("output")), y, 1e-2, 1e-2, "output");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("running_mean")), bn.stateDict().get("running_mean"), 1e-5, 1e-6, "running_mean");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("running_var")), bn.stateDict().get("running_var"), 1e-5, 1e-6, "running_var");
        y.to(DType.FLOAT32).mul(arange(y.numel()).reshape(y.shapeArray()).to(DType.FLOAT32).div(10)).sum().backward();
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("input_grad")), x.grad(), 2e-2, 2e-2, "input grad");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("weight_grad")), bn.weight.grad(), 1e-2, 1e-2, "weight grad");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("bias_grad")), bn.bias.grad(), 1e-2, 1e-2, "bias grad");
        // layer and group norm (2.x; 1.13 refuses the mix): the float32 computation, rounded once to bfloat16
        Tensor xb = randn(2, 3, 4).to(DType.BFLOAT16);
        LayerNorm ln = new LayerNorm(new long[] {4});
        Golden.assertExact(ln.call(xb.to(DType.FLOAT32)).to(DType.BFLOAT16), ln.call(xb), "layer_norm");
        GroupNorm gn = new GroupNorm(1, 3);
        Golden.assertExact(gn.call(xb.to(DType.FLOAT32)).to(DType.BFLOAT16), gn.call(xb), "group_norm");
    }

    @Test
    void checkpointRecomputesUnderTheForwardsAutocast() {
        Function<Boolean, double[]> step = checkpointed -> {
            manualSeed(4);
            Sequential m = make("mlp");
            Tensor x = randn(8, 6);
            Tensor out;
            try (var ac = autocast("cpu")) {
                out = checkpointed ? Checkpoint.checkpoint(m::call, x) : m.call(x);
            }
            out.to(DType.FLOAT32).pow(2L).sum().backward();
            return m.get(0).parameters().get(0).grad().toDoubleArray();
        };
        assertArrayEquals(step.apply(false), step.apply(true), 0.0);
        assertNotEquals(0.0, step.apply(true)[0]);
    }
}
