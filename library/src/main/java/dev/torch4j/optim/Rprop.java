package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Rprop}: resilient backpropagation. Each element keeps its own step size, multiplied by
 * {@code etaplus} while the gradient keeps its sign and by {@code etaminus} when it flips (then that element does
 * not move this step and its gradient counts as zero), clamped to {@code step_sizes}; the parameter moves by the step
 * size against the gradient's sign. State per parameter: {@code step}, {@code prev}, {@code step_size}.
 */
public class Rprop extends Optimizer {
    /** Rprop's keyword arguments. */
    public record Options(double lr, double etaminus, double etaplus, double stepSizeMin, double stepSizeMax, boolean maximize) {
        /** Sets {@code lr} (the initial step size). */
        public Options lr(double v) { return new Options(v, etaminus, etaplus, stepSizeMin, stepSizeMax, maximize); }

        /** Sets {@code etas=(etaminus, etaplus)}. */
        public Options etas(double minus, double plus) { return new Options(lr, minus, plus, stepSizeMin, stepSizeMax, maximize); }

        /** Sets {@code step_sizes=(min, max)}. */
        public Options stepSizes(double min, double max) { return new Options(lr, etaminus, etaplus, min, max, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, etaminus, etaplus, stepSizeMin, stepSizeMax, v); }

        Map<String, Object> toMap() {
            check(lr >= 0, "learning rate", lr);
            if (!(0 < etaminus && etaminus < 1 && 1 < etaplus)) {
                throw new IllegalArgumentException("Invalid eta values: " + dev.torch4j.nn.Py.repr(etaminus) + ", "
                        + dev.torch4j.nn.Py.repr(etaplus));
            }
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("etas", List.of(etaminus, etaplus));
            m.put("step_sizes", List.of(stepSizeMin, stepSizeMax));
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's Rprop defaults: lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50). */
    public static Options options() { return options(1e-2); }

    /** Rprop's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0.5, 1.2, 1e-6, 50, false); }

    /** {@code Rprop(params, **options)}: one parameter group. */
    public Rprop(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code Rprop(param_groups, **options)}. */
    public Rprop(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    private static double pair(ParamGroup g, String key, int i) { return ((Number) ((List<?>) g.get(key)).get(i)).doubleValue(); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double etaminus = pair(group, "etas", 0), etaplus = pair(group, "etas", 1);
                double min = pair(group, "step_sizes", 0), max = pair(group, "step_sizes", 1);
                boolean maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.zeros());
                        st.put("prev", Torch.zerosLike(p));
                        st.put("step_size", Torch.zerosLike(p).fill_(group.lr()));
                    }
                    Tensor prev = (Tensor) st.get("prev"), stepSize = (Tensor) st.get("step_size");
                    ((Tensor) st.get("step")).add_(1.0);
                    Tensor g = maximize ? p.grad().neg() : p.grad().clone();
                    Tensor sign = g.mul(prev).sign();
                    // the sign of grad * prev picks the factor: + etaplus, - etaminus, 0 -> 1
                    Tensor factor = Torch.fullLike(g, etaplus).where(sign.gt(0.0), Torch.fullLike(g, etaminus).where(sign.lt(0.0), 1.0));
                    stepSize.mul_(factor).clamp_(min, max);
                    g.maskedFill_(sign.lt(0.0), 0.0);
                    p.sub_(g.sign().mul(stepSize));
                    prev.copy_(g);
                }
            }
        }
    }
}
