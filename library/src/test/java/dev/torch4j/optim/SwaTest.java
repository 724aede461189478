package dev.torch4j.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.optim.swa.AveragedModel;
import dev.torch4j.optim.swa.SWALR;
import dev.torch4j.optim.swa.SwaUtils;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** torch.optim.swa_utils against PyTorch (scripts/goldens/swa_goldens.py): SWALR's rates, AveragedModel (SWA, EMA, buffers), update_bn. */
class SwaTest {
    private static Sequential net() { return new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2)); }

    private static JsonObject named(String name) {
        return Golden.cases("swa").stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void swalrMatchesPyTorch() {
        for (String strategy : List.of("cos", "linear")) {
            for (int anneal : new int[] {0, 3, 10}) {
                JsonArray want = named("swalr_" + strategy + "_" + anneal).getAsJsonArray("lrs");
                Tensor w0 = zeros(1).requiresGrad_(true), w1 = zeros(1).requiresGrad_(true);
                SGD opt = new SGD(List.of(ParamGroup.of(List.of(w0)).set("lr", 0.5), ParamGroup.of(List.of(w1)).set("lr", 0.2)), SGD.options(0.5));
                SWALR sched = new SWALR(opt, List.of(0.05, 0.01), anneal, strategy, -1);
                for (int step = 0; step < want.size(); step++) {
                    if (step > 0) {
                        opt.step();
                        sched.step();
                    }
                    JsonArray lrs = want.get(step).getAsJsonArray();
                    for (int g = 0; g < 2; g++) {
                        assertEquals(lrs.get(g).getAsDouble(), opt.paramGroups().get(g).lr(), 1e-15, strategy + " " + anneal + " step " + step);
                    }
                }
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new SWALR(new SGD(List.of(zeros(1).requiresGrad_(true)), SGD.options(0.1)), 0.05, 5, "step"));
        assertEquals("anneal_strategy must by one of 'cos' or 'linear', instead got step", e.getMessage());
    }

    @Test
    void averagedModelsMatchPyTorch() {
        for (String name : List.of("averaged_swa_False", "averaged_ema_False", "averaged_ema_True")) {
            JsonObject c = named(name);
            manualSeed(3);
            Sequential model = net();
            AveragedModel.Options o = AveragedModel.options().useBuffers(c.get("use_buffers").getAsBoolean());
            if (!c.get("decay").isJsonNull()) o = o.multiAvgFn(SwaUtils.getEmaMultiAvgFn(c.get("decay").getAsDouble()));
            // the deep-copy constructor (PyTorch's deepcopy) and the factory one must average alike
            AveragedModel<Sequential> avg = name.endsWith("True") ? new AveragedModel<>(model, SwaTest::net, o) : new AveragedModel<>(model, o);
            SGD opt = new SGD(model.parameters(), SGD.options(0.3));
            for (int n = 0; n < c.getAsJsonArray("xs").size(); n++) {
                Tensor x = Golden.tensor(c.getAsJsonArray("xs").get(n).getAsJsonObject());
                Tensor y = Golden.tensor(c.getAsJsonArray("ys").get(n).getAsJsonObject());
                opt.zeroGrad();
                model.call(x).sub(y).pow(2L).mean().backward();
                opt.step();
                avg.updateParameters(model);
                Map<String, Tensor> sd = avg.stateDict();
                assertEquals(n + 1, sd.get("n_averaged").itemLong());
                for (JsonElement e : c.getAsJsonArray("states").get(n).getAsJsonArray()) {
                    String k = e.getAsJsonArray().get(0).getAsString();
                    Golden.assertClose(Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()), sd.get("module." + k), 1e-6, 1e-7,
                            name + " step " + n + " " + k);
                }
            }
        }
    }

    @Test
    void updateBnMatchesPyTorch() {
        JsonObject c = named("update_bn");
        manualSeed(5);
        Sequential model = net();
        model.eval();
        List<List<Tensor>> loader = new ArrayList<>();
        for (JsonElement b : c.getAsJsonArray("batches")) loader.add(List.of(Golden.tensor(b.getAsJsonObject()), zeros(6)));
        SwaUtils.updateBn(loader, model);
        Map<String, Tensor> sd = model.stateDict();
        for (JsonElement e : c.getAsJsonArray("state")) {
            String k = e.getAsJsonArray().get(0).getAsString();
            Golden.assertClose(Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()), sd.get(k), 1e-6, 1e-7, "update_bn " + k);
        }
        assertFalse(model.isTraining(), "the training flag is restored");
        assertEquals(0.1, ((BatchNorm1d) model.get(1)).momentum, "the momentum is restored");
    }

    @Test
    void theAveragedCopyIsIndependentAndForwardsToIt() {
        manualSeed(1);
        Sequential model = net();
        model.eval();
        AveragedModel<Sequential> avg = new AveragedModel<>(model, SwaTest::net);
        avg.eval();
        Tensor x = randn(2, 3);
        assertEquals(model.call(x).sum().item(), avg.call(x).sum().item(), 0.0);
        try (var g = noGrad()) {
            model.parameters().get(0).add_(1.0);
        }
        assertFalse(model.call(x).sum().item() == avg.call(x).sum().item(), "changing the model leaves the copy alone");
        var e = assertThrows(IllegalArgumentException.class, () -> new AveragedModel<>(model, () -> model));
        assertEquals("AveragedModel: the factory must build a new model, not return the one given", e.getMessage());
    }
}
