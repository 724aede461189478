package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** nn.AdaptiveLogSoftmaxWithLoss against PyTorch (scripts/goldens/adaptive_softmax_goldens.py). */
class AdaptiveLogSoftmaxTest {
    @Test
    void matchesPyTorch() {
        List<JsonObject> cases = Golden.cases("adaptive_softmax");
        int n = 0;
        for (JsonObject c : cases) {
            if (c.has("errors")) continue;
            JsonArray args = c.getAsJsonArray("args");
            long in = args.get(0).getAsLong(), classes = args.get(1).getAsLong();
            JsonArray cut = args.get(2).getAsJsonArray();
            long[] cutoffs = new long[cut.size()];
            for (int i = 0; i < cutoffs.length; i++) cutoffs[i] = cut.get(i).getAsLong();
            Torch.manualSeed(c.get("seed").getAsLong());
            AdaptiveLogSoftmaxWithLoss m = new AdaptiveLogSoftmaxWithLoss(in, classes, cutoffs, c.get("div_value").getAsDouble(),
                    c.get("head_bias").getAsBoolean(), TensorOptions.DEFAULT);
            assertEquals(c.get("repr").getAsString(), m.toString());
            Tensor wantX = Golden.tensor(c.getAsJsonObject("input")), wantY = Golden.tensor(c.getAsJsonObject("target"));
            Tensor x = Torch.randn(wantX.shapeArray()); // the script's draws, in its order
            Tensor y = Torch.randint(0, classes, Torch.shape(wantY.size(0)));
            y.select(0, 0).fill_(0);
            y.select(0, 1).fill_(classes - 1);
            Golden.assertExact(wantX, x, "input");
            Golden.assertExact(wantY, y, "target");
            AdaptiveLogSoftmaxWithLoss.Output r = m.forwardWithTarget(x, y);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("output")), r.output().detach(), 1e-5, 1e-6, "output");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("loss")), r.loss().detach(), 1e-5, 1e-6, "loss");
            r.loss().backward();
            Map<String, Tensor> params = m.namedParameters();
            for (JsonElement e : c.getAsJsonArray("grads")) {
                String k = e.getAsJsonArray().get(0).getAsString();
                Golden.assertClose(Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()), params.get(k).grad(), 1e-5, 1e-6, "grad " + k);
            }
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("log_prob")), m.logProb(x).detach(), 1e-5, 1e-6, "log_prob");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("predict")), m.predict(x), "predict");
            AdaptiveLogSoftmaxWithLoss.Output one = m.forwardWithTarget(x.select(0, 2), y.select(0, 2));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("single_output")), one.output().detach(), 1e-5, 1e-6, "single output");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("single_loss")), one.loss().detach(), 1e-5, 1e-6, "single loss");
            n++;
        }
        assertEquals(2, n);
    }

    @Test
    void errorsArePyTorchs() {
        JsonArray errors = Golden.cases("adaptive_softmax").getLast().getAsJsonArray("errors");
        assertEquals("cutoffs should be a sequence of length larger than 0", assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveLogSoftmaxWithLoss(8, 10, new long[0])).getMessage()); // 2.x's check (1.13 fails in min())
        assertEquals(errors.get(1).getAsString(), assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveLogSoftmaxWithLoss(8, 10, new long[] {5, 3})).getMessage());
        assertEquals(errors.get(2).getAsString(), assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveLogSoftmaxWithLoss(8, 10, new long[] {3, 10})).getMessage());
        AdaptiveLogSoftmaxWithLoss m = new AdaptiveLogSoftmaxWithLoss(8, 10, new long[] {3});
        assertEquals(errors.get(3).getAsString(), assertThrows(IllegalArgumentException.class,
                () -> m.forwardWithTarget(Torch.randn(4, 8), Torch.fromArray(new long[] {0, 1, 2, 10}))).getMessage());
    }
}
