package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/** Fractional max pooling against PyTorch (scripts/goldens/fractional_pool_goldens.py). */
class FractionalMaxPoolTest {
    private static long[] longs(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    private static double[] doubles(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        JsonArray a = e.getAsJsonArray();
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsDouble();
        return r;
    }

    @Test
    void valuesIndicesAndGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("fractional_pool")) {
            String what = c.get("kind").getAsString() + " #" + n++;
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            ValuesIndices r;
            if (c.get("kind").getAsString().equals("functional")) {
                x.requiresGrad_(true);
                long[] k = longs(c.get("kernel")), size = longs(c.get("output_size"));
                double[] ratio = doubles(c.get("output_ratio"));
                Tensor s = Golden.tensor(c.getAsJsonObject("samples"));
                r = c.get("nd").getAsInt() == 2 ? Functional.fractionalMaxPool2dWithIndices(x, k, size, ratio, s)
                        : Functional.fractionalMaxPool3dWithIndices(x, k, size, ratio, s);
            } else {
                Torch.manualSeed(c.get("seed").getAsLong());
                Module m = c.get("repr").getAsString().startsWith("FractionalMaxPool2d")
                        ? new FractionalMaxPool2d(new long[] {3}, new long[] {4}, null, true)
                        : new FractionalMaxPool3d(new long[] {2}, null, new double[] {0.5}, true);
                assertEquals(c.get("repr").getAsString(), m.toString());
                x = Torch.randn(x.shapeArray()); // drawn before the samples, as in the script
                Golden.assertExact(Golden.tensor(c.getAsJsonObject("input")), x, what + " input");
                r = ((FractionalMaxPoolNd) m).forwardWithIndices(x);
            }
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("indices")), r.indices(), what + " indices");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), r.values().detach(), 0, 0, what + " values");
            if (c.has("grad")) {
                r.values().mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
                Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), 1e-12, 1e-12, what + " grad");
            }
        }
        assertEquals(9, n);
    }

    @Test
    void gradcheckAndErrors() {
        Tensor s = Torch.rand(Torch.shape(1, 2, 2)).to(DType.FLOAT64);
        Tensor x = Torch.randn(1, 2, 6, 6).to(DType.FLOAT64).requiresGrad_(true);
        GradCheck.gradcheck(t -> Functional.fractionalMaxPool2d(t[0], new long[] {2}, new long[] {3}, null, s), x);
        assertEquals("FractionalMaxPool2d requires specifying either an output size, or a pooling ratio",
                assertThrows(IllegalArgumentException.class, () -> new FractionalMaxPool2d(new long[] {3}, null, null, false)).getMessage());
        assertEquals("output_ratio must be between 0 and 1 (got 1.5)",
                assertThrows(IllegalArgumentException.class, () -> new FractionalMaxPool2d(3, 1.5)).getMessage());
        assertEquals("fractional_max_pool2d(): pool height 3 too large relative to input height 4", assertThrows(IllegalArgumentException.class,
                () -> Functional.fractionalMaxPool2d(Torch.ones(1, 1, 4, 4), new long[] {3}, new long[] {3}, null, null)).getMessage());
    }
}
