package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.backend.cuda.CudaRuntime;
import dev.torch4j.backend.cuda.CudaStreams;
import dev.torch4j.core.Profiling;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A backend seen through the profiler: every kernel call made while a profiler records is one event, named as the
 * aten op it implements ({@code binary(ADD)} is {@code aten::add}, {@code bmm} is {@code aten::bmm}), with its
 * operands' shapes and, on a GPU with device time wanted, the time between two CUDA events around its launches.
 * Calls a backend makes on itself (a default method's inner calls) are not seen: one event per kernel request.
 */
final class ProfiledBackend implements InvocationHandler {
    private static final Map<Backend, Backend> WRAPPED = new ConcurrentHashMap<>();
    private static final Map<Method, String> NAMES = new ConcurrentHashMap<>();
    private final Backend inner;

    private ProfiledBackend(Backend inner) { this.inner = inner; }

    /** {@code b} behind the profiler's proxy (one proxy per backend). */
    static Backend wrap(Backend b) {
        return WRAPPED.computeIfAbsent(b, k -> (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, new ProfiledBackend(k)));
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        Profiling.Recorder r = Profiling.recorder();
        String method = m.getName();
        if (r == null || m.getDeclaringClass() == Object.class || method.equals("device")) return call(m, args);
        Profiling.Range range = r.open(name(m, args), r.recordShapes() ? shapes(args) : null);
        if (r.withFlops()) range.flops(flops(method, args));
        long[] events = r.deviceTime() && !inner.device().isCpu() ? startEvents() : null;
        try {
            Object result = call(m, args);
            if (method.equals("allocate")) {
                r.allocated(((DType) args[0]).itemSize() * (Long) args[1], !inner.device().isCpu());
            }
            return result;
        } finally {
            if (events != null) stopEvents(range, events);
            range.close();
        }
    }

    private Object call(Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            return switch (m.getName()) {
                case "equals" -> args[0] == this;
                case "hashCode" -> System.identityHashCode(this);
                default -> "profiled " + inner;
            };
        }
        try {
            return m.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private long[] startEvents() {
        int dev = inner.device().index();
        long start = CudaStreams.createEvent(dev, true), end = CudaStreams.createEvent(dev, true);
        CudaStreams.recordEvent(start, CudaRuntime.currentStream());
        return new long[] {start, end};
    }

    private static void stopEvents(Profiling.Range range, long[] events) {
        CudaStreams.recordEvent(events[1], CudaRuntime.currentStream());
        range.deviceTime(() -> {
            try {
                CudaStreams.synchronizeEvent(events[1]);
                return 1000.0 * CudaStreams.elapsedMillis(events[0], events[1]);
            } finally {
                CudaStreams.destroyEvent(events[0]);
                CudaStreams.destroyEvent(events[1]);
            }
        });
    }

    /** The aten name of a kernel request. */
    static String name(Method m, Object[] args) {
        if (args != null && args.length > 0 && (args[0] instanceof UnaryOp || args[0] instanceof BinaryOp || args[0] instanceof ReduceOp)) {
            Enum<?> op = (Enum<?>) args[0];
            String lower = op.name().toLowerCase(Locale.ROOT);
            return switch (m.getName()) {
                case "scan" -> switch (lower) {
                    case "sum" -> "aten::cumsum";
                    case "prod" -> "aten::cumprod";
                    default -> "aten::cum" + lower;
                };
                case "reduce" -> "aten::" + (lower.equals("max") ? "amax" : lower.equals("min") ? "amin" : lower);
                case "binary" -> "aten::" + switch (lower) {
                    case "lshift" -> "bitwise_left_shift";
                    case "rshift" -> "bitwise_right_shift";
                    default -> lower;
                };
                default -> "aten::" + lower;
            };
        }
        if (m.getName().equals("variance")) return (Boolean) args[2] ? "aten::std" : "aten::var";
        return NAMES.computeIfAbsent(m, k -> switch (k.getName()) {
            case "allocate" -> "aten::empty";
            case "copy" -> "aten::copy_";
            case "fill", "fillLong" -> "aten::fill_";
            case "bmm", "bmmIntoZeros" -> "aten::bmm";
            case "indexPut" -> "aten::index_put_";
            case "maxPool2d" -> "aten::max_pool2d_with_indices";
            default -> "aten::" + snake(k.getName());
        });
    }

    /**
     * PyTorch's FLOP formulas ({@code with_flops}) for the kernels that implement its counted ops: a 2-d convolution
     * {@code 2 * N * oH * oW * kH * kW * C * O / groups}, a matrix product {@code 2 * b * m * k * n}, an add or a
     * multiply the first operand's element count; 0 for everything else (PyTorch counts no other op).
     */
    static long flops(String method, Object[] args) {
        switch (method) {
            case "conv2d" -> {   // (x [N, C, H, W], w [O, C/g * kH * kW], bias, params {.., oH, oW}, groups)
                long[] x = ((Strided) args[0]).shape(), w = ((Strided) args[1]).shape();
                int[] p = (int[]) args[3];
                return 2 * x[0] * p[8] * p[9] * w[0] * w[1];
            }
            case "bmm", "bmmIntoZeros", "addmm" -> {   // (out, a [b, m, k], b [b, k, n]) or (input, a, b, beta, alpha)
                long[] a = ((Strided) args[1]).shape(), b = ((Strided) args[2]).shape();
                if (a.length != 3 || b.length != 3) return 0;
                return 2 * a[0] * a[1] * a[2] * b[2];
            }
            case "binary" -> {   // (op, out, a, b)
                if (args[0] != BinaryOp.ADD && args[0] != BinaryOp.MUL) return 0;
                long n = 1;
                for (long d : ((Strided) args[2]).shape()) n *= d;
                return n;
            }
            default -> { return 0; }
        }
    }

    private static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) sb.append('_').append(Character.toLowerCase(c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /** The shapes of the tensor operands, in argument order ({@code []} for other arguments, as PyTorch's). */
    private static long[][] shapes(Object[] args) {
        if (args == null) return new long[0][];
        List<long[]> out = new ArrayList<>();
        for (Object a : args) {
            if (a instanceof Enum<?>) continue;
            if (a instanceof Strided s) out.add(s.shape().clone());
            else if (a instanceof Strided[] ss) for (Strided s : ss) out.add(s == null ? new long[0] : s.shape().clone());
            else out.add(new long[0]);
        }
        return out.toArray(new long[0][]);
    }
}
