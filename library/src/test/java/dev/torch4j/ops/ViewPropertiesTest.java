package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.cpu.CpuStorage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Properties of views over random shapes: reshaping keeps numel and row-major order, permutations and transposes
 * invert, {@code contiguous()} of any view reads the same elements as naive strided indexing, expand is repeat,
 * and {@link Coalesced} visits exactly the elements naive iteration visits, in the same order.
 */
class ViewPropertiesTest {

    /** Shapes of 0 to 4 dims with sizes 1..5 (numel at most 625). */
    @Provide
    Arbitrary<long[]> shapes() {
        return Arbitraries.longs().between(1, 5).array(long[].class).ofMinSize(0).ofMaxSize(4);
    }

    /** A seed for choices that depend on the generated shape. */
    @Provide
    Arbitrary<Long> seeds() { return Arbitraries.longs(); }

    private static Tensor iota(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return Torch.arange(0L, n, 1L).reshape(shape);
    }

    /** A random shape with the same element count: the prime factors of numel dealt into random dims. */
    private static long[] refactor(long numel, Random r) {
        List<Long> f = new ArrayList<>();
        long n = numel;
        for (long p = 2; p * p <= n; p++) while (n % p == 0) { f.add(p); n /= p; }
        if (n > 1) f.add(n);
        long[] out = new long[1 + r.nextInt(4)];
        Arrays.fill(out, 1);
        for (long p : f) out[r.nextInt(out.length)] *= p;
        return out;
    }

    /** The elements of {@code t} read with its own strides straight from the storage, in row-major order. */
    static long[] naive(Tensor t) {
        long[] shape = t.shapeArray(), st = t.stride();
        long n = t.numel();
        long[] out = new long[(int) n];
        CpuStorage s = (CpuStorage) t.storage();
        long[] idx = new long[shape.length];
        for (int k = 0; k < n; k++) {
            long off = t.storageOffset();
            for (int d = 0; d < shape.length; d++) off += idx[d] * st[d];
            out[k] = s.getLong((int) off);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    @Property
    void reshapeKeepsNumelAndRowMajorOrder(@ForAll("shapes") long[] shape, @ForAll("seeds") long seed) {
        Tensor t = iota(shape);
        long[] target = refactor(t.numel(), new Random(seed));
        Tensor r = t.reshape(target);
        assertEquals(t.numel(), r.numel());
        assertArrayEquals(target, r.shapeArray());
        assertArrayEquals(t.toLongArray(), r.toLongArray());
        assertSame(t.storage(), r.storage()); // contiguous: always a view
        assertArrayEquals(t.toLongArray(), t.view(target).toLongArray());
        // reshape of a permuted tensor: row-major order of the permuted tensor, whether or not it copies
        Tensor p = t.permute(randomPermutation(t.dim(), new Random(seed)));
        assertArrayEquals(naive(p), p.reshape(target).toLongArray());
        assertArrayEquals(naive(p), p.flatten().toLongArray());
    }

    @Property
    void permuteThenInverseIsIdentity(@ForAll("shapes") long[] shape, @ForAll("seeds") long seed) {
        Tensor t = iota(shape);
        long[] p = randomPermutation(shape.length, new Random(seed));
        long[] inv = new long[p.length];
        for (int i = 0; i < p.length; i++) inv[(int) p[i]] = i;
        Tensor back = t.permute(p).permute(inv);
        assertArrayEquals(t.shapeArray(), back.shapeArray());
        assertArrayEquals(t.stride(), back.stride());
        assertArrayEquals(t.toLongArray(), back.toLongArray());
        for (int i = 0; i < p.length; i++) assertEquals(shape[(int) p[i]], t.permute(p).size(i));
    }

    @Property
    void transposeTwiceIsIdentity(@ForAll("shapes") long[] shape, @ForAll("seeds") long seed) {
        Tensor t = iota(shape);
        Random r = new Random(seed);
        int n = Math.max(1, shape.length);
        long a = r.nextInt(2 * n) - n, b = r.nextInt(2 * n) - n; // negative dims too
        Tensor back = t.transpose(a, b).transpose(a, b);
        assertArrayEquals(t.shapeArray(), back.shapeArray());
        assertArrayEquals(t.stride(), back.stride());
        assertArrayEquals(t.toLongArray(), back.toLongArray());
    }

    @Property
    void contiguousOfAnyViewReadsTheViewedElements(@ForAll("shapes") long[] shape, @ForAll("seeds") long seed) {
        Random r = new Random(seed);
        Tensor v = iota(shape);
        for (int step = 0; step < 4; step++) v = randomView(v, r);
        long[] want = naive(v);
        Tensor c = v.contiguous();
        assertEquals(true, c.isContiguous());
        assertArrayEquals(v.shapeArray(), c.shapeArray());
        assertArrayEquals(want, naive(c));
        assertArrayEquals(want, v.toLongArray());
        assertArrayEquals(want, v.clone().toLongArray());
        for (DType d : new DType[] {DType.FLOAT64, DType.INT32, DType.FLOAT32}) assertArrayEquals(want, v.to(d).toLongArray());
    }

    @Property
    void expandIsRepeat(@ForAll("shapes") long[] shape, @ForAll("seeds") long seed) {
        Random r = new Random(seed);
        long[] small = shape.clone();
        for (int i = 0; i < small.length; i++) if (r.nextBoolean()) small[i] = 1;
        Tensor t = iota(small);
        long[] target = new long[shape.length + 1];
        target[0] = 1 + r.nextInt(3);
        System.arraycopy(shape, 0, target, 1, shape.length);
        Tensor e = t.expand(target).contiguous();
        long[] got = e.toLongArray(), src = t.toLongArray();
        long[] idx = new long[target.length];
        for (long k = 0; k < got.length; k++) {
            long off = 0; // repeat semantics: index dim i of the small tensor by idx mod its size
            for (int d = 1; d < target.length; d++) off = off * small[d - 1] + idx[d] % small[d - 1];
            assertEquals(src[(int) off], got[(int) k]);
            for (int d = target.length - 1; d >= 0; d--) {
                if (++idx[d] < target[d]) break;
                idx[d] = 0;
            }
        }
    }

    @Property
    void coalescedVisitsTheSameElementsInTheSameOrder(@ForAll("shapes") long[] shape, @ForAll("seeds") long seed) {
        Random r = new Random(seed);
        // operand strides from real layouts: a permuted contiguous tensor, broadcast (stride 0) dims with gaps, and
        // a narrowed view of a larger tensor
        long[] p = randomPermutation(shape.length, r), inv = new long[p.length], q = new long[p.length];
        for (int i = 0; i < p.length; i++) { inv[(int) p[i]] = i; q[i] = shape[(int) p[i]]; }
        long[] sa = iota(q).permute(inv).stride();
        long[] sb = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            boolean broadcast = r.nextInt(3) == 0;
            sb[d] = broadcast ? 0 : acc;
            if (!broadcast) acc *= shape[d] + r.nextInt(2); // sometimes a gap, as after narrow
        }
        long[] bigger = shape.clone();
        for (int d = 0; d < bigger.length; d++) bigger[d] += r.nextInt(2);
        Tensor big = iota(bigger);
        for (int d = 0; d < bigger.length; d++) big = big.narrow(d, 0, shape[d]);
        long[] sc = big.stride();
        List<String> want = new ArrayList<>();
        long[] idx = new long[shape.length];
        long n = 1;
        for (long s : shape) n *= s;
        for (long k = 0; k < n; k++) {
            long oa = 0, ob = 0, oc = 0;
            for (int d = 0; d < shape.length; d++) { oa += idx[d] * sa[d]; ob += idx[d] * sb[d]; oc += idx[d] * sc[d]; }
            want.add(oa + "," + ob + "," + oc);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        Coalesced c = Coalesced.of(shape, sa, sb, sc);
        assertEquals(n, c.numel());
        List<String> got = new ArrayList<>();
        long[] ci = new long[c.ndim()];
        for (long k = 0; k < n; k++) {
            long oa = 0, ob = 0, oc = 0;
            for (int d = 0; d < c.ndim(); d++) {
                oa += ci[d] * c.strides()[0][d];
                ob += ci[d] * c.strides()[1][d];
                oc += ci[d] * c.strides()[2][d];
            }
            got.add(oa + "," + ob + "," + oc);
            for (int d = c.ndim() - 1; d >= 0; d--) {
                if (++ci[d] < c.shape()[d]) break;
                ci[d] = 0;
            }
        }
        assertEquals(want, got);
        // and it really merges: a contiguous operation is one dim
        if (n > 1) assertEquals(1, Coalesced.of(shape, iota(shape).stride(), iota(shape).stride()).ndim());
    }

    // ---------------------------------------------------------------- helpers

    private static long[] identity(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private static long[] randomPermutation(int n, Random r) {
        long[] p = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** One random view step: permute, transpose, narrow, select, unsqueeze, squeeze, expand or diagonal. */
    private static Tensor randomView(Tensor v, Random r) {
        long[] s = v.shapeArray();
        int n = s.length;
        switch (r.nextInt(8)) {
            case 0 -> { return v.permute(randomPermutation(n, r)); }
            case 1 -> { return n == 0 ? v : v.transpose(r.nextInt(n), r.nextInt(n)); }
            case 2 -> {
                if (n == 0) return v;
                int d = r.nextInt(n);
                if (s[d] == 0) return v;
                long start = r.nextInt((int) s[d]);
                return v.narrow(d, start, 1 + r.nextInt((int) (s[d] - start)));
            }
            case 3 -> {
                if (n <= 1) return v;
                int d = r.nextInt(n);
                return s[d] == 0 ? v : v.select(d, r.nextInt((int) s[d]));
            }
            case 4 -> { return v.unsqueeze(r.nextInt(n + 1)); }
            case 5 -> { return v.squeeze(); }
            case 6 -> {
                long[] t = s.clone();
                for (int i = 0; i < n; i++) if (t[i] == 1) t[i] = 1 + r.nextInt(3);
                return v.expand(t);
            }
            default -> { return n < 2 ? v : v.diagonal(r.nextInt(3) - 1, 0, n - 1); }
        }
    }
}
