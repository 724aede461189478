package dev.torch4j.optim.swa;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code torch.optim.swa_utils.AveragedModel}: a copy of a model whose parameters are a running average of the
 * model's, for stochastic weight averaging (the default, an equal-weight mean) or an exponential moving average
 * ({@code multiAvgFn(SwaUtils.getEmaMultiAvgFn(0.999))}). Call {@link #updateParameters} after optimizer steps;
 * use the averaged model like the original ({@link #forward} delegates to the copy).
 * <pre>{@code
 * var swa = new AveragedModel<>(model);                      // AveragedModel(model): a deep copy
 * var ema = new AveragedModel<>(model, AveragedModel.options().multiAvgFn(SwaUtils.getEmaMultiAvgFn(0.999)));
 * for (...) { opt.step(); ema.updateParameters(model); }
 * SwaUtils.updateBn(loader, swa.module);                      // recompute batch-norm statistics for the averaged weights
 * }</pre>
 * <p>The averaged model is the model's {@link Module#deepCopy()}, as PyTorch's {@code deepcopy}; the constructors
 * taking a factory build it fresh instead and load the model's state dict (parameters and buffers). State-dict keys are PyTorch's: {@code module.*} and {@code n_averaged}. The averages follow PyTorch 2.x
 * (foreach lerp with weight {@code 1 / (n + 1)} for SWA, {@code 1 - decay} for EMA).
 */
public class AveragedModel<M extends Module> extends Module {
    /** The averaged copy ({@code swa_model.module}). */
    public final M module;
    private final Options options;

    /** Averages one parameter: {@code avg_fn(averaged, current, num_averaged)} returns the new average. */
    @FunctionalInterface
    public interface AvgFn {
        Tensor apply(Tensor averaged, Tensor current, Tensor numAveraged);
    }

    /** Averages parameters in place, a list at a time: {@code multi_avg_fn(averaged_list, current_list, num_averaged)}. */
    @FunctionalInterface
    public interface MultiAvgFn {
        void apply(List<Tensor> averaged, List<Tensor> current, Tensor numAveraged);
    }

    /** {@code AveragedModel}'s keyword arguments. */
    public record Options(AvgFn avgFn, MultiAvgFn multiAvgFn, boolean useBuffers) {
        /** {@code avg_fn}. */
        public Options avgFn(AvgFn f) { return new Options(f, multiAvgFn, useBuffers); }

        /** {@code multi_avg_fn}. */
        public Options multiAvgFn(MultiAvgFn f) { return new Options(avgFn, f, useBuffers); }

        /** {@code use_buffers}: average the buffers too (else they are copied from the model at each update). */
        public Options useBuffers(boolean v) { return new Options(avgFn, multiAvgFn, v); }
    }

    /** Defaults: equal-weight SWA averaging, buffers copied. */
    public static Options options() { return new Options(null, null, false); }

    /** {@code AveragedModel(model)}: a deep copy of the model. */
    public AveragedModel(M model) { this(model, options()); }

    /** {@code AveragedModel(model, avg_fn=..., multi_avg_fn=..., use_buffers=...)} over a deep copy of the model. */
    public AveragedModel(M model, Options options) {
        this.module = model.deepCopy();
        this.options = options;
        registerBuffer("n_averaged", Torch.zeros(Torch.shape(), Torch.dtype(DType.INT64)));
    }

    /** {@code AveragedModel(model)}, the copy made by {@code fresh} and loaded with the model's state. */
    public AveragedModel(M model, Supplier<? extends M> fresh) { this(model, fresh, options()); }

    /** {@code AveragedModel(model, avg_fn=..., multi_avg_fn=..., use_buffers=...)}. */
    public AveragedModel(M model, Supplier<? extends M> fresh, Options options) {
        M copy = fresh.get();
        if (copy == model) throw new IllegalArgumentException("AveragedModel: the factory must build a new model, not return the one given");
        Tensor probe = model.parameters().isEmpty() ? null : model.parameters().get(0);
        if (probe != null) copy.to(probe.device());
        copy.loadStateDict(model.stateDict());
        copy.train(model.isTraining());
        this.module = copy;
        this.options = options;
        registerBuffer("n_averaged", Torch.zeros(Torch.shape(), Torch.dtype(DType.INT64)));
    }

    /** The number of models averaged so far. */
    public long nAveraged() { return buffer("n_averaged").itemLong(); }

    @Override
    public Tensor forward(Tensor input) { return module.call(input); }

    @Override
    public Tensor forward(Tensor... inputs) { return module.call(inputs); }

    /** {@code update_parameters(model)}: folds the model's current parameters (and buffers, with useBuffers) into the average. */
    public void updateParameters(Module model) {
        List<Tensor> mine = new ArrayList<>(module.parameters()), theirs = new ArrayList<>(model.parameters());
        if (options.useBuffers()) {
            mine.addAll(module.buffers());
            theirs.addAll(model.buffers());
        }
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("AveragedModel.update_parameters: the model has " + theirs.size()
                    + " parameters (and buffers), the averaged copy " + mine.size());
        }
        long n = nAveraged();
        try (var g = Torch.noGrad()) {
            List<Tensor> avg = new ArrayList<>(), cur = new ArrayList<>();
            for (int i = 0; i < mine.size(); i++) {
                Tensor a = mine.get(i).detach(), c = theirs.get(i).detach().to(a.device());
                if (n == 0) a.copy_(c);
                avg.add(a);
                cur.add(c);
            }
            if (n > 0) {
                Tensor count = buffer("n_averaged");
                if (options.multiAvgFn() != null) options.multiAvgFn().apply(avg, cur, count);
                else if (options.avgFn() != null) {
                    for (int i = 0; i < avg.size(); i++) avg.get(i).copy_(options.avgFn().apply(avg.get(i), cur.get(i), count.to(avg.get(i).device())));
                } else SwaUtils.getSwaMultiAvgFn().apply(avg, cur, count);
            }
            if (!options.useBuffers()) {
                // without averaging them, the buffers follow the model (PyTorch keeps them in sync the same way)
                List<Tensor> bm = module.buffers(), bs = model.buffers();
                for (int i = 0; i < Math.min(bm.size(), bs.size()); i++) bm.get(i).copy_(bs.get(i).detach().to(bm.get(i).device()));
            }
            buffer("n_averaged").add_(1L);
        }
    }
}
