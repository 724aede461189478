package dev.torch4j.format;

import dev.torch4j.DType;
import dev.torch4j.Device;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code repr} of a sparse tensor as PyTorch prints it: the sparse branches of {@code _str_intern} (COO: indices and
 * values; CSR: crow_indices, col_indices and values), each component printed by {@link TensorFormatter#formatData}
 * at its own indent, then the suffixes {@code size=(2, 3), nnz=3[, dtype=...], layout=torch.sparse_coo}.
 */
public final class SparseFormatter {
    private static final String PREFIX = "tensor(";

    private SparseFormatter() {}

    /** One named component: {@code indices}, {@code values}, {@code crow_indices}, ... */
    public record Part(String name, ElementSource data) {}

    /**
     * The printed sparse tensor.
     *
     * @param layout       PyTorch's layout name, {@code torch.sparse_coo} or {@code torch.sparse_csr}
     * @param coo          COO tensors start their suffixes on a new line ({@code force_newline=self.is_sparse})
     * @param dtype        the values' dtype (named in a suffix unless it is a default one)
     * @param gradFnName   the grad_fn's name, or null
     * @param requiresGrad prints {@code requires_grad=True} when there is no grad_fn
     */
    public static String format(String layout, boolean coo, long[] size, long nnz, DType dtype, Device device, List<Part> parts,
                                String gradFnName, boolean requiresGrad, DType defaultDtype, PrintOptions options) {
        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>(6);
        if (!device.isCpu()) suffixes.add("device='" + device + "'");
        suffixes.add("size=" + TensorFormatter.tupleStr(size));
        suffixes.add("nnz=" + nnz);
        if (!TensorFormatter.hasDefaultDtype(dtype, defaultDtype)) suffixes.add("dtype=" + dtype);
        StringBuilder body = new StringBuilder();
        for (Part p : parts) {
            if (!body.isEmpty()) body.append("),\n").append(" ".repeat(indent));
            String prefix = p.name() + "=tensor(";
            long[] shape = p.data().shape();
            body.append(prefix).append(TensorFormatter.formatData(p.data(), indent + prefix.length(), options));
            boolean empty = false;
            for (long s : shape) empty |= s == 0;
            if (empty) body.append(", size=").append(TensorFormatter.tupleStr(shape));
        }
        body.append(')');
        suffixes.add("layout=" + layout);
        if (gradFnName != null) suffixes.add("grad_fn=<" + gradFnName + ">");
        else if (requiresGrad) suffixes.add("requires_grad=True");
        return TensorFormatter.addSuffixes(PREFIX + body, suffixes, indent, options.linewidth(), coo);
    }
}
