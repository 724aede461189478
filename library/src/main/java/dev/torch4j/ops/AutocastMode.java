package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;

import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Automatic mixed precision's state and cast policies (what {@code torch.autocast} switches on). Per thread and per
 * device type, autocast is on or off with a lower-precision dtype; an op on the autocast list casts its floating
 * inputs before it runs, as PyTorch 2.x's lists say: matrix products and convolutions to the lower precision, ops
 * that need range (exp, log, pow, softmax, sum, norms, losses...) to float32, and a few ops of several inputs to
 * the widest one. Ops off the lists run in their inputs' types. float64 tensors are never cast.
 * <p>Hooks sit at the public entry of each listed op: {@code if (AutocastMode.active()) return
 * AutocastMode.apply(Op.MM, a -> mm(a[0], a[1]), x, y);}. While the op runs, autocast is suspended on the thread,
 * so a listed op used inside another (cdist's matrix product) runs in the outer op's types, as PyTorch's exclusion
 * of the autocast dispatch key does; backward runs suspended too.
 */
public final class AutocastMode {
    private AutocastMode() {}

    /** What autocast does to an op's inputs. */
    public enum Policy { NONE, LOWER, FP32, PROMOTE, BANNED }

    /** The ops autocast treats specially, with their policy on CUDA and on the CPU (PyTorch 2.x's lists). */
    public enum Op {
        MM(Policy.LOWER, Policy.LOWER), BMM(Policy.LOWER, Policy.LOWER), MATMUL(Policy.LOWER, Policy.LOWER),
        ADDMM(Policy.LOWER, Policy.LOWER), BADDBMM(Policy.LOWER, Policy.LOWER), ADDBMM(Policy.LOWER, Policy.LOWER),
        LINEAR(Policy.LOWER, Policy.LOWER), CONV(Policy.LOWER, Policy.LOWER), CONV_TRANSPOSE(Policy.LOWER, Policy.LOWER),
        PRELU(Policy.LOWER, Policy.LOWER), SDPA(Policy.LOWER, Policy.LOWER), VECDOT(Policy.LOWER, Policy.LOWER),
        MV(Policy.LOWER, Policy.NONE), ADDMV(Policy.LOWER, Policy.NONE), ADDR(Policy.LOWER, Policy.NONE),
        EINSUM(Policy.LOWER, Policy.NONE), MULTI_DOT(Policy.LOWER, Policy.NONE), RNN_CELL(Policy.LOWER, Policy.NONE),
        /** acos, asin, cosh, erfinv, exp, expm1, log, log10, log2, log1p, reciprocal, rsqrt, sinh, tan. */
        UNARY_FP32(Policy.FP32, Policy.NONE),
        POW(Policy.FP32, Policy.NONE), SOFTPLUS(Policy.FP32, Policy.NONE), LAYER_NORM(Policy.FP32, Policy.NONE),
        GROUP_NORM(Policy.FP32, Policy.NONE), NORM(Policy.FP32, Policy.NONE), COSINE_SIMILARITY(Policy.FP32, Policy.NONE),
        DIST(Policy.FP32, Policy.NONE), PDIST(Policy.FP32, Policy.NONE), RENORM(Policy.FP32, Policy.NONE),
        LOGSUMEXP(Policy.FP32, Policy.NONE), UPSAMPLE(Policy.FP32, Policy.NONE),
        /** softmax, log_softmax, sum, cumsum, cumprod without a dtype argument (PyTorch's fp32_set_opt_dtype). */
        REDUCE_FP32(Policy.FP32, Policy.NONE),
        PROD(Policy.FP32, Policy.FP32), CDIST(Policy.FP32, Policy.FP32),
        /** Every loss but binary_cross_entropy and ctc_loss. */
        LOSS(Policy.FP32, Policy.FP32),
        CTC_LOSS(Policy.NONE, Policy.FP32), BINARY_CROSS_ENTROPY(Policy.BANNED, Policy.FP32),
        /** The CPU list's linear algebra (factorizations, solves, inverses, trace, quantiles) and 3-d pooling, unpooling, padding. */
        CPU_FP32(Policy.NONE, Policy.FP32),
        GRID_SAMPLE(Policy.PROMOTE, Policy.FP32),
        /** addcdiv, addcmul, atan2, bilinear, cross, dot, vdot, index_put, tensordot, scatter_add. */
        PROMOTE(Policy.PROMOTE, Policy.NONE),
        /** cat, stack, index_copy. */
        CPU_PROMOTE(Policy.NONE, Policy.PROMOTE);

        final Policy cuda, cpu;

        Op(Policy cuda, Policy cpu) {
            this.cuda = cuda;
            this.cpu = cpu;
        }

        /** The policy on a device type. */
        public Policy policy(Device.Type type) { return type == Device.Type.CUDA ? cuda : cpu; }
    }

    /** One thread's settings. */
    private static final class State {
        final EnumMap<Device.Type, Boolean> enabled = new EnumMap<>(Map.of(Device.Type.CPU, false, Device.Type.CUDA, false));
        final EnumMap<Device.Type, DType> dtype = new EnumMap<>(Map.of(Device.Type.CPU, DType.BFLOAT16, Device.Type.CUDA, DType.FLOAT16));
        boolean cacheEnabled = true;
        int nesting;
        int suspended;
        boolean any;
        /** Lower-precision copies of float32 leaves that require grad (weights), kept until the outermost region ends. */
        final Map<Tensor, Tensor> cache = new IdentityHashMap<>();

        void refreshAny() { any = enabled.get(Device.Type.CPU) || enabled.get(Device.Type.CUDA); }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);
    /** Regions entered on any thread and not yet left: while zero, {@link #active()} costs one volatile read. */
    private static volatile int regions;

    /** True when an autocast region is on for this thread and no listed op is running. */
    public static boolean active() {
        if (regions == 0) return false;
        State s = STATE.get();
        return s.any && s.suspended == 0;
    }

    /** {@code torch.is_autocast_enabled(device_type)}. */
    public static boolean isEnabled(Device.Type type) { return STATE.get().enabled.get(type); }

    /** {@code torch.get_autocast_dtype(device_type)}. */
    public static DType dtype(Device.Type type) { return STATE.get().dtype.get(type); }

    /** {@code torch.is_autocast_cache_enabled()}. */
    public static boolean isCacheEnabled() { return STATE.get().cacheEnabled; }

    /** {@code torch.clear_autocast_cache()}. */
    public static void clearCache() { STATE.get().cache.clear(); }

    /** The settings a region replaces, to put back when it ends. */
    public record Saved(Device.Type type, boolean enabled, DType dtype, boolean cacheEnabled) {}

    /** Enters a region: sets the device type's switch, dtype and the cache flag; returns what to restore. */
    public static Saved enter(Device.Type type, boolean enabled, DType dtype, boolean cacheEnabled) {
        State s = STATE.get();
        Saved prev = new Saved(type, s.enabled.get(type), s.dtype.get(type), s.cacheEnabled);
        s.enabled.put(type, enabled);
        s.dtype.put(type, dtype);
        s.cacheEnabled = cacheEnabled;
        s.nesting++;
        s.refreshAny();
        synchronized (AutocastMode.class) {
            regions++;
        }
        return prev;
    }

    /** Leaves a region; the outermost one's end clears the cast cache, as PyTorch's does. */
    public static void exit(Saved prev) {
        State s = STATE.get();
        if (--s.nesting == 0) s.cache.clear();
        s.enabled.put(prev.type(), prev.enabled());
        s.dtype.put(prev.type(), prev.dtype());
        s.cacheEnabled = prev.cacheEnabled();
        s.refreshAny();
        synchronized (AutocastMode.class) {
            regions--;
        }
    }

    /** Runs {@code body} with autocast suspended on this thread (the autograd engine's backward pass). */
    public static <T> T suspended(java.util.function.Supplier<T> body) {
        if (regions == 0) return body.get();
        State s = STATE.get();
        s.suspended++;
        try {
            return body.get();
        } finally {
            s.suspended--;
        }
    }

    /** The settings an op on this thread sees now (all off while suspended), to replay a call later (checkpoint). */
    public record Snapshot(boolean cpu, DType cpuDtype, boolean cuda, DType cudaDtype, boolean cacheEnabled) {}

    /** This thread's settings as {@link #active()} would apply them now. */
    public static Snapshot snapshot() {
        State s = STATE.get();
        boolean on = regions != 0 && s.suspended == 0;
        return new Snapshot(on && s.enabled.get(Device.Type.CPU), s.dtype.get(Device.Type.CPU), on && s.enabled.get(Device.Type.CUDA),
                s.dtype.get(Device.Type.CUDA), s.cacheEnabled);
    }

    /** Runs {@code body} under exactly the snapshot's settings (not suspended), then puts this thread's back. */
    public static <T> T replay(Snapshot snap, java.util.function.Supplier<T> body) {
        if (!snap.cpu() && !snap.cuda() && regions == 0) return body.get();
        State s = STATE.get();
        int suspended = s.suspended;
        Saved cpu = enter(Device.Type.CPU, snap.cpu(), snap.cpuDtype(), snap.cacheEnabled());
        Saved cuda = enter(Device.Type.CUDA, snap.cuda(), snap.cudaDtype(), snap.cacheEnabled());
        s.suspended = 0;
        try {
            return body.get();
        } finally {
            s.suspended = suspended;
            exit(cuda);
            exit(cpu);
        }
    }

    /**
     * Runs a listed op: casts {@code args} as the op's policy says for their device type, then runs {@code body} on
     * them with autocast suspended (body is the op itself, re-entered).
     */
    public static <T> T apply(Op op, Function<Tensor[], T> body, Tensor... args) {
        State s = STATE.get();
        Device.Type type = deviceType(args);
        Tensor[] in = args;
        if (type != null && s.enabled.get(type)) {
            DType lower = s.dtype.get(type);
            in = switch (op.policy(type)) {
                case NONE -> args;
                case LOWER -> castAll(s, args, type, lower);
                case FP32 -> castAll(s, args, type, DType.FLOAT32);
                case PROMOTE -> castAll(s, args, type, widest(args, type, lower));
                case BANNED -> throw new IllegalStateException(BCE_BANNED);
            };
        }
        s.suspended++;
        try {
            return body.apply(in);
        } finally {
            s.suspended--;
        }
    }

    static final String BCE_BANNED = "torch.nn.functional.binary_cross_entropy and torch.nn.BCELoss are unsafe to autocast.\n"
            + "Many models use a sigmoid layer right before the binary cross entropy layer.\n"
            + "In this case, combine the two layers using torch.nn.functional.binary_cross_entropy_with_logits\n"
            + "or torch.nn.BCEWithLogitsLoss.  binary_cross_entropy_with_logits and BCEWithLogits are\n"
            + "safe to autocast.";

    private static Device.Type deviceType(Tensor[] args) {
        for (Tensor t : args) if (t != null) return t.device().type();
        return null;
    }

    private static boolean eligible(Tensor t, Device.Type type) {
        return t != null && t.dtype().isFloatingPoint() && t.dtype() != DType.FLOAT64 && t.device().type() == type;
    }

    /** PyTorch's promote_type: float32 if any eligible input is float32, else the lower precision. */
    private static DType widest(Tensor[] args, Device.Type type, DType lower) {
        for (Tensor t : args) if (eligible(t, type) && t.dtype() != lower) return DType.FLOAT32;
        return lower;
    }

    private static Tensor[] castAll(State s, Tensor[] args, Device.Type type, DType to) {
        Tensor[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            Tensor t = out[i];
            if (!eligible(t, type) || t.dtype() == to) continue;
            // weights are cast once per region: float32 leaves that require grad, going to the lower precision
            boolean cacheable = s.cacheEnabled && to != DType.FLOAT32 && t.dtype() == DType.FLOAT32 && t.requiresGrad() && t.isLeaf();
            if (cacheable) {
                Tensor c = s.cache.get(t);
                if (c == null || c.dtype() != to) s.cache.put(t, c = t.to(to));
                out[i] = c;
            } else {
                out[i] = t.to(to);
            }
        }
        return out;
    }
}
