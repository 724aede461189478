package dev.torch4j.benchmarks;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.data.DataLoader;
import dev.torch4j.data.Example;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.CrossEntropyLoss;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.optim.SGD;
import dev.torch4j.vision.datasets.CIFAR10;
import dev.torch4j.vision.transforms.Compose;
import dev.torch4j.vision.transforms.Transforms;

import java.nio.file.Path;

import static dev.torch4j.nn.Functional.relu;

/**
 * The 60 Minute Blitz's CIFAR-10 training loop as the tutorial writes it (CIFAR10 with ToTensor and Normalize, a
 * DataLoader of 4 shuffled images, its small CNN, cross entropy, SGD with momentum), timed over a number of steps
 * including the data loading; benchmarks/python/blitz_cifar.py is the same in PyTorch. Each round builds a new net
 * and loader; every round's time is printed ({@code RESULT blitz_cifar_<steps> torch4j <seconds> round=<r>}), so
 * the first rounds show the JIT warming up.
 *
 * <p>{@code BlitzCifar <data-root> <threads> <steps> <rounds> [workers]}
 */
public final class BlitzCifar {
    private BlitzCifar() {}

    static final class Net extends Module {
        final Conv2d conv1 = new Conv2d(3, 6, 5);
        final MaxPool2d pool = new MaxPool2d(2, 2);
        final Conv2d conv2 = new Conv2d(6, 16, 5);
        final Linear fc1 = new Linear(16 * 5 * 5, 120), fc2 = new Linear(120, 84), fc3 = new Linear(84, 10);

        @Override
        public Tensor forward(Tensor x) {
            x = pool.call(relu(conv1.call(x)));
            x = pool.call(relu(conv2.call(x)));
            x = x.flatten(1);
            return fc3.call(relu(fc2.call(relu(fc1.call(x)))));
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Torch.setNumThreads(Integer.parseInt(args[1]));
        int steps = Integer.parseInt(args[2]), rounds = Integer.parseInt(args[3]);
        int workers = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Torch.manualSeed(0);
        var transform = new Compose(Transforms.toTensor(),
                Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}));
        var trainset = new CIFAR10(root, true, transform);
        for (int r = 0; r < rounds; r++) {
            var loader = new DataLoader<>(trainset, DataLoader.options(4).shuffle(true).numWorkers(workers));
            Net net = new Net();
            var criterion = new CrossEntropyLoss();
            var optimizer = new SGD(net.parameters(), SGD.options(0.001).momentum(0.9));
            long t0 = System.nanoTime();
            int n = 0;
            for (Example data : loader) {
                optimizer.zeroGrad();
                Tensor loss = criterion.call(net.call(data.input()), data.target());
                loss.backward();
                optimizer.step();
                if (++n == steps) break;
            }
            System.out.printf("RESULT blitz_cifar_%d torch4j %.4f round=%d threads=%s workers=%d%n", steps,
                    (System.nanoTime() - t0) / 1e9, r, args[1], workers);
        }
    }
}
