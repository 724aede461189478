package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.ops.Fused;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.RMSprop}: divides the gradient by a running root mean square
 * ({@code square_avg = alpha * square_avg + (1 - alpha) * g^2}), optionally centred and with momentum, as PyTorch
 * computes it. State: {@code step}, {@code square_avg}, {@code momentum_buffer} (momentum > 0), {@code grad_avg}
 * (centered).
 */
public class RMSprop extends Optimizer {
    /** RMSprop's keyword arguments. */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, alpha, eps, weightDecay, momentum, centered, maximize); }

        /** Sets {@code alpha}. */
        public Options alpha(double v) { return new Options(lr, v, eps, weightDecay, momentum, centered, maximize); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(lr, alpha, v, weightDecay, momentum, centered, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, alpha, eps, v, momentum, centered, maximize); }

        /** Sets {@code momentum}. */
        public Options momentum(double v) { return new Options(lr, alpha, eps, weightDecay, v, centered, maximize); }

        /** Sets {@code centered}. */
        public Options centered(boolean v) { return new Options(lr, alpha, eps, weightDecay, momentum, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, v); }

        Map<String, Object> toMap() {
            check(lr >= 0, "learning rate", lr);
            check(eps >= 0, "epsilon value", eps);
            check(momentum >= 0, "momentum value", momentum);
            check(weightDecay >= 0, "weight_decay value", weightDecay);
            check(alpha >= 0, "alpha value", alpha);
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("momentum", momentum);
            m.put("alpha", alpha);
            m.put("eps", eps);
            m.put("centered", centered);
            m.put("weight_decay", weightDecay);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's RMSprop defaults: lr=1e-2, alpha=0.99, eps=1e-8. */
    public static Options options() { return options(1e-2); }

    /** RMSprop's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0.99, 1e-8, 0, 0, false, false); }

    /** {@code RMSprop(params, **options)}: one parameter group. */
    public RMSprop(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code RMSprop(param_groups, **options)}: the options are the defaults of the groups' unset hyperparameters. */
    public RMSprop(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.lr(), alpha = group.getDouble("alpha"), eps = group.getDouble("eps");
                double wd = group.getDouble("weight_decay"), momentum = group.getDouble("momentum");
                boolean centered = group.getBoolean("centered"), maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.zeros());
                        st.put("square_avg", Torch.zerosLike(p));
                        if (momentum > 0) st.put("momentum_buffer", Torch.zerosLike(p));
                        if (centered) st.put("grad_avg", Torch.zerosLike(p));
                    }
                    ((Tensor) st.get("step")).add_(1.0);
                    if (useFusedKernels && Fused.rmspropStep(p, p.grad(), (Tensor) st.get("square_avg"),
                            centered ? (Tensor) st.get("grad_avg") : null,
                            momentum > 0 ? (Tensor) st.get("momentum_buffer") : null, lr, alpha, eps, wd, momentum, maximize)) {
                        continue;
                    }
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) g = g.add(p, wd);
                    Tensor squareAvg = (Tensor) st.get("square_avg");
                    squareAvg.mul_(alpha).add_(g.mul(1 - alpha).mul(g));
                    Tensor avg;
                    if (centered) {
                        Tensor gradAvg = (Tensor) st.get("grad_avg");
                        Adam.lerp_(gradAvg, g, 1 - alpha);
                        avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt_();
                    } else {
                        avg = squareAvg.sqrt();
                    }
                    avg = avg.add_(eps);
                    if (momentum > 0) {
                        Tensor buf = (Tensor) st.get("momentum_buffer");
                        buf.mul_(momentum).add_(g.div(avg));
                        p.add_(buf, -lr);
                    } else {
                        p.add_(g.mul(-lr).div(avg));
                    }
                }
            }
        }
    }
}
