package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.random.Mt19937;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shape and creation functions composed of other ops ({@code combinations}, {@code hsplit}/{@code vsplit}/
 * {@code dsplit}, {@code column_stack}, {@code sum_to_size}, {@code broadcast_shapes}, {@code cross} with
 * PyTorch's default dim, {@code chain_matmul}, {@code logspace}) and {@code bernoulli} with a tensor of
 * probabilities.
 */
public final class ShapeShortcuts {
    private ShapeShortcuts() {}

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /**
     * {@code torch.combinations(t, r, with_replacement)}: the length-r combinations of a 1-d tensor's elements, in
     * lexicographic order of their positions, as the rows of a {@code [count, r]} tensor (r = 0: an empty 1-d tensor).
     */
    public static Tensor combinations(Tensor t, long r, boolean withReplacement) {
        if (t.dim() != 1) throw new IllegalArgumentException("Expect a 1D vector, but got shape " + Shapes.str(t.shapeArray()));
        if (r < 0) throw new IllegalArgumentException("Expect a non-negative number, but got " + r);
        if (r == 0) return Creation.full(new long[] {0}, 0, t.dtype(), t.device());
        int n = Math.toIntExact(t.size(0)), k = Math.toIntExact(r);
        List<long[]> rows = new ArrayList<>();
        int[] c = new int[k];
        // positions as an odometer: each position at least the previous one (+1 without replacement)
        for (int i = 0; i < k; i++) c[i] = withReplacement ? 0 : i;
        if (withReplacement || k <= n) {
            while (n > 0) {
                long[] row = new long[k];
                for (int i = 0; i < k; i++) row[i] = c[i];
                rows.add(row);
                int i = k - 1;
                while (i >= 0 && c[i] == (withReplacement ? n - 1 : n - k + i)) i--;
                if (i < 0) break;
                c[i]++;
                for (int j = i + 1; j < k; j++) c[j] = withReplacement ? c[i] : c[j - 1] + 1;
            }
        }
        long[] flat = new long[rows.size() * k];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, flat, i * k, k);
        Tensor idx = Creation.wrap(flat, new long[] {flat.length}, DType.INT64).to(t.device());
        return t.indexSelect(0, idx).view(rows.size(), k);
    }

    /** {@code torch.hsplit/vsplit/dsplit(t, sections)}: {@code tensor_split} along dim 1 (0 for 1-d), 0 or 2. */
    public static Tensor[] split(String name, Tensor t, long sections) {
        int d = splitDim(name, t);
        long size = t.size(d);
        if (sections == 0 || size % sections != 0) {
            throw new IllegalArgumentException("torch." + name + " attempted to split along dimension " + d
                    + ", but the size of the dimension " + size + " is not divisible by the split_size " + sections + "!");
        }
        return Shaping.tensorSplit(t, sections, d);
    }

    /** {@code torch.hsplit/vsplit/dsplit(t, indices)}: {@code tensor_split} before each index. */
    public static Tensor[] split(String name, Tensor t, long[] indices) { return Shaping.tensorSplit(t, indices, splitDim(name, t)); }

    private static int splitDim(String name, Tensor t) {
        int min = switch (name) { case "hsplit" -> 1; case "vsplit" -> 2; default -> 3; };
        if (t.dim() < min) {
            throw new IllegalArgumentException("torch." + name + " requires a tensor with at least " + min + " dimension, but got a tensor with "
                    + t.dim() + " dimensions!");
        }
        return switch (name) { case "hsplit" -> t.dim() == 1 ? 0 : 1; case "vsplit" -> 0; default -> 2; };
    }

    /** {@code torch.column_stack(tensors)}: 0-d and 1-d inputs as columns, then {@code hstack}. */
    public static Tensor columnStack(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("column_stack expects a non-empty TensorList");
        List<Tensor> cols = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) cols.add(t.dim() <= 1 ? t.reshape(t.numel(), 1) : t);
        return Joining.hstack(cols);
    }

    /** {@code tensor.sum_to_size(size)}: summed down to a shape it can be expanded from. */
    public static Tensor sumToSize(Tensor t, long[] size) {
        long[] sh = t.shapeArray();
        boolean ok = size.length <= sh.length;
        for (int i = 0; ok && i < size.length; i++) {
            long s = size[size.length - 1 - i], d = sh[sh.length - 1 - i];
            ok = s == d || s == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("size {" + Shapes.str(size) + "} is not expandable to size {" + Shapes.str(sh) + "}.");
        }
        int lead = sh.length - size.length;
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < lead; i++) dims.add((long) i);
        for (int i = 0; i < size.length; i++) if (size[i] == 1 && sh[lead + i] != 1) dims.add((long) (lead + i));
        if (dims.isEmpty()) return t;
        Tensor r = t.sum(dims.stream().mapToLong(Long::longValue).toArray(), true);
        return lead > 0 ? r.view(size) : r;
    }

    /** {@code torch.broadcast_shapes(*shapes)}: the shape all of them broadcast to. */
    public static long[] broadcastShapes(long[]... shapes) {
        long[] r = new long[0];
        for (long[] s : shapes) {
            try {
                r = Shapes.broadcast("broadcast_shapes", r, s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Shape mismatch: objects cannot be broadcast to a single shape", e);
            }
        }
        return r;
    }

    /**
     * {@code torch.cross(a, b, dim=None)} (PyTorch 2.x): {@code linalg.cross} along dim, or, without a dim, along the
     * first dim of a's of size 3, with PyTorch's deprecation warning (once).
     */
    public static Tensor cross(Tensor a, Tensor b, Long dim) {
        long d;
        if (dim != null) {
            d = dim;
        } else {
            if (WARNED.add("cross")) {
                System.getLogger("dev.torch4j").log(System.Logger.Level.WARNING, "Using torch.cross without specifying the dim arg is "
                        + "deprecated. Please either pass the dim explicitly or simply use torch.linalg.cross. The default value of "
                        + "dim will change to agree with that of linalg.cross in a future release.");
            }
            long[] sh = a.shapeArray();
            d = -1;
            for (int i = 0; i < sh.length && d < 0; i++) if (sh[i] == 3) d = i;
            if (d < 0) throw new IllegalArgumentException("no dimension of size 3 in input");
        }
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("linalg.cross: inputs must have the same number of dimensions.");
        }
        return LinalgComposites.cross(a, b, d);
    }

    /** {@code torch.chain_matmul(*matrices)}: {@code linalg.multi_dot} (one matrix: a copy). */
    public static Tensor chainMatmul(List<Tensor> matrices) {
        if (matrices.isEmpty()) throw new IllegalArgumentException("chain_matmul(): Expected one or more matrices");
        if (matrices.size() == 1) {
            Tensor m = matrices.get(0);
            if (m.dim() != 2) throw new IllegalArgumentException("chain_matmul(): Tensor 0 must be 2D but got " + m.dim() + "D");
            return m.clone();
        }
        for (int i = 0; i < matrices.size(); i++) {
            if (matrices.get(i).dim() != 2) {
                throw new IllegalArgumentException("chain_matmul(): Tensor " + i + " must be 2D but got " + matrices.get(i).dim() + "D");
            }
        }
        return LinalgComposites.multiDot(matrices);
    }

    /**
     * {@code torch.logspace(start, end, steps, base)}: {@code base^x} for x from start to end in steps, computed as
     * PyTorch's CPU kernel does (the first half from start, the second from end, in double; start and end first
     * rounded to the dtype), then cast.
     */
    public static Tensor logspace(double start, double end, long steps, double base, DType dtype, Device device) {
        if (steps < 0) throw new IllegalArgumentException("number of steps must be non-negative");
        int n = Shapes.checkedNumel("logspace", new long[] {steps});
        double s = roundTo(start, dtype), e = roundTo(end, dtype), b = roundTo(base, dtype);
        double[] v = new double[n];
        if (n == 1) {
            v[0] = Math.pow(b, s);
        } else if (n > 1) {
            double step = (e - s) / (n - 1);
            int half = n / 2;
            for (int i = 0; i < n; i++) v[i] = i < half ? Math.pow(b, s + step * i) : Math.pow(b, e - step * (n - i - 1));
        }
        return Creation.wrap(v, new long[] {n}, DType.FLOAT64).to(dtype).to(device);
    }

    private static double roundTo(double v, DType dt) {
        return switch (dt) {
            case FLOAT32 -> (float) v;
            case FLOAT64, FLOAT16, BFLOAT16 -> v;
            default -> dt.isIntegral() ? (double) (long) v : v;
        };
    }

    /**
     * {@code torch.bernoulli(p)}: 1 with probability p, elementwise, in p's dtype. On the CPU (or with a generator)
     * PyTorch's bits: one draw per element in row-major order, a 53-bit uniform for float64 p, else a 24-bit one,
     * compared {@code u < p}. On a CUDA device without a generator: {@code rand_like(p) < p} on the device (other
     * numbers than PyTorch's CUDA kernel draws).
     */
    public static Tensor bernoulli(Tensor p, Generator g) {
        if (!p.isFloatingPoint()) throw Elementwise.notImplemented("bernoulli_tensor", p.device(), p.dtype());
        Tensor pd = p.detach();
        if (g == null && p.device().isCuda()) {
            Tensor u = Creation.full(p.shapeArray(), 0, p.dtype(), p.device());
            RandomOps.uniform_(u, 0, 1, null);
            return u.lt(pd).to(p.dtype());
        }
        double[] pv = pd.toDoubleArray();
        for (double x : pv) {
            if (!(x >= 0 && x <= 1)) throw new IllegalArgumentException("Expected p_in >= 0 && p_in <= 1 to be true, but got false.");
        }
        double[] out = new double[pv.length];
        boolean wide = p.dtype() == DType.FLOAT64;
        Generator gen = g != null ? g : Generator.defaultGenerator();
        gen.withEngine(e -> {
            for (int i = 0; i < pv.length; i++) out[i] = draw(e, wide, pv[i]) ? 1 : 0;
        });
        return Creation.wrap(out, p.shapeArray(), DType.FLOAT64).to(p.dtype()).to(p.device());
    }

    private static boolean draw(Mt19937 e, boolean wide, double p) {
        if (wide) return (e.random64() & 0x1FFFFFFFFFFFFFL) * 0x1p-53 < p;
        return (e.random() & 0xFFFFFF) * 0x1p-24f < (float) p;
    }
}
