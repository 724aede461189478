package dev.torch4j.onnx;

import static dev.torch4j.onnx.OnnxOps.one;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

import java.util.Map;

/**
 * ONNX's QDQ operators, which PyTorch's exporter writes for eager-mode quantized models: quantized values are plain
 * uint8/int8/int32 tensors (not torch's quantized dtypes), {@code QuantizeLinear} rounds {@code x / scale} half to
 * even and saturates, {@code DequantizeLinear} computes {@code (x - zero_point) * scale}; a 1-d scale is per slice
 * along {@code axis} (default 1).
 */
final class QuantOps {
    private QuantOps() {}

    static void register(Map<String, OnnxOps.Op> t) {
        t.put("QuantizeLinear", c -> {
            Tensor x = c.required(0), zp = c.input(2);
            blocked(c);
            Tensor scale = perAxis(c, c.required(1), x);
            DType out = zp != null ? zp.dtype() : c.has("output_dtype") ? dev.torch4j.io.OnnxFile.dtypeOrNull((int) c.i("output_dtype", 2)) : DType.UINT8;
            if (out != DType.UINT8 && out != DType.INT8) {
                throw c.error("quantizing to " + (out == null ? "ONNX type " + c.i("output_dtype", 0) : out) + " is not supported (uint8, int8)");
            }
            Tensor q = x.div(scale).round();
            if (zp != null) q = q.add(perAxis(c, zp, x).to(q.dtype()));
            return one(out == DType.UINT8 ? q.clamp(0.0, 255.0).to(out) : q.clamp(-128.0, 127.0).to(out));
        });
        t.put("DequantizeLinear", c -> {
            Tensor x = c.required(0), zp = c.input(2);
            blocked(c);
            Tensor scale = perAxis(c, c.required(1), x);
            Tensor v = x.to(scale.dtype());
            if (zp != null) v = v.sub(perAxis(c, zp, x).to(scale.dtype()));
            return one(v.mul(scale));
        });
    }

    /** Opset 21's blocked quantization (scales per block along an axis) is not supported. */
    private static void blocked(OpCall c) {
        if (c.i("block_size", 0) != 0) throw c.error("blocked quantization (block_size) is not supported");
    }

    /** A scalar stays as it is; a 1-d parameter is shaped to broadcast along {@code axis} of {@code x}. */
    private static Tensor perAxis(OpCall c, Tensor param, Tensor x) {
        if (param.dim() == 0 || param.numel() == 1 && !c.has("axis")) return param.reshape();
        long axis = c.i("axis", 1);
        if (axis < 0) axis += x.dim();
        long[] shape = new long[x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[(int) axis] = param.numel();
        return param.reshape(shape);
    }
}
