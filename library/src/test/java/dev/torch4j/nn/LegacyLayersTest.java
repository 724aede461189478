package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.WeightedGoldens;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CrossMapLRN2d, conv_tbc and native_channel_shuffle against PyTorch (scripts/goldens/legacy_layers_goldens.py). */
class LegacyLayersTest {
    private static Tensor[] one(Tensor t) { return new Tensor[] {t}; }

    @Test
    void matchPyTorch() {
        Map<String, Function<Tensor[], Tensor[]>> calls = new HashMap<>();
        calls.put("cross_map_lrn2d_5", x -> one(new CrossMapLRN2d(5, 0.1, 0.75, 1).call(x[0])));
        calls.put("cross_map_lrn2d_4", x -> one(new CrossMapLRN2d(4, 0.2, 0.5, 2.0).call(x[0])));
        calls.put("cross_map_lrn2d_3_default", x -> one(new CrossMapLRN2d(3).call(x[0])));
        calls.put("cross_map_lrn2d_2", x -> one(new CrossMapLRN2d(2, 0.5, 1.5, 0.5).call(x[0])));
        calls.put("cross_map_lrn2d_wide", x -> one(new CrossMapLRN2d(9, 0.3, 0.75, 1).call(x[0])));
        calls.put("conv_tbc", x -> one(Torch.convTbc(x[0], x[1], x[2])));
        calls.put("conv_tbc_pad", x -> one(Functional.convTbc(x[0], x[1], x[2], 2)));
        calls.put("conv_tbc_wide_pad", x -> one(Torch.convTbc(x[0], x[1], x[2], 4)));
        calls.put("native_channel_shuffle", x -> one(Torch.nativeChannelShuffle(x[0], 3)));
        calls.put("native_channel_shuffle_3d", x -> one(Functional.nativeChannelShuffle(x[0], 2)));
        calls.put("native_channel_shuffle_2d", x -> one(Torch.nativeChannelShuffle(x[0], 2)));
        WeightedGoldens.check("legacy_layers", calls, 1e-12, 1e-12);
    }

    @Test
    void reprsArePyTorchs() {
        JsonObject c = Golden.cases("legacy_layers").stream().filter(j -> j.get("fn").getAsString().equals("repr")).findFirst().orElseThrow();
        assertEquals(c.getAsJsonArray("reprs").get(0).getAsString(), new CrossMapLRN2d(5).toString());
        assertEquals(c.getAsJsonArray("reprs").get(1).getAsString(), new CrossMapLRN2d(3, 0.1, 0.5, 2.0).toString());
    }

    @Test
    void pyTorchsErrors() {
        Tensor x = Torch.randn(5, 2, 3);
        assertEquals("Input dim 2 (input channels) is not == dim 1 in the weight tensor", assertThrows(IllegalArgumentException.class,
                () -> Torch.convTbc(x, Torch.randn(3, 4, 4), Torch.randn(4))).getMessage());
        assertEquals("Bias size must equal dim 2 in the weight tensor (output channels).", assertThrows(IllegalArgumentException.class,
                () -> Torch.convTbc(x, Torch.randn(3, 3, 4), Torch.randn(5))).getMessage());
        assertEquals("Trying to create tensor with negative dimension -2: [-2, 2, 4]", assertThrows(IllegalArgumentException.class,
                () -> Torch.convTbc(Torch.randn(2, 2, 3), Torch.randn(5, 3, 4), Torch.randn(4))).getMessage());
        // PyTorch's legacy backward narrows past its buffer for size 1
        Tensor y = Torch.randn(1, 3, 2, 2).requiresGrad_(true);
        Tensor out = new CrossMapLRN2d(1).call(y);
        assertEquals("start (1) + length (3) exceeds dimension size (3).", assertThrows(IllegalArgumentException.class,
                () -> out.sum().backward()).getMessage());
    }
}
