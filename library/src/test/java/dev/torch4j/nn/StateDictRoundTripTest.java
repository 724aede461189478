package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code model.loadStateDict(Torch.load(path))} reads like PyTorch and restores the exact weights. */
class StateDictRoundTripTest {
    @Test
    void saveThenLoadRestoresEveryParameter(@TempDir Path dir) throws Exception {
        manualSeed(3);
        Sequential a = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        Path file = dir.resolve("model.pt");
        Torch.save(a.stateDict(), file);
        manualSeed(4);
        Sequential b = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        b.loadStateDict(Torch.load(file));
        Tensor x = randn(5, 4);
        assertTrue(a.forward(x).equal(b.forward(x)));
        for (var e : a.stateDict().entrySet()) assertTrue(e.getValue().equal(b.stateDict().get(e.getKey())), e.getKey());
    }

    @Test
    void somethingOtherThanAStateDictIsRefusedClearly() {
        Linear l = new Linear(2, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> l.loadStateDict((Object) List.of(1, 2)));
        assertTrue(e.getMessage().contains("expected a state dict"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> l.loadStateDict((Object) Map.of("weight", 5L)));
        assertTrue(e.getMessage().contains("weight -> Long"), e.getMessage());
    }
}
