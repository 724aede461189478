package dev.torch4j.optim.swa;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Module;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.swa_utils}'s functions: the averaging rules for {@link AveragedModel} (SWA's equal-weight mean
 * and the exponential moving average, per tensor or per list) and {@code update_bn}.
 */
public final class SwaUtils {
    private SwaUtils() {}

    /**
     * {@code get_ema_multi_avg_fn(decay)}: {@code ema = lerp(ema, current, 1 - decay)} on floating tensors,
     * {@code ema * decay + current * (1 - decay)} on the others.
     */
    public static AveragedModel.MultiAvgFn getEmaMultiAvgFn(double decay) {
        return (ema, current, n) -> {
            try (var g = Torch.noGrad()) {
                for (int i = 0; i < ema.size(); i++) {
                    Tensor e = ema.get(i), c = current.get(i);
                    e.copy_(e.isFloatingPoint() ? e.lerp(c, 1 - decay) : e.mul(decay).add(c.mul(1 - decay)));
                }
            }
        };
    }

    /**
     * {@code get_swa_multi_avg_fn()}: the running mean, {@code lerp(avg, current, 1 / (n + 1))} on floating
     * tensors (the weight is the float32 value PyTorch's {@code 1 / (n + 1)} gives for the int64 count).
     */
    public static AveragedModel.MultiAvgFn getSwaMultiAvgFn() {
        return (avg, current, n) -> {
            long count = n.itemLong();
            double w = (float) (1.0 / (count + 1));
            try (var g = Torch.noGrad()) {
                for (int i = 0; i < avg.size(); i++) {
                    Tensor a = avg.get(i), c = current.get(i);
                    a.copy_(a.isFloatingPoint() ? a.lerp(c, w) : a.add(c.sub(a).div(n.add(1L).to(a.device()))));
                }
            }
        };
    }

    /** {@code get_ema_avg_fn(decay)}: {@code decay * ema + (1 - decay) * current}. */
    public static AveragedModel.AvgFn getEmaAvgFn(double decay) { return (ema, current, n) -> ema.mul(decay).add(current.mul(1 - decay)); }

    /** {@code get_swa_avg_fn()}: {@code avg + (current - avg) / (n + 1)}. */
    public static AveragedModel.AvgFn getSwaAvgFn() { return (avg, current, n) -> avg.add(current.sub(avg).div(n.add(1L))); }

    /** {@code update_bn(loader, model)}. */
    public static void updateBn(Iterable<?> loader, Module model) { updateBn(loader, model, null); }

    /**
     * {@code update_bn(loader, model, device)}: recomputes the batch-norm running statistics of {@code model} with one
     * pass over {@code loader} as a cumulative average (momentum None), in training mode; each item is an input tensor,
     * or a list/array whose first element is. The momenta and the training flag are restored afterwards.
     */
    public static void updateBn(Iterable<?> loader, Module model, Device device) {
        Map<BatchNorm1d, Double> momenta = new IdentityHashMap<>();
        for (Module m : model.modules()) {
            if (m instanceof BatchNorm1d bn) {
                bn.resetRunningStats();
                momenta.put(bn, bn.momentum);
            }
        }
        if (momenta.isEmpty()) return;
        boolean wasTraining = model.isTraining();
        model.train();
        for (BatchNorm1d bn : momenta.keySet()) bn.momentum = null;
        try {
            for (Object item : loader) {
                Tensor input = first(item);
                if (device != null) input = input.to(device);
                model.call(input);
            }
        } finally {
            for (var e : momenta.entrySet()) e.getKey().momentum = e.getValue();
            model.train(wasTraining);
        }
    }

    private static Tensor first(Object item) {
        if (item instanceof Tensor t) return t;
        if (item instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Tensor t) return t;
        if (item instanceof Tensor[] a && a.length > 0) return a[0];
        if (item instanceof dev.torch4j.data.Example ex) return ex.get(0);
        throw new IllegalArgumentException("update_bn: each item of the loader must be a tensor or a list/array whose first element is one, got "
                + (item == null ? "null" : item.getClass().getName()));
    }
}
