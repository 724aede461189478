package dev.torch4j.examples;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.optim.Adam;

import java.util.Map;
import java.util.TreeMap;

import static dev.torch4j.Torch.*;

/**
 * The dynamic graph: a model whose {@code forward} is ordinary Java control flow that depends on the data, so each
 * call records a different graph and backward follows whichever path ran (the point of PyTorch's
 * "Control Flow + Weight Sharing" example). Here the network refines its hidden state with one shared layer,
 * repeating it more often for inputs far from zero: the loop count is computed from the batch itself.
 * Run with {@code ./t4j run DynamicGraph}.
 */
public final class DynamicGraph {
    private DynamicGraph() {}

    /** y ~ sin(x): an input layer, one hidden layer applied a data-dependent number of times, an output layer. */
    public static final class DynamicNet extends Module {
        final Linear in = new Linear(1, 32), hidden = new Linear(32, 32), out = new Linear(32, 1);

        /** How often the shared layer runs for this batch: 1 + round(mean |x|), at most 4. */
        public static int depth(Tensor x) {
            return (int) Math.min(4, 1 + Math.round(x.abs().mean().item()));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = in.forward(x).tanh();
            for (int i = 0, n = depth(x); i < n; i++) h = h.add(hidden.forward(h).tanh()); // the same weights each time
            return out.forward(h);
        }
    }

    /** Trains on batches from ranges of varying width and returns the final mean squared error on [-pi, pi]. */
    public static double run(int steps) {
        manualSeed(0);
        DynamicNet net = new DynamicNet();
        var opt = new Adam(net.parameters(), Adam.options(0.01));
        Map<Integer, Integer> depths = new TreeMap<>();
        for (int step = 1; step <= steps; step++) {
            double width = Math.PI * (0.25 + 0.75 * (step % 4) / 3.0); // narrow and wide batches alternate
            Tensor x = rand(64, 1).mul(2 * width).sub(width);
            Tensor y = x.sin();
            depths.merge(DynamicNet.depth(x), 1, Integer::sum);
            opt.zeroGrad();
            Tensor loss = Functional.mseLoss(net.call(x), y);
            loss.backward();
            opt.step();
            if (step % 125 == 0) { // 125 = 1 mod 4: successive reports show each batch width
                System.out.printf("step %4d  loss %.5f  (batch with |x| <= %.2f: hidden layer applied %d times)%n",
                        step, loss.item(), width, DynamicNet.depth(x));
            }
        }
        System.out.println("batches by depth of the graph: " + depths);
        Tensor xs = linspace(-Math.PI, Math.PI, 200).unsqueeze(1);
        double mse;
        try (var g = noGrad()) {
            mse = Functional.mseLoss(net.call(xs), xs.sin()).item();
        }
        System.out.printf("mean squared error of the fit on [-pi, pi]: %.5f%n", mse);
        return mse;
    }

    public static void main(String[] args) { run(1000); }
}
