package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.distributed.Dist;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link SyncBatchNorm} without a process group (plain batch norm, as PyTorch 2.x runs it) and
 * {@link SyncBatchNorm#convertSyncBatchnorm} against goldens/sync_batchnorm.json (scripts/goldens/sync_batchnorm_goldens.py).
 * The synchronised path runs on two MPI ranks in {@code DistributedMpiTest}.
 */
class SyncBatchNormTest {
    private static final TensorOptions F64 = TensorOptions.DEFAULT.dtype(DType.FLOAT64);

    private static List<JsonObject> cases(String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : Golden.cases("sync_batchnorm")) if (c.get("kind").getAsString().equals(kind)) out.add(c);
        return out;
    }

    private static Tensor tensor(JsonObject c, String key) {
        return c.get(key).isJsonNull() ? null : Golden.tensor(c.getAsJsonObject(key));
    }

    @Test
    void withoutAProcessGroupItIsBatchNorm() {
        assertFalse(Dist.isInitialized());
        for (JsonObject c : cases("forward")) {
            String name = c.get("name").getAsString();
            Double momentum = c.get("momentum").isJsonNull() ? null : c.get("momentum").getAsDouble();
            boolean affine = c.get("affine").getAsBoolean(), track = c.get("track").getAsBoolean();
            SyncBatchNorm m = new SyncBatchNorm(3, 1e-5, momentum, affine, track, null, F64);
            try (var g = GradMode.noGrad()) {
                if (affine) {
                    m.weight.copy_(tensor(c, "weight"));
                    m.bias.copy_(tensor(c, "bias"));
                }
                if (track) {
                    m.runningMean().copy_(tensor(c, "running_mean0"));
                    m.runningVar().copy_(tensor(c, "running_var0"));
                }
            }
            m.train(c.get("train").getAsBoolean());
            Tensor x = tensor(c, "x");
            var outs = c.getAsJsonArray("outs");
            for (int i = 0; i < outs.size(); i++) {
                Golden.assertClose(Golden.tensor(outs.get(i).getAsJsonObject()), m.call(x), name + " out " + i);
            }
            if (track) {
                Golden.assertClose(tensor(c, "running_mean"), m.runningMean(), name + " running_mean");
                Golden.assertClose(tensor(c, "running_var"), m.runningVar(), name + " running_var");
                assertEquals(c.get("num_batches_tracked").getAsLong(), m.numBatchesTracked().itemLong(), name);
            }
        }
    }

    @Test
    void gradientsWithoutAProcessGroupAreBatchNorms() {
        Torch.manualSeed(3);
        SyncBatchNorm m = new SyncBatchNorm(3, 1e-5, 0.1, true, false, null, F64);
        Tensor x = Torch.randn(Torch.shape(4, 3, 2), F64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> m.call(in[0]), x));
        assertEquals("NativeBatchNormBackward0", m.call(x).gradFn().name());
    }

    @Test
    void convertReplacesEveryBatchNormSharingItsState() {
        JsonObject c = cases("convert").get(0);
        Conv2d conv = new Conv2d(3, 4, 3);
        BatchNorm2d bn2 = new BatchNorm2d(4);
        BatchNorm1d bn1 = new BatchNorm1d(2, 1e-5, null, false, true);
        BatchNorm3d bn3 = new BatchNorm3d(5, 1e-5, 0.1, true, false);
        Sequential m = new Sequential(conv, bn2, new Sequential(new Linear(2, 2), bn1), bn3);
        bn2.eval();
        Module s = SyncBatchNorm.convertSyncBatchnorm(m);
        assertEquals(c.get("same_root").getAsBoolean(), s == m);
        assertEquals(c.get("repr").getAsString(), s.toString());
        List<String> keys = new ArrayList<>();
        c.getAsJsonArray("keys").forEach(k -> keys.add(k.getAsString()));
        assertEquals(keys, new ArrayList<>(s.stateDict().keySet()));
        SyncBatchNorm s1 = (SyncBatchNorm) s.getSubmodule("1");
        assertTrue(c.get("shares_weight").getAsBoolean());
        assertSame(bn2.weight, s1.weight);
        assertSame(bn2.runningMean(), s1.runningMean());
        assertSame(bn2.numBatchesTracked(), s1.numBatchesTracked());
        var training = c.getAsJsonArray("training");
        String[] paths = {"1", "2.1", "3"};
        for (int i = 0; i < paths.length; i++) {
            assertEquals(training.get(i).getAsBoolean(), s.getSubmodule(paths[i]).isTraining(), paths[i]);
        }
        // a batch norm at the root comes back as its replacement
        BatchNorm2d lone = new BatchNorm2d(3);
        Module r = SyncBatchNorm.convertSyncBatchnorm(lone);
        assertTrue(r instanceof SyncBatchNorm);
        assertSame(lone.bias, ((SyncBatchNorm) r).bias);
        assertNull(((SyncBatchNorm) r).processGroup);
    }

    @Test
    void aFieldDeclaredBatchNorm2dCannotHoldOne() {
        class Net extends Module {
            final BatchNorm2d bn = new BatchNorm2d(2);

            @Override
            public Tensor forward(Tensor x) { return bn.call(x); }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> SyncBatchNorm.convertSyncBatchnorm(new Net()));
        assertTrue(e.getMessage().startsWith("set_submodule: field `bn` of Net cannot hold a SyncBatchNorm"), e.getMessage());
    }

    @Test
    void reprAndErrorsArePyTorchs() {
        assertEquals(cases("repr").get(0).get("repr").getAsString(), new SyncBatchNorm(3).toString());
        for (JsonObject c : cases("error")) {
            Tensor x = c.get("name").getAsString().equals("1d") ? Torch.zeros(3) : Torch.zeros(2, 0, 3);
            assertEquals(c.get("message").getAsString(),
                    assertThrows(IllegalArgumentException.class, () -> new SyncBatchNorm(3).call(x)).getMessage());
        }
    }
}
