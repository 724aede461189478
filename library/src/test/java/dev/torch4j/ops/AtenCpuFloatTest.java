package dev.torch4j.ops;

import com.google.gson.JsonObject;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * ATen's CPU float32 tanh and sigmoid against PyTorch 1.13 bit for bit (goldens/aten_cpu_float.json, from
 * scripts/goldens/quantized_rnn_goldens.py): contiguous runs of 5, 16, 37 and 911 elements (sigmoid's 16-element vector
 * blocks, then its glibc tail) and a strided sigmoid (the scalar path throughout).
 */
class AtenCpuFloatTest {
    @Test
    void tanhAndSigmoidAreAtensBits() {
        for (JsonObject c : Golden.cases("aten_cpu_float")) {
            String name = c.get("name").getAsString();
            float[] x = Golden.tensor(c.getAsJsonObject("x")).toFloatArray();
            float[] tanh = x.clone(), sigmoid = x.clone(), scalar = new float[x.length];
            AtenCpuFloat.tanh(tanh, 0, x.length);
            AtenCpuFloat.sigmoid(sigmoid, 0, x.length);
            for (int i = 0; i < x.length; i++) scalar[i] = 1f / (1f + AtenCpuFloat.glibcExpf(-x[i]));
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("tanh")), Torch.fromArray(tanh, x.length), name + " tanh");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("sigmoid")), Torch.fromArray(sigmoid, x.length), name + " sigmoid");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("sigmoid_strided")), Torch.fromArray(scalar, x.length), name + " strided sigmoid");
        }
    }
}
