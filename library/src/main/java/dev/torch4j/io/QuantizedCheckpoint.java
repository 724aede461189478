package dev.torch4j.io;

import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.backend.Storage;
import dev.torch4j.ops.Quantized;

import java.io.IOException;

/**
 * {@code torch._utils._rebuild_qtensor(storage, offset, size, stride, quantizer_params, requires_grad, hooks)}: a
 * quantized tensor from a checkpoint. The storage ({@code torch.QUInt8Storage}, ...) arrives as its integers;
 * {@code quantizer_params} is {@code (torch.per_tensor_affine, scale, zero_point)} or
 * {@code (torch.per_channel_affine, scales, zero_points, axis)}, the per-channel parameters as tensors (float zero
 * points make it {@code per_channel_affine_float_qparams}).
 */
final class QuantizedCheckpoint {
    private QuantizedCheckpoint() {}

    private static final String FN = "torch._utils._rebuild_qtensor";

    static Tensor rebuild(Unpickler u, Tuple args) throws IOException {
        if (args.size() != 7) throw u.error(FN + " expects 7 arguments, got " + args.size());
        if (!(args.get(0) instanceof Storage storage)) throw u.error(FN + ": argument 0 is not a storage");
        long offset = PickleGlobals.longArg(u, args, 1, PickleGlobals.Fn.REBUILD_QTENSOR);
        long[] size = PickleGlobals.longs(u, args.get(2), FN + " size"), stride = PickleGlobals.longs(u, args.get(3), FN + " stride");
        boolean packed = u.isPacked4bit(storage);
        Tensor ints = packed ? unpack4bit(u, storage, offset, size, stride) : Unpickler.rebuild(u, storage, offset, size, stride);
        if (PickleGlobals.boolArg(u, args, 5, PickleGlobals.Fn.REBUILD_QTENSOR)) throw u.error(FN + ": a quantized tensor cannot require grad");
        if (!(args.get(4) instanceof Tuple q) || q.isEmpty() || !(q.get(0) instanceof QScheme scheme)) {
            throw u.error(FN + ": argument 4 is " + PickleGlobals.describe(args.get(4)) + ", not a (qscheme, ...) tuple");
        }
        try {
            var dtype = packed ? dev.torch4j.DType.QUINT4X2 : Quantized.quantizedOf(storage.dtype());
            if (scheme == QScheme.PER_TENSOR_AFFINE && q.size() == 3 && q.get(1) instanceof Double scale && q.get(2) instanceof Long zp) {
                return Quantized.fromInts(ints, dtype, scale, zp, null, null, -1);
            }
            if (scheme == QScheme.PER_CHANNEL_AFFINE && q.size() == 4 && q.get(1) instanceof Tensor scales
                    && q.get(2) instanceof Tensor zps && q.get(3) instanceof Long axis && !zps.isFloatingPoint()) {
                return Quantized.fromInts(ints, dtype, 0, 0, scales.toDoubleArray(), zps.toLongArray(), (int) (long) axis);
            }
            // float zero points: per_channel_affine_float_qparams (PyTorch writes that scheme as per_channel_affine)
            if ((scheme == QScheme.PER_CHANNEL_AFFINE || scheme == QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS) && q.size() == 4
                    && q.get(1) instanceof Tensor scales && q.get(2) instanceof Tensor zps && q.get(3) instanceof Long axis) {
                return Quantized.fromIntsFloatQparams(ints, dtype, floats(scales), floats(zps), (int) (long) axis);
            }
        } catch (IllegalArgumentException e) {
            throw u.error(FN + ": " + e.getMessage());
        }
        throw u.error(FN + ": quantizer " + PickleGlobals.describe(scheme) + " with " + (q.size() - 1)
                + " parameters is not supported (torch4j reads per_tensor_affine and per_channel_affine with integer or float zero points)");
    }

    /**
     * A quint4x2 tensor's values from its storage's packed bytes (two a byte, row-major from the storage's start, as
     * PyTorch's quantizer writes them): only the contiguous layout at offset 0 that PyTorch saves is read.
     */
    private static Tensor unpack4bit(Unpickler u, Storage storage, long offset, long[] size, long[] stride) throws IOException {
        long numel = TensorData.numel(size, u.name());
        if (offset != 0 || !java.util.Arrays.equals(stride, dev.torch4j.core.Shapes.contiguousStrides(size))) {
            throw u.error(FN + ": a torch.quint4x2 tensor must be contiguous at offset 0, got stride " + java.util.Arrays.toString(stride)
                    + " and offset " + offset);
        }
        if ((numel + 1) / 2 > storage.numel()) {
            throw u.error(FN + ": " + numel + " torch.quint4x2 values need " + (numel + 1) / 2 + " bytes but the storage holds " + storage.numel());
        }
        Tensor bytes = Tensor.wrap(storage, new long[] {storage.numel()}, new long[] {1}, 0).contiguous();
        byte[] all = (byte[]) ((dev.torch4j.backend.cpu.CpuStorage) bytes.storage()).array();
        byte[] values = Quantized.unpack4bit(all, (int) bytes.storageOffset(), (int) numel);
        return Tensor.wrap(dev.torch4j.backend.cpu.CpuStorage.wrap(dev.torch4j.DType.UINT8, values), size.clone(),
                dev.torch4j.core.Shapes.contiguousStrides(size), 0);
    }

    private static float[] floats(Tensor t) {
        double[] d = t.toDoubleArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
