package dev.torch4j.format;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Defaults;

/** Adapts a {@link Tensor} to the formatter: reads only the elements that get printed. */
public final class TensorPrinter {
    private TensorPrinter() {}

    /** What {@code repr(tensor)} prints in PyTorch, with the current default dtype and print options. */
    public static String repr(Tensor t) {
        Tensor c = t.detach().cpu();
        DType dtype = c.dtype();
        // a complex tensor is read through its real view (re, im pairs): kernels and storages never see complex memory
        Tensor r = dtype.isComplex() ? c.viewAsReal() : c;
        CpuStorage s = (CpuStorage) r.storage();
        long[] shape = c.shapeArray(), strides = r.stride();
        long off = r.storageOffset();
        ElementSource src = new ElementSource() {
            @Override public long[] shape() { return shape.clone(); }

            @Override public DType dtype() { return dtype; }

            @Override public double getDouble(long[] index) { return s.getDouble(at(index)); }

            @Override public double getImag(long[] index) { return s.getDouble(at(index) + 1); }

            @Override public long getLong(long[] index) { return s.getLong(at(index)); }

            private int at(long[] index) {
                long o = off;
                for (int i = 0; i < index.length; i++) o += index[i] * strides[i];
                return (int) o;
            }
        };
        var fn = t.gradFn();
        return TensorFormatter.format(src, t.device(), t.isLeaf() && t.requiresGrad(), fn == null ? null : fn.name(),
                Defaults.floatDType(), PrintOptions.get());
    }
}
