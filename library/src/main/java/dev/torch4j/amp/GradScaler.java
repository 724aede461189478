package dev.torch4j.amp;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.device;

/**
 * Loss scaling for float16 training, {@code torch.amp.GradScaler}: multiplies the loss by a large factor so that
 * small float16 gradients do not flush to zero, divides the gradients by it before the optimizer uses them, skips
 * the step when a gradient came out inf or NaN, and adapts the factor (halved after a skipped step, doubled after
 * {@code growthInterval} clean ones). The scale and its arithmetic are float32, as PyTorch's.
 * <pre>{@code
 * GradScaler scaler = new GradScaler("cuda");
 * for (...) {
 *     opt.zeroGrad();
 *     Tensor loss;
 *     try (var ac = Torch.autocast("cuda")) { loss = lossFn.forward(model.call(x), y); }
 *     scaler.scale(loss).backward();
 *     scaler.unscale_(opt);                     // optional: to clip or inspect true gradients
 *     Utils.clipGradNorm_(model.parameters(), 1.0);
 *     scaler.step(opt);                         // skipped if a gradient is inf/NaN
 *     scaler.update();
 * }
 * }</pre>
 * <p>As in PyTorch, a scaler for {@code "cuda"} without a CUDA device is disabled: {@code scale} returns its
 * argument, {@code step} just steps, {@code getScale()} is 1. Errors for calls out of order are PyTorch's.
 */
public final class GradScaler {
    /** {@code GradScaler}'s keyword arguments. */
    public record Options(String device, double initScale, double growthFactor, double backoffFactor, int growthInterval, boolean enabled) {
        /** {@code device}: "cuda" (default) or "cpu". */
        public Options device(String v) { return new Options(v, initScale, growthFactor, backoffFactor, growthInterval, enabled); }

        /** {@code init_scale} (default 2^16). */
        public Options initScale(double v) { return new Options(device, v, growthFactor, backoffFactor, growthInterval, enabled); }

        /** {@code growth_factor} (default 2). */
        public Options growthFactor(double v) { return new Options(device, initScale, v, backoffFactor, growthInterval, enabled); }

        /** {@code backoff_factor} (default 0.5). */
        public Options backoffFactor(double v) { return new Options(device, initScale, growthFactor, v, growthInterval, enabled); }

        /** {@code growth_interval} (default 2000). */
        public Options growthInterval(int v) { return new Options(device, initScale, growthFactor, backoffFactor, v, enabled); }

        /** {@code enabled} (default true). */
        public Options enabled(boolean v) { return new Options(device, initScale, growthFactor, backoffFactor, growthInterval, v); }
    }

    /** Defaults: {@code GradScaler("cuda", init_scale=2.**16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000)}. */
    public static Options options() { return new Options("cuda", 65536.0, 2.0, 0.5, 2000, true); }

    private enum Stage { READY, UNSCALED, STEPPED }

    /** Per optimizer within one iteration: where it is, and per device whether an inf/NaN gradient was seen. */
    private static final class OptState {
        Stage stage = Stage.READY;
        final Map<Device, Tensor> foundInf = new LinkedHashMap<>();
    }

    private final boolean enabled;
    private float scale;
    private boolean scaleInitialized;
    private int growthTracker;
    private double growthFactor, backoffFactor;
    private int growthInterval;
    private Map<Optimizer, OptState> perOptimizer = new IdentityHashMap<>();

    /** {@code GradScaler()} for CUDA. */
    public GradScaler() { this(options()); }

    /** {@code GradScaler(device)}. */
    public GradScaler(String device) { this(options().device(device)); }

    /** {@code GradScaler(device, init_scale, growth_factor, backoff_factor, growth_interval, enabled)}. */
    public GradScaler(Options o) {
        if (!o.device().equals("cuda") && !o.device().equals("cpu")) {
            throw new IllegalArgumentException("GradScaler: unsupported device '" + o.device() + "' (expected \"cuda\" or \"cpu\")");
        }
        if (o.growthFactor() <= 1.0) throw new IllegalArgumentException("The growth factor must be > 1.0.");
        if (o.backoffFactor() >= 1.0) throw new IllegalArgumentException("The backoff factor must be < 1.0.");
        boolean on = o.enabled();
        if (on && o.device().equals("cuda") && !Torch.cuda().isAvailable()) on = false; // PyTorch: warns, disables
        this.enabled = on;
        this.scale = (float) o.initScale();
        this.growthFactor = o.growthFactor();
        this.backoffFactor = o.backoffFactor();
        this.growthInterval = o.growthInterval();
    }

    /** {@code scaler.scale(outputs)}: {@code outputs} times the scale (unchanged when disabled). */
    public Tensor scale(Tensor outputs) {
        if (!enabled) return outputs;
        scaleInitialized = true;
        return outputs.mul(Torch.full(new long[0], (double) scale, device(outputs.device()).dtype(DType.FLOAT32)));
    }

    /** {@code scaler.scale([t1, t2, ...])}: each times the scale. */
    public List<Tensor> scale(List<Tensor> outputs) { return outputs.stream().map(this::scale).toList(); }

    private void checkInitialized(String fn) {
        if (!scaleInitialized) {
            throw new IllegalStateException("Attempted " + fn + " but _scale is None.  This may indicate your script did not use "
                    + "scaler.scale(loss or outputs) earlier in the iteration.");
        }
    }

    /**
     * {@code scaler.unscale_(optimizer)}: divides the optimizer's gradients by the scale, in place, noting whether any
     * is inf or NaN. Call it once per optimizer per iteration, before {@link #step} (which otherwise calls it).
     */
    public void unscale_(Optimizer optimizer) {
        if (!enabled) return;
        checkInitialized("unscale_");
        OptState st = perOptimizer.computeIfAbsent(optimizer, k -> new OptState());
        if (st.stage == Stage.UNSCALED) {
            throw new IllegalStateException("unscale_() has already been called on this optimizer since the last update().");
        }
        if (st.stage == Stage.STEPPED) throw new IllegalStateException("unscale_() is being called after step().");
        float inv = (float) (1.0 / (double) scale); // the reciprocal in double, as PyTorch computes it
        try (var g = Torch.noGrad()) {
            for (ParamGroup group : optimizer.paramGroups()) {
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    if (grad.dtype() == DType.FLOAT16) throw new IllegalArgumentException("Attempting to unscale FP16 gradients.");
                    Tensor bad = grad.isfinite().all().logicalNot().to(DType.FLOAT32);
                    st.foundInf.merge(grad.device(), bad, Tensor::maximum);
                    grad.mul_(Torch.full(new long[0], (double) inv, device(grad.device()).dtype(DType.FLOAT32)));
                }
            }
        }
        st.stage = Stage.UNSCALED;
    }

    /**
     * {@code scaler.step(optimizer)}: unscales the gradients if {@link #unscale_} was not called, then runs
     * {@code optimizer.step()} unless a gradient was inf or NaN.
     */
    public void step(Optimizer optimizer) {
        if (!enabled) {
            optimizer.step();
            return;
        }
        checkInitialized("step");
        OptState st = perOptimizer.computeIfAbsent(optimizer, k -> new OptState());
        if (st.stage == Stage.STEPPED) throw new IllegalStateException("step() has already been called since the last update().");
        if (st.stage == Stage.READY) unscale_(optimizer);
        if (st.foundInf.isEmpty()) throw new IllegalStateException("No inf checks were recorded for this optimizer.");
        double found = 0;
        for (Tensor f : st.foundInf.values()) found += f.item();
        if (found == 0) optimizer.step();
        st.stage = Stage.STEPPED;
    }

    /** {@code scaler.update()}: backs the scale off if any step this iteration was skipped, grows it after enough clean ones. */
    public void update() {
        if (!enabled) return;
        checkInitialized("update");
        boolean recorded = false, inf = false;
        for (OptState st : perOptimizer.values()) {
            for (Tensor f : st.foundInf.values()) {
                recorded = true;
                inf |= f.item() != 0;
            }
        }
        if (!recorded) throw new IllegalStateException("No inf checks were recorded prior to update.");
        // PyTorch's _amp_update_scale_, in float32
        if (inf) {
            scale = scale * (float) backoffFactor;
            growthTracker = 0;
        } else if (growthTracker + 1 == growthInterval) {
            float grown = scale * (float) growthFactor;
            if (Float.isFinite(grown)) scale = grown;
            growthTracker = 0;
        } else {
            growthTracker++;
        }
        perOptimizer = new IdentityHashMap<>();
    }

    /** {@code scaler.update(new_scale)}: sets the scale. */
    public void update(double newScale) {
        if (!enabled) return;
        checkInitialized("update");
        scale = (float) newScale;
        perOptimizer = new IdentityHashMap<>();
    }

    /** {@code scaler.get_scale()}: the current scale, or 1.0 when disabled. */
    public double getScale() { return enabled ? scale : 1.0; }

    /** {@code get_growth_factor()}. */
    public double getGrowthFactor() { return growthFactor; }

    /** {@code set_growth_factor(f)}. */
    public void setGrowthFactor(double f) { growthFactor = f; }

    /** {@code get_backoff_factor()}. */
    public double getBackoffFactor() { return backoffFactor; }

    /** {@code set_backoff_factor(f)}. */
    public void setBackoffFactor(double f) { backoffFactor = f; }

    /** {@code get_growth_interval()}. */
    public int getGrowthInterval() { return growthInterval; }

    /** {@code set_growth_interval(n)}. */
    public void setGrowthInterval(int n) { growthInterval = n; }

    /** {@code is_enabled()}. */
    public boolean isEnabled() { return enabled; }

    /**
     * {@code state_dict()}: scale, growth_factor, backoff_factor, growth_interval and _growth_tracker, as PyTorch
     * names them (empty when disabled).
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!enabled) return m;
        m.put("scale", (double) scale);
        m.put("growth_factor", growthFactor);
        m.put("backoff_factor", backoffFactor);
        m.put("growth_interval", (long) growthInterval);
        m.put("_growth_tracker", (long) growthTracker);
        return m;
    }

    /** {@code load_state_dict(state)} from {@link #stateDict()} (or a PyTorch scaler's, read from a checkpoint). */
    public void loadStateDict(Map<String, ?> state) {
        if (!enabled) return;
        if (state.isEmpty()) {
            throw new IllegalStateException("The source state dict is empty, possibly because it was saved from a disabled instance of "
                    + "GradScaler.");
        }
        scale = ((Number) state.get("scale")).floatValue();
        growthFactor = ((Number) state.get("growth_factor")).doubleValue();
        backoffFactor = ((Number) state.get("backoff_factor")).doubleValue();
        growthInterval = ((Number) state.get("growth_interval")).intValue();
        growthTracker = ((Number) state.get("_growth_tracker")).intValue();
    }
}
