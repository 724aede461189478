package dev.torch4j.onnx;

import dev.torch4j.Tensor;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The operators of the default ONNX domain that {@link OnnxModel} runs, by name. */
final class OnnxOps {
    private OnnxOps() {}

    /** An operator: the node's outputs (in order; tensors, or lists of tensors for sequences) from its call. */
    interface Op extends Function<OpCall, Object[]> {}

    static final Map<String, Op> TABLE = new TreeMap<>();

    static {
        MathOps.register(TABLE);
        ShapeOps.register(TABLE);
        NnOps.register(TABLE);
        RnnOps.register(TABLE);
        QuantOps.register(TABLE);
        ControlOps.register(TABLE);
        DetectionOps.register(TABLE);
    }

    static Tensor[] one(Tensor t) { return new Tensor[] {t}; }
}
