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
        if (t.isQuantized()) return reprQuantized(t);
        var fn = t.gradFn();
        return TensorFormatter.format(source(t), t.device(), t.isLeaf() && t.requiresGrad(), fn == null ? null : fn.name(),
                Defaults.floatDType(), PrintOptions.get());
    }

    /**
     * {@code _str_intern}'s quantized branch: the dequantized values, then {@code size=}, the dtype, the scheme and its
     * parameters (per-channel ones printed as tensors).
     */
    private static String reprQuantized(Tensor t) {
        PrintOptions options = PrintOptions.get();
        int indent = "tensor(".length();
        java.util.List<String> suffixes = new java.util.ArrayList<>();
        suffixes.add("size=" + TensorFormatter.tupleStr(t.shapeArray()));
        suffixes.add("dtype=" + t.dtype());
        suffixes.add("quantization_scheme=" + t.qscheme());
        if (t.qscheme().isPerTensor()) {
            suffixes.add("scale=" + PyFormat.repr(t.qScale()));
            suffixes.add("zero_point=" + t.qZeroPoint());
        } else {
            suffixes.add("scale=" + repr(t.qPerChannelScales()));
            suffixes.add("zero_point=" + repr(t.qPerChannelZeroPoints()));
            suffixes.add("axis=" + t.qPerChannelAxis());
        }
        String body = TensorFormatter.formatData(source(t.dequantize()), indent, options);
        return TensorFormatter.addSuffixes("tensor(" + body, suffixes, indent, options.linewidth(), false);
    }

    /**
     * What {@code repr} prints for a sparse tensor made of the named component tensors (the last one holds the
     * values), with the current default dtype and print options; see {@link SparseFormatter}.
     */
    public static String reprSparse(String layout, boolean coo, long[] size, long nnz, String[] names, Tensor[] parts,
                                    String gradFnName, boolean requiresGrad) {
        java.util.List<SparseFormatter.Part> ps = new java.util.ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) ps.add(new SparseFormatter.Part(names[i], source(parts[i])));
        Tensor values = parts[parts.length - 1];
        return SparseFormatter.format(layout, coo, size, nnz, values.dtype(), values.device(), ps, gradFnName, requiresGrad,
                Defaults.floatDType(), PrintOptions.get());
    }

    /** The tensor's elements as the formatter reads them (copied to the CPU first when needed). */
    public static ElementSource source(Tensor t) {
        Tensor c = t.detach().cpu();
        DType dtype = c.dtype();
        // a complex tensor is read through its real view (re, im pairs): kernels and storages never see complex memory
        Tensor r = dtype.isComplex() ? c.viewAsReal() : c;
        CpuStorage s = (CpuStorage) r.storage();
        long[] shape = c.shapeArray(), strides = r.stride();
        long off = r.storageOffset();
        return new ElementSource() {
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
    }
}
