package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.testing.WeightedGoldens;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 3-d max pooling with indices against PyTorch (scripts/goldens/pooling3d_indices_goldens.py): values, indices, gradients. */
class Pooling3dIndicesTest {
    private static Tensor[] pair(ValuesIndices r) { return new Tensor[] {r.values(), r.indices()}; }

    @Test
    void matchPyTorch() {
        Map<String, Function<Tensor[], Tensor[]>> calls = new HashMap<>();
        calls.put("max_pool3d", x -> pair(new MaxPool3d(new long[] {2}, null, new long[] {0}, new long[] {1}, true, false).forwardWithIndices(x[0])));
        calls.put("max_pool3d_strided", x -> pair(Functional.maxPool3dWithIndices(x[0], new long[] {2, 3, 2}, new long[] {2, 2, 3},
                new long[] {1, 1, 0}, new long[] {1, 1, 2}, false)));
        calls.put("max_pool3d_ceil_unbatched", x -> pair(Functional.maxPool3dWithIndices(x[0], new long[] {3}, new long[] {2},
                new long[] {1}, new long[] {1}, true)));
        calls.put("max_pool3d_ties", x -> pair(Functional.maxPool3dWithIndices(x[0], new long[] {3, 2, 2}, new long[] {1},
                new long[] {0}, new long[] {1}, false)));
        calls.put("max_pool3d_unpool", x -> {
            ValuesIndices r = Functional.maxPool3dWithIndices(x[0], new long[] {2}, new long[] {2}, new long[] {0}, new long[] {1}, false);
            return new Tensor[] {Functional.maxUnpool3d(r.values(), r.indices(), new long[] {2}, new long[] {2}, new long[] {0},
                    new long[] {5, 4, 5})};
        });
        calls.put("adaptive_max_pool3d", x -> pair(Functional.adaptiveMaxPool3dWithIndices(x[0], 2, 3, 4)));
        calls.put("adaptive_max_pool3d_divisible", x -> pair(new AdaptiveMaxPool3d(new long[] {2}, true).forwardWithIndices(x[0])));
        calls.put("adaptive_max_pool3d_unbatched", x -> pair(Functional.adaptiveMaxPool3dWithIndices(x[0], 3, 1, 2)));
        calls.put("adaptive_max_pool3d_ties", x -> pair(Functional.adaptiveMaxPool3dWithIndices(x[0], 3, 2, 3)));
        calls.put("adaptive_max_pool3d_unpool", x -> {
            ValuesIndices r = Functional.adaptiveMaxPool3dWithIndices(x[0], 2);
            return new Tensor[] {new MaxUnpool3d(2).forward(r.values(), r.indices(), new long[] {4, 4, 4})};
        });
        WeightedGoldens.check("pooling3d_indices", calls, 1e-12, 1e-12);
    }

    @Test
    void valuesAgreeWithThePlainForms() {
        manualSeed(1);
        Tensor x = randn(2, 3, 6, 5, 4);
        assertEquals(0.0, Functional.maxPool3d(x, new long[] {2}, null, new long[] {1}, new long[] {1}, true)
                .sub(Functional.maxPool3dWithIndices(x, new long[] {2}, null, new long[] {1}, new long[] {1}, true).values()).abs().max().item());
        assertEquals(0.0, new AdaptiveMaxPool3d(3, 2, 2).call(x).sub(Functional.adaptiveMaxPool3dWithIndices(x, 3, 2, 2).values())
                .abs().max().item());
    }
}
