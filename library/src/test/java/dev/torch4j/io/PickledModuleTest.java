package dev.torch4j.io;

import dev.torch4j.Tensor;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole pickled modules written by torch.save(model) (scripts/goldens/pickled_module_fixtures.py) give what
 * torch.load(path, weights_only=False).state_dict() gave in PyTorch: the same keys in the same order, the same bits.
 */
class PickledModuleTest {
    private static Path fixture(String name) { return Described.resource("pickled_module/" + name); }

    private static void assertSameStateDict(Map<String, Tensor> want, Map<String, Tensor> got, String what) {
        assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(got.keySet()), what + ": keys in order");
        for (String k : want.keySet()) {
            Golden.assertExact(want.get(k), got.get(k), what + " " + k);
            assertFalse(got.get(k).requiresGrad(), what + " " + k + " is detached, as state_dict() gives it");
        }
    }

    @Test
    void aUsersModelPickledWholeGivesItsStateDict() throws IOException {
        Map<String, Tensor> want = TorchSerialization.loadStateDict(fixture("net_state_dict.pt"));
        for (String file : List.of("net.pt", "net_protocol4.pt")) {
            Map<String, Tensor> got = PickledModule.loadStateDict(fixture(file));
            assertSameStateDict(want, got, file);
            assertFalse(got.containsKey("tmp"), "a non-persistent buffer is left out");
            assertFalse(got.containsKey("conv.bias"), "a None parameter is left out");
            assertEquals(7.0, got.get("steps").item(), "a buffer of the model's own");
        }
    }

    @Test
    void aPickledSequentialLoadsIntoTheSameJavaModel() throws IOException {
        Map<String, Tensor> sd = PickledModule.loadStateDict(fixture("sequential.pt"));
        assertSameStateDict(TorchSerialization.loadStateDict(fixture("sequential_state_dict.pt")), sd, "sequential.pt");
        Sequential model = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2));
        model.loadStateDict(sd);
        Golden.assertExact(sd.get("1.running_var"), model.stateDict().get("1.running_var"), "loaded buffer");
    }

    @Test
    void codeInTheFileNeverRuns() {
        IOException e = assertThrows(IOException.class, () -> PickledModule.loadStateDict(fixture("malicious.pt")));
        assertTrue(e.getMessage().contains("REDUCE on posix.system: torch4j's restricted unpickler never calls code"), e.getMessage());
    }

    @Test
    void eachReaderPointsToTheOther() {
        IOException e = assertThrows(IOException.class, () -> TorchSerialization.load(fixture("net.pt")));
        assertTrue(e.getMessage().contains("unsupported global '__main__.Net': the file holds a whole pickled object "
                + "(torch.save(model)?), not a state dict; io.PickledModule.loadStateDict reads"), e.getMessage());
        e = assertThrows(IOException.class, () -> TorchSerialization.load(fixture("sequential.pt")));
        assertTrue(e.getMessage().contains("unsupported global 'torch.nn.modules.container.Sequential': the file holds a "
                + "whole pickled module (torch.save(model))"), e.getMessage());
        e = assertThrows(IOException.class, () -> PickledModule.loadStateDict(fixture("net_state_dict.pt")));
        assertTrue(e.getMessage().endsWith("holds a dict, not a pickled nn.Module (a state dict or other dict loads with "
                + "Torch.load)"), e.getMessage());
        e = assertThrows(IOException.class, () -> PickledModule.loadStateDict(Described.resource("torchscript/scripted.pt")));
        assertTrue(e.getMessage().contains("TorchScript archive"), e.getMessage());
    }
}
