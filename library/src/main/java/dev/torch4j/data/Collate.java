package dev.torch4j.data;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code default_collate}: stacks a list of samples into a batch, recursively: tensors are stacked along a new
 * dim 0; {@link Example}s, arrays and lists are collated position by position; maps key by key; Java integers
 * become an int64 tensor, floating numbers a float64 tensor, booleans a bool tensor.
 */
public final class Collate {
    private Collate() {}

    /** {@code default_collate(batch)}. */
    @SuppressWarnings("unchecked")
    public static <B> B defaultCollate(List<?> batch) { return (B) collate(batch); }

    private static Object collate(List<?> batch) {
        if (batch.isEmpty()) throw new IllegalArgumentException("default_collate: the batch is empty");
        Object first = batch.getFirst();
        switch (first) {
            case Tensor t -> {
                List<Tensor> ts = new ArrayList<>(batch.size());
                for (Object o : batch) ts.add((Tensor) o);
                return Torch.stack(ts);
            }
            case Example e -> {
                Tensor[] out = new Tensor[e.size()];
                for (int i = 0; i < out.length; i++) {
                    List<Tensor> col = new ArrayList<>(batch.size());
                    for (Object o : batch) {
                        Example x = (Example) o;
                        if (x.size() != e.size()) throw new IllegalArgumentException("each element in list of batch should be of equal size");
                        col.add(x.get(i));
                    }
                    out[i] = Torch.stack(col);
                }
                return new Example(out);
            }
            case Tensor[] arr -> {
                Tensor[] out = new Tensor[arr.length];
                for (int i = 0; i < out.length; i++) {
                    List<Tensor> col = new ArrayList<>(batch.size());
                    for (Object o : batch) col.add(((Tensor[]) o)[i]);
                    out[i] = Torch.stack(col);
                }
                return out;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Object k : m.keySet()) {
                    List<Object> col = new ArrayList<>(batch.size());
                    for (Object o : batch) col.add(((Map<?, ?>) o).get(k));
                    out.put(k, collate(col));
                }
                return out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    List<Object> col = new ArrayList<>(batch.size());
                    for (Object o : batch) col.add(((List<?>) o).get(i));
                    out.add(collate(col));
                }
                return out;
            }
            case Long x -> { return numbers(batch, DType.INT64); }
            case Integer x -> { return numbers(batch, DType.INT64); }
            case Short x -> { return numbers(batch, DType.INT64); }
            case Byte x -> { return numbers(batch, DType.INT64); }
            case Number x -> { return numbers(batch, DType.FLOAT64); }
            case Boolean x -> {
                boolean[] v = new boolean[batch.size()];
                for (int i = 0; i < v.length; i++) v[i] = (Boolean) batch.get(i);
                return Torch.tensor(v);
            }
            case String x -> { return batch; }
            default -> throw new IllegalArgumentException("default_collate: batch must contain tensors, Examples, arrays of tensors, "
                    + "maps, lists, numbers or strings; found " + first.getClass().getName());
        }
    }

    private static Tensor numbers(List<?> batch, DType dtype) {
        if (dtype == DType.INT64) {
            long[] v = new long[batch.size()];
            for (int i = 0; i < v.length; i++) v[i] = ((Number) batch.get(i)).longValue();
            return Torch.fromArray(v);
        }
        double[] v = new double[batch.size()];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) batch.get(i)).doubleValue();
        return Torch.fromArray(v);
    }
}
