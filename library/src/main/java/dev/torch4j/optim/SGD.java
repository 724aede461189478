package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.ops.Fused;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.SGD}: stochastic gradient descent with optional momentum (dampening, Nesterov), weight decay
 * and maximisation, as PyTorch computes it:
 * <pre>
 * g = grad (+ weight_decay * p);  buf = g (first step) or momentum * buf + (1 - dampening) * g
 * g = nesterov ? g + momentum * buf : buf;  p -= lr * g
 * </pre>
 * <pre>{@code
 * var opt = new SGD(net.parameters(), SGD.options(0.1).momentum(0.9));
 * }</pre>
 */
public class SGD extends Optimizer {
    /** SGD's keyword arguments. */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, momentum, dampening, weightDecay, nesterov, maximize); }

        /** Sets {@code momentum}. */
        public Options momentum(double v) { return new Options(lr, v, dampening, weightDecay, nesterov, maximize); }

        /** Sets {@code dampening}. */
        public Options dampening(double v) { return new Options(lr, momentum, v, weightDecay, nesterov, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, momentum, dampening, v, nesterov, maximize); }

        /** Sets {@code nesterov}. */
        public Options nesterov(boolean v) { return new Options(lr, momentum, dampening, weightDecay, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, momentum, dampening, weightDecay, nesterov, v); }

        Map<String, Object> toMap() {
            check(lr >= 0, "learning rate", lr);
            check(momentum >= 0, "momentum value", momentum);
            check(weightDecay >= 0, "weight_decay value", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("momentum", momentum);
            m.put("dampening", dampening);
            m.put("weight_decay", weightDecay);
            m.put("nesterov", nesterov);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** {@code SGD(params, lr=lr)} with PyTorch's other defaults (no momentum, no weight decay). */
    public static Options options(double lr) { return new Options(lr, 0, 0, 0, false, false); }

    /** {@code SGD(params, **options)}: one parameter group. */
    public SGD(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code SGD(param_groups, **options)}: the options are the defaults of the groups' unset hyperparameters. */
    public SGD(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.lr(), momentum = group.getDouble("momentum"), dampening = group.getDouble("dampening");
                double wd = group.getDouble("weight_decay");
                boolean nesterov = group.getBoolean("nesterov"), maximize = group.getBoolean("maximize");
                List<Tensor> params = withGrad(group);
                if (params.size() > 1 && fusedMany(params, lr, momentum, dampening, wd, nesterov, maximize)) continue;
                for (Tensor p : params) {
                    if (fusedStep(p, lr, momentum, dampening, wd, nesterov, maximize)) continue;
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) g = g.add(p, wd);
                    if (momentum != 0) {
                        Map<String, Object> st = state(p);
                        Tensor buf = (Tensor) st.get("momentum_buffer");
                        if (buf == null) {
                            buf = g.clone();
                            st.put("momentum_buffer", buf);
                        } else {
                            buf.mul_(momentum).add_(g, 1 - dampening);
                        }
                        g = nesterov ? g.add(buf, momentum) : buf;
                    }
                    p.add_(g, -lr);
                }
            }
        }
    }

    /**
     * The update above for every parameter of the group in one pass (a backend's multi-tensor kernel, as PyTorch's
     * foreach SGD), momentum buffers created where they start; false, with nothing changed, when the backend or
     * the tensors' layouts have no such form.
     */
    private boolean fusedMany(List<Tensor> params, double lr, double momentum, double dampening, double wd,
                              boolean nesterov, boolean maximize) {
        // the CPU steps each parameter with its own one-pass kernel: there is no launch to save
        if (params.get(0).device().isCpu()) return false;
        int n = params.size();
        Tensor[] ps = params.toArray(new Tensor[0]), gs = new Tensor[n], bufs = momentum == 0 ? null : new Tensor[n];
        boolean[] first = momentum == 0 ? null : new boolean[n];
        for (int i = 0; i < n; i++) {
            gs[i] = ps[i].grad();
            if (bufs == null) continue;
            bufs[i] = (Tensor) state(ps[i]).get("momentum_buffer");
            if (bufs[i] == null) {
                bufs[i] = Fused.emptyLike(ps[i]);
                first[i] = true;
            }
        }
        if (!Fused.sgdStepMany(ps, gs, bufs, first, lr, momentum, dampening, wd, nesterov, maximize)) return false;
        for (int i = 0; i < n; i++) if (first != null && first[i]) state(ps[i]).put("momentum_buffer", bufs[i]);
        return true;
    }

    /**
     * The update above as one pass over the parameter (a fused kernel of its backend), with the momentum buffer
     * created on the first step; false when the backend or the tensors' layout has no fused form.
     */
    private boolean fusedStep(Tensor p, double lr, double momentum, double dampening, double wd, boolean nesterov,
                              boolean maximize) {
        Tensor grad = p.grad();
        if (momentum == 0) return Fused.sgdStep(p, grad, null, false, lr, 0, dampening, wd, nesterov, maximize);
        Map<String, Object> st = state(p);
        Tensor buf = (Tensor) st.get("momentum_buffer");
        if (buf != null) return Fused.sgdStep(p, grad, buf, false, lr, momentum, dampening, wd, nesterov, maximize);
        Tensor fresh = Fused.emptyLike(p);
        if (!Fused.sgdStep(p, grad, fresh, true, lr, momentum, dampening, wd, nesterov, maximize)) return false;
        st.put("momentum_buffer", fresh);
        return true;
    }
}
