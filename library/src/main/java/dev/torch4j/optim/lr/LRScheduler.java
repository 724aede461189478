package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.lr_scheduler.LRScheduler}: sets each parameter group's {@code "lr"} once per
 * {@link #step()} (call it after {@code optimizer.step()}, usually once per epoch). Construction records each
 * group's {@code "initial_lr"} and performs the initial step, as PyTorch does; a subclass's constructor calls
 * {@link #initialStep()} last, once its own fields are set.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public abstract class LRScheduler {
    /** The {@code optimizer} argument. */
    protected final Optimizer optimizer;
    /** {@code base_lrs}: each group's {@code initial_lr} (CyclicLR's base_lr). */
    protected double[] baseLrs;
    /** The {@code last_epoch} argument. */
    protected int lastEpoch;
    /** {@code _step_count}: the steps taken, the constructor's initial step included. */
    protected int stepCount;
    private double[] lastLr;

    /** Records each group's {@code initial_lr} (when {@code lastEpoch == -1}) and the base learning rates. */
    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (lastEpoch == -1) {
            for (ParamGroup g : groups) if (g.get("initial_lr") == null) g.set("initial_lr", g.lr());
        } else {
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).get("initial_lr") == null) {
                    throw new IllegalArgumentException("param 'initial_lr' is not specified in param_groups[" + i
                            + "] when resuming an optimizer");
                }
            }
        }
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) baseLrs[i] = groups.get(i).getDouble("initial_lr");
        this.lastEpoch = lastEpoch;
    }

    /** PyTorch's {@code _initial_step}: resets the step count and steps once (to epoch 0). */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /** The learning rate of each group for {@link #lastEpoch} (PyTorch's chainable {@code get_lr()}). */
    protected abstract double[] computeLr();

    /** Advances one epoch and writes the new learning rates into the optimizer. */
    public void step() {
        stepCount++;
        lastEpoch++;
        setLrs(computeLr());
    }

    /**
     * {@code step(epoch)}, PyTorch's deprecated form that {@link SequentialLR} uses at a milestone: jumps to
     * {@code epoch} and sets the learning rates of that epoch from {@link #closedFormLr()}.
     */
    public void step(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        setLrs(closedFormLr());
    }

    /** PyTorch's {@code _get_closed_form_lr} where the scheduler has one (from the base lrs), else {@link #computeLr()}. */
    protected double[] closedFormLr() { return computeLr(); }

    /** Each base lr times {@code factor}. */
    protected double[] baseScaled(double factor) {
        double[] r = baseLrs.clone();
        for (int i = 0; i < r.length; i++) r[i] *= factor;
        return r;
    }

    /** Writes {@code lrs} into the optimizer's groups and remembers them as the last learning rates. */
    protected final void setLrs(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = lrs.clone();
    }

    // ---- state dict

    /**
     * {@code state_dict()}: this scheduler's state under PyTorch 2.x's keys and with its value types (see
     * {@link StateFields}), so that PyTorch can load it after {@code Torch.save}. For most schedulers these are the
     * hyperparameters (as {@code "gamma"}, {@code "step_size"}) followed by {@code "base_lrs"},
     * {@code "last_epoch"}, {@code "_step_count"}, {@code "_is_initial"}, {@code "_get_lr_called_within_step"} and
     * {@code "_last_lr"}. Versions differ: 1.13 to 2.6 also wrote {@code "verbose"} (removed in 2.7), and
     * {@code "_is_initial"} (false between steps) is 2.8's; either PyTorch loads this dict, as its
     * {@code load_state_dict} is {@code __dict__.update}. The optimizer is not part of it: save
     * {@link Optimizer#stateDict()} beside it.
     *
     * <pre>{@code
     * Torch.save(Map.of("scheduler", sched.stateDict(), "optimizer", opt.stateDict()), path);
     * }</pre>
     */
    public Map<String, Object> stateDict() { return stateFields().write(); }

    /**
     * {@code load_state_dict(state_dict)}: PyTorch's {@code __dict__.update(state_dict)}. Every known key replaces
     * the field it names, hyperparameters included (a {@code StepLR(opt, 7)} that loads the state of a
     * {@code StepLR(opt, 3)} steps every 3 epochs); keys this scheduler does not know (1.13's {@code "verbose"},
     * say) are ignored. Numbers may come as any {@link Number} (Torch.load gives Longs and Doubles), lists as any
     * {@link List}. Load the optimizer's state too: the chainable schedulers compute each step from the
     * groups' current {@code lr}.
     *
     * <pre>{@code
     * var ckpt = (Map<String, Object>) Torch.load(path);
     * opt.loadStateDict((Map<String, Object>) ckpt.get("optimizer"));
     * sched.loadStateDict((Map<String, ?>) ckpt.get("scheduler"));
     * }</pre>
     */
    public void loadStateDict(Map<String, ?> stateDict) {
        stateFields().read(stateDict);
        afterLoad();
    }

    private StateFields stateFields() {
        StateFields f = new StateFields();
        stateFields(f);
        return f;
    }

    /**
     * Lists this scheduler's state-dict fields into {@code f}, in PyTorch's {@code __dict__} order: a subclass lists
     * its own hyperparameters, then calls {@code super.stateFields(f)} for the base class's.
     */
    protected void stateFields(StateFields f) {
        f.reals("base_lrs", () -> baseLrs, v -> baseLrs = v)
                .integer("last_epoch", () -> lastEpoch, v -> lastEpoch = v)
                .integer("_step_count", () -> stepCount, v -> stepCount = v)
                .constant("_is_initial", false)
                .constant("_get_lr_called_within_step", false)
                .reals("_last_lr", () -> lastLr, this::restoreLastLr);
    }

    /** Sets {@link #lastLr()} from a state dict. */
    protected final void restoreLastLr(double[] lrs) { lastLr = lrs.clone(); }

    /** Re-derives what depends on loaded fields (PyTorch's post-update hooks, as CyclicLR's {@code _init_scale_fn}). */
    protected void afterLoad() {}

    /**
     * LambdaLR's and MultiplicativeLR's {@code "lr_lambdas"}: one entry per function, None for a plain function,
     * the state of a {@link StatefulLambda}; loading hands each non-None entry to the function at its position.
     */
    static void lambdaField(StateFields f, java.util.function.IntToDoubleFunction[] lambdas) {
        f.field("lr_lambdas", () -> {
            List<Object> out = new java.util.ArrayList<>();
            for (var fn : lambdas) out.add(fn instanceof StatefulLambda s ? s.stateDict() : null);
            return out;
        }, v -> {
            List<?> saved = StateFields.asList("lr_lambdas", v);
            for (int i = 0; i < Math.min(saved.size(), lambdas.length); i++) {
                if (saved.get(i) != null && lambdas[i] instanceof StatefulLambda s) s.loadStateDict(StateFields.asDict("lr_lambdas", saved.get(i)));
            }
        });
    }

    /** SequentialLR's and ChainedScheduler's {@code "_schedulers"}: the children's state dicts, loaded into them in order. */
    static void childrenField(StateFields f, LRScheduler[] children) {
        f.field("_schedulers", () -> {
            List<Object> out = new java.util.ArrayList<>();
            for (LRScheduler s : children) out.add(s.stateDict());
            return out;
        }, v -> {
            List<?> saved = StateFields.asList("_schedulers", v);
            if (saved.size() != children.length) {
                throw new IllegalArgumentException("_schedulers: expected " + children.length + " state dicts, got " + saved.size());
            }
            for (int i = 0; i < children.length; i++) children[i].loadStateDict(StateFields.asDict("_schedulers[" + i + "]", saved.get(i)));
        });
    }

    /** {@code get_last_lr()}: the learning rates set by the last step. */
    public double[] lastLr() { return lastLr.clone(); }

    /** {@code last_epoch}. */
    public int lastEpoch() { return lastEpoch; }

    /** The current {@code lr} of every group. */
    protected double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] r = new double[groups.size()];
        for (int i = 0; i < r.length; i++) r[i] = groups.get(i).lr();
        return r;
    }

    /** One function per parameter group (LambdaLR's and MultiplicativeLR's {@code lr_lambda} list), checked against the groups. */
    static java.util.function.IntToDoubleFunction[] perGroup(Optimizer optimizer, List<java.util.function.IntToDoubleFunction> lambdas) {
        if (lambdas.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("Expected " + optimizer.paramGroups().size() + " lr_lambdas, but got " + lambdas.size());
        }
        return lambdas.toArray(java.util.function.IntToDoubleFunction[]::new);
    }

    /** Each group's current lr times {@code factor}. */
    protected double[] scaled(double factor) {
        double[] r = groupLrs();
        for (int i = 0; i < r.length; i++) r[i] *= factor;
        return r;
    }

    // ---- momentum cycling, shared by OneCycleLR and CyclicLR

    /** PyTorch's check: cycling momentum needs an optimizer with {@code momentum} or Adam's {@code betas}. */
    static void checkCyclableMomentum(Optimizer optimizer) {
        if (!optimizer.defaults().containsKey("momentum") && !optimizer.defaults().containsKey("betas")) {
            throw new IllegalArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
        }
    }

    /** Sets a group's momentum: {@code betas[0]} for the Adam family ({@code use_beta1}), else {@code momentum}. */
    static void setMomentum(ParamGroup g, double momentum, boolean useBeta1) {
        if (useBeta1) {
            List<?> betas = (List<?>) g.get("betas");
            g.set("betas", List.of(momentum, ((Number) betas.get(1)).doubleValue()));
        } else {
            g.set("momentum", momentum);
        }
    }

    /** The constructors' momentum set-up: momentum starts at max_momentum; both bounds stored in the group. */
    static void startMomentum(ParamGroup g, double maxMomentum, double baseMomentum, boolean useBeta1) {
        setMomentum(g, maxMomentum, useBeta1);
        g.set("max_momentum", maxMomentum);
        g.set("base_momentum", baseMomentum);
    }
}
