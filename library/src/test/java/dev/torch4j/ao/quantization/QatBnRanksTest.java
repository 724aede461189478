package dev.torch4j.ao.quantization;

import static dev.torch4j.ao.quantization.StaticQuantTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.intrinsic.qat.QatConvBn;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.Conv1d;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.ConvNd;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * QAT beyond 2-d convolutions, against static_quant_modules_goldens.py's qat_bn1d and qat_bn3d cases: ConvBn1d,
 * ConvBnReLU1d and LinearBn1d; ConvBn3d, ConvBnReLU3d and a QAT ConvReLU3d. As for the 2-d case, PyTorch's trained
 * state is loaded before convert, so the quantized models are compared bit for bit (1.13's QNNPACK cannot print or save
 * a quantized Conv3d: that case checks the outputs). Also linear+bn1d fused in eval ({@code fuse_linear_bn_eval}).
 */
class QatBnRanksTest {
    /** The golden script's QatBn1dNet. */
    static class QatBn1dNet extends Module {
        Module quant = new QuantStub();
        Module conv1 = new Conv1d(2, 4, 3, ConvNd.options().padding(1));
        Module bn1 = new BatchNorm1d(4);
        Module relu1 = new ReLU();
        Module conv2 = new Conv1d(4, 4, 3, ConvNd.options().bias(false));
        Module bn2 = new BatchNorm1d(4);
        Module flatten = new Flatten();
        Module fc = new Linear(8, 6);
        Module bn3 = new BatchNorm1d(6);
        Module fc2 = new Linear(6, 3);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = bn2.call(conv2.call(relu1.call(bn1.call(conv1.call(quant.call(x))))));
            return dequant.call(fc2.call(bn3.call(fc.call(flatten.call(x)))));
        }

        @Override
        public String className() { return "QatBn1dNet"; }
    }

    /** The golden script's QatBn3dNet. */
    static class QatBn3dNet extends Module {
        Module quant = new QuantStub();
        Module conv1 = new Conv3d(2, 4, 3, ConvNd.options().padding(1));
        Module bn1 = new BatchNorm3d(4);
        Module relu1 = new ReLU();
        Module conv2 = new Conv3d(4, 4, new long[] {1, 2, 2}, ConvNd.options().bias(false));
        Module bn2 = new BatchNorm3d(4);
        Module conv3 = new Conv3d(4, 2, 1);
        Module relu3 = new ReLU();
        Module flatten = new Flatten();
        Module fc = new Linear(16, 3);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = relu3.call(conv3.call(bn2.call(conv2.call(relu1.call(bn1.call(conv1.call(quant.call(x))))))));
            return dequant.call(fc.call(flatten.call(x)));
        }

        @Override
        public String className() { return "QatBn3dNet"; }
    }

    private static JsonObject named(String name) {
        return Golden.cases("static_quant_modules").stream().filter(c -> c.has("name") && c.get("name").getAsString().equals(name))
                .findFirst().orElseThrow();
    }

    private static void check(String name, Supplier<Module> net, long[] sample, String trained) {
        JsonObject c = named(name);
        Module m = net.get();
        m.loadStateDict(state(c, "float_state"));
        Module fused = FuseModules.fuseModulesQat(m, StaticQuantTest.fuseList(c));
        assertEquals(c.get("fused_repr").getAsString(), fused.toString(), name + " fused");
        QuantizeStatic.setQconfig(fused, Defaults.defaultQatQconfig());
        Module p = QuantizeStatic.prepareQat(fused);
        assertEquals(c.get("prepared_repr").getAsString(), p.toString(), name + " prepared");
        List<String> keys = new ArrayList<>(), params = new ArrayList<>();
        c.getAsJsonArray("prepared_keys").forEach(k -> keys.add(k.getAsString()));
        c.getAsJsonArray("param_names").forEach(k -> params.add(k.getAsString()));
        assertEquals(keys, new ArrayList<>(p.stateDict().keySet()), name + " prepared keys");
        assertEquals(params, new ArrayList<>(p.namedParameters().keySet()), name + " parameters");
        // a training step moves the BatchNorm statistics and reaches the float weights through the fake-quantized ones
        var layer = (QatConvBn) p.getSubmodule(trained);
        Tensor before = layer.bn().runningMean().clone();
        long[] batch = new long[sample.length + 1];
        batch[0] = 4;
        System.arraycopy(sample, 0, batch, 1, sample.length);
        p.call(Torch.randn(batch)).square().mean().backward();
        Tensor w = layer instanceof ConvNd conv ? conv.weight : ((Linear) layer).weight;
        assertTrue(w.grad() != null && !Torch.equal(before, layer.bn().runningMean()), name + ": a training step");
        // PyTorch's trained state, then convert: bit for bit
        p.loadStateDict(state(c, "prepared_state"));
        Module q = QuantizeStatic.convert(p.eval());
        assertEquals(c.has("repr") ? "QuantizedConvReLU1d" : "QuantizedConvReLU3d", q.getSubmodule("conv1").className(), name);
        if (c.has("repr")) {
            assertEquals(c.get("repr").getAsString(), q.toString(), name + " converted");
            assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(q.stateDict().keySet()), name + " converted keys");
        }
        StaticQuantTest.assertOutputsAsPyTorch(c, q, name);
    }

    @Test
    void conv1dLinearAndTheirBatchNormsTrainAndConvertAsPyTorch() {
        check("qat_bn1d", QatBn1dNet::new, new long[] {2, 4}, "fc");
    }

    @Test
    void conv3dAndItsBatchNormsTrainAndConvertAsPyTorch() {
        check("qat_bn3d", QatBn3dNet::new, new long[] {2, 2, 3, 3}, "conv1");
    }

    @Test
    void linearAndBatchNormFuseInEvalAsPyTorch() {
        JsonObject c = named("fuse_linear_bn");
        for (String k : List.of("bias", "no_bias")) {
            JsonObject g = c.getAsJsonObject(k);
            Module m = new dev.torch4j.nn.Sequential(new Linear(5, 4, k.equals("bias")), new BatchNorm1d(4));
            m.loadStateDict(state(g, "float_state"));
            Module f = FuseModules.fuseModules(m.eval(), List.of(List.of("0", "1")));
            assertEquals(g.get("repr").getAsString(), f.toString(), k);
            Linear l = (Linear) f.getSubmodule("0");
            Golden.assertExact(Golden.tensor(g.getAsJsonObject("weight")), l.weight.detach(), k + " weight");
            Golden.assertExact(Golden.tensor(g.getAsJsonObject("fused_bias")), l.bias.detach(), k + " bias");
        }
    }

    @Test
    void fusionRefusesWhatPyTorchRefuses() {
        Module m = new dev.torch4j.nn.Sequential(new Linear(3, 4), new BatchNorm1d(5));
        assertEquals("Output features of Linear must match num_features of BatchNorm1d", assertThrows(IllegalArgumentException.class,
                () -> FuseModules.fuseModulesQat(m, List.of(List.of("0", "1")))).getMessage());
        Module mixed = new dev.torch4j.nn.Sequential(new Conv1d(2, 3, 1), new BatchNorm1d(3).eval());
        assertEquals("Conv and BN both must be in the same mode (train or eval).", assertThrows(IllegalArgumentException.class,
                () -> FuseModules.fuseModulesQat(mixed, List.of(List.of("0", "1")))).getMessage());
    }
}
