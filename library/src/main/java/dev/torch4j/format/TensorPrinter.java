package dev.torch4j.format;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.CpuStorage;

/** Adapts a {@link Tensor} to the formatter: reads only the elements that get printed. */
public final class TensorPrinter {
    private TensorPrinter() {}

    /** What {@code repr(tensor)} prints in PyTorch. */
    public static String repr(Tensor t) {
        Tensor c = t.cpu();
        CpuStorage s = (CpuStorage) c.storage();
        long[] shape = c.shapeArray(), strides = c.stride();
        long off = c.storageOffset();
        ElementSource src = new ElementSource() {
            @Override public long[] shape() { return shape.clone(); }

            @Override public DType dtype() { return c.dtype(); }

            @Override public double getDouble(long[] index) { return s.getDouble(at(index)); }

            @Override public long getLong(long[] index) { return s.getLong(at(index)); }

            private int at(long[] index) {
                long o = off;
                for (int i = 0; i < index.length; i++) o += index[i] * strides[i];
                return (int) o;
            }
        };
        var fn = t.gradFn();
        return TensorFormatter.format(src, t.device(), t.isLeaf() && t.requiresGrad(), fn == null ? null : fn.name());
    }
}
