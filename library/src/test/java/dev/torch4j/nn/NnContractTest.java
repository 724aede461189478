package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.data.DataLoader;
import dev.torch4j.data.TensorDataset;
import dev.torch4j.optim.SGD;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** The contract, written exactly as the issue writes it, compiles, trains and prints as promised. */
class NnContractTest {
    class Net extends Module {
        final Linear fc1 = new Linear(2, 16), fc2 = new Linear(16, 16), out = new Linear(16, 2);
        @Override public Tensor forward(Tensor x) {
            return out.forward(fc2.forward(fc1.forward(x).relu()).relu());
        }
    }

    @Test
    void contract() {
        manualSeed(0);
        Tensor x = randn(256, 2);
        Tensor y = x.sum(1).gt(0.0).to(DType.INT64);
        var trainSet = new TensorDataset(x, y);
        Net net = new Net();
        var opt = new SGD(net.parameters(), SGD.options(0.1).momentum(0.9));
        Tensor first = null, last = null;
        for (int epoch = 0; epoch < 5; epoch++) {
            for (var batch : new DataLoader<>(trainSet, DataLoader.options(64).shuffle(true))) {
                opt.zeroGrad();
                Tensor loss = Functional.crossEntropy(net.forward(batch.input()), batch.target());
                loss.backward();
                opt.step();
                if (first == null) first = loss.detach();
                last = loss.detach();
            }
        }
        assertTrue(last.item() < first.item() / 2, "loss fell from " + first.item() + " to " + last.item());
        assertEquals("""
                Net(
                  (fc1): Linear(in_features=2, out_features=16, bias=True)
                  (fc2): Linear(in_features=16, out_features=16, bias=True)
                  (out): Linear(in_features=16, out_features=2, bias=True)
                )""", net.toString());
    }
}
