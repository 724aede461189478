package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/** torch.finfo / iinfo and the RNG state against PyTorch (scripts/goldens/typeinfo_goldens.py). */
class TypeInfoTest {
    @Test
    void limitsAndReprsArePyTorchs() {
        int n = 0;
        for (JsonObject c : Golden.cases("typeinfo")) {
            String kind = c.get("kind").getAsString();
            if (kind.equals("rng_state")) continue;
            String name = c.get("dtype").getAsString();
            DType d = name.equals("complex64") ? DType.COMPLEX64 : Golden.dtype(name);
            if (kind.equals("finfo")) {
                TypeInfo.FInfo f = Torch.finfo(d);
                assertEquals(c.get("repr").getAsString(), f.toString());
                assertEquals(c.get("bits").getAsInt(), f.bits());
                assertEquals(c.get("eps").getAsDouble(), f.eps());
                assertEquals(c.get("max").getAsDouble(), f.max());
                assertEquals(c.get("min").getAsDouble(), f.min());
                assertEquals(c.get("tiny").getAsDouble(), f.tiny());
                assertEquals(c.get("resolution").getAsDouble(), f.resolution());
            } else {
                TypeInfo.IInfo i = Torch.iinfo(d);
                assertEquals(c.get("repr").getAsString(), i.toString());
                assertEquals(c.get("bits").getAsInt(), i.bits());
                assertEquals(c.get("max").getAsLong(), i.max());
                assertEquals(c.get("min").getAsLong(), i.min());
            }
            n++;
        }
        assertEquals(10, n);
        assertEquals("torch.bool is not supported by torch.iinfo",
                assertThrows(IllegalArgumentException.class, () -> Torch.iinfo(DType.BOOL)).getMessage());
        assertEquals("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'",
                assertThrows(IllegalArgumentException.class, () -> Torch.finfo(DType.INT32)).getMessage());
    }

    @Test
    void rngStateIsPyTorchsAndRestores() {
        JsonObject c = Golden.cases("typeinfo").getLast();
        Torch.manualSeed(5);
        Torch.randn(3);
        Tensor state = Torch.getRngState();
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("state")), state, "state after manual_seed(5), randn(3)");
        Torch.manualSeed(99);
        Torch.setRngState(Golden.tensor(c.getAsJsonObject("state")));
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("next")), Torch.randn(4), "randn(4) after set_rng_state");
        assertEquals("RNG state must be a torch.ByteTensor",
                assertThrows(IllegalArgumentException.class, () -> Torch.setRngState(Torch.zeros(5056))).getMessage());
    }

    @Test
    void matmulPrecisionDrivesTheTf32Switch() {
        try {
            assertEquals("highest", Torch.getFloat32MatmulPrecision());
            Torch.setFloat32MatmulPrecision("high");
            assertEquals(true, Torch.cuda().allowTf32());
            assertEquals("high", Torch.getFloat32MatmulPrecision());
            Torch.setFloat32MatmulPrecision("x"); // ignored, as PyTorch ignores it (with a warning)
            assertEquals("high", Torch.getFloat32MatmulPrecision());
            Torch.cuda().setAllowTf32(false);
            assertEquals("highest", Torch.getFloat32MatmulPrecision());
        } finally {
            Torch.setFloat32MatmulPrecision("highest");
        }
    }
}
