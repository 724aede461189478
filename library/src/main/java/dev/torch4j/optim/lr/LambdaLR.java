package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/** {@code LambdaLR(optimizer, lr_lambda)}: each group's lr is its initial lr times {@code lr_lambda(epoch)}. */
public class LambdaLR extends LRScheduler {
    private final IntToDoubleFunction[] lambdas;

    /** {@code LambdaLR(optimizer, lr_lambda)}: one function for every group. */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, java.util.Collections.nCopies(optimizer.paramGroups().size(), lrLambda));
    }

    /** {@code LambdaLR(optimizer, [lr_lambda, ...])}: one function per parameter group. */
    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
        super(optimizer, -1);
        this.lambdas = perGroup(optimizer, lrLambdas);
        initialStep();
    }

    /** Adds {@code "lr_lambdas"}: None for each plain function, the state of each {@link StatefulLambda}. */
    @Override
    protected void stateFields(StateFields f) {
        super.stateFields(f);
        lambdaField(f, lambdas);
    }

    @Override
    protected double[] computeLr() {
        double[] r = new double[baseLrs.length];
        for (int i = 0; i < r.length; i++) r[i] = baseLrs[i] * lambdas[i].applyAsDouble(lastEpoch);
        return r;
    }
}
