package dev.torch4j.io;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TorchScript archives written by torch.jit.script and torch.jit.trace (scripts/goldens/torchscript_fixtures.py)
 * give what torch.jit.load(path).state_dict() gave in PyTorch: the same keys in the same order, the same bits.
 */
class TorchScriptTest {
    private static Path fixture(String name) { return Described.resource("torchscript/" + name); }

    @Test
    void scriptedAndTracedArchivesGivePyTorchsStateDict() throws IOException {
        for (String kind : List.of("scripted", "traced")) {
            Map<String, Tensor> got = TorchScript.loadStateDict(fixture(kind + ".pt"));
            Map<String, Tensor> want = TorchSerialization.loadStateDict(fixture(kind + "_state_dict.pt"));
            assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(got.keySet()), kind + ": keys in order");
            for (String k : want.keySet()) {
                Golden.assertExact(want.get(k), got.get(k), kind + " " + k);
                assertFalse(got.get(k).requiresGrad(), kind + " " + k + " is detached, as state_dict() gives it");
            }
            assertFalse(got.containsKey("plain"), "a plain tensor attribute is neither a parameter nor a buffer");
            assertFalse(got.containsKey("conv.bias"), "a None parameter is left out");
        }
    }

    @Test
    void aJavaModelTakesTheWeights() throws IOException {
        Map<String, Tensor> sd = TorchScript.loadStateDict(fixture("scripted.pt"));
        Map<String, Tensor> head = new LinkedHashMap<>();
        sd.forEach((k, v) -> { if (k.startsWith("head.")) head.put(k.substring(5), v); });
        Sequential model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
        model.loadStateDict(head);
        Golden.assertExact(sd.get("head.2.bias"), model.stateDict().get("2.bias"), "loaded bias");
    }

    @Test
    void eachReaderRefusesTheOthersFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> TorchSerialization.load(fixture("scripted.pt")));
        assertTrue(e.getMessage().endsWith("this is a TorchScript archive (torch.jit.save), not a torch.save checkpoint; "
                + "io.TorchScript.loadStateDict reads its parameters and buffers"), e.getMessage());
        e = assertThrows(IOException.class, () -> TorchScript.loadStateDict(fixture("checkpoint.pt")));
        assertTrue(e.getMessage().endsWith("not a TorchScript archive (no checkpoint/code/ records); a torch.save checkpoint "
                + "loads with Torch.load"), e.getMessage());
        Path junk = dir.resolve("junk.pt");
        Files.writeString(junk, "not a zip");
        e = assertThrows(IOException.class, () -> TorchScript.loadStateDict(junk));
        assertTrue(e.getMessage().endsWith("not a PyTorch TorchScript archive (torch.jit.save writes a zip archive)"), e.getMessage());
    }
}
