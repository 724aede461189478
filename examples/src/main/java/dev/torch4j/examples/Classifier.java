package dev.torch4j.examples;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.data.DataLoader;
import dev.torch4j.data.Dataset;
import dev.torch4j.data.Example;
import dev.torch4j.data.Subset;
import dev.torch4j.data.TensorDataset;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.optim.SGD;
import dev.torch4j.tensorboard.SummaryWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;

/**
 * The seed's closing example, end to end: does a 2-D point belong to the yellow or the purple cluster? Two
 * Gaussian blobs are drawn reproducibly, split 80/20 into train and test sets, a {@link Module} subclass with two
 * hidden layers is trained with SGD and momentum, and the test accuracy is printed. Two PNGs are written: the
 * points with the learned decision boundary, and the loss curve; the epoch losses and accuracies also go to
 * TensorBoard logs ({@code tensorboard --logdir <output-dir>/runs}).
 *
 * <p>The same program in PyTorch:
 * <pre>
 * class Net(nn.Module):
 *     def __init__(self):
 *         super().__init__()
 *         self.fc1, self.fc2, self.out = nn.Linear(2, 16), nn.Linear(16, 16), nn.Linear(16, 2)
 *     def forward(self, x):
 *         return self.out(F.relu(self.fc2(F.relu(self.fc1(x)))))
 * train, test = random_split(TensorDataset(x, y), [0.8, 0.2])
 * opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
 * for xb, yb in DataLoader(train, batch_size=64, shuffle=True): ...
 * </pre>
 * Run alone with {@code ./t4j run Classifier [output-dir]}.
 */
public final class Classifier {
    private Classifier() {}

    /** Two hidden layers of 16 ReLU units; two logits out (purple, yellow). */
    public static final class Net extends Module {
        final Linear fc1 = new Linear(2, 16), fc2 = new Linear(16, 16), out = new Linear(16, 2);

        @Override
        public Tensor forward(Tensor x) { return out.forward(fc2.forward(fc1.forward(x).relu()).relu()); }
    }

    /** What a run produced. */
    public record Result(Net net, double testAccuracy, List<Double> stepLosses, List<Double> epochLosses, Path boundaryPng, Path lossPng) {}

    /** Centres of the two clusters: purple (label 0) and yellow (label 1). */
    static final double[][] CENTRES = {{-1.75, -1.25}, {1.75, 1.25}};

    /** {@code n} points per cluster, N(centre, 1) each, drawn from the default generator; labels are int64. */
    public static TensorDataset blobs(long n) {
        List<Tensor> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int c = 0; c < CENTRES.length; c++) {
            xs.add(randn(n, 2).add(tensor(new float[] {(float) CENTRES[c][0], (float) CENTRES[c][1]})));
            ys.add(full(new long[] {n}, (long) c));
        }
        return new TensorDataset(cat(xs), cat(ys));
    }

    /** The fraction of {@code data}'s points the network labels correctly. */
    public static double accuracy(Module net, Dataset<Example> data, Device device) {
        long correct = 0, total = 0;
        net.eval();
        try (var g = noGrad()) {
            for (Example b : new DataLoader<>(data, DataLoader.options(256))) {
                Tensor pred = net.call(b.input().to(device)).argmax(1);
                correct += pred.eq(b.target().to(device)).sum().itemLong();
                total += b.target().size(0);
            }
        }
        net.train();
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Generates the data, trains for {@code epochs}, evaluates, and writes the PNGs into {@code outDir}. */
    public static Result run(Path outDir, Device device, int epochs) {
        manualSeed(0);
        TensorDataset all = blobs(500);
        List<Subset<Example>> split = Dataset.randomSplit(all, 0.8, 0.2);
        Subset<Example> train = split.get(0), test = split.get(1);
        System.out.printf("data: %d points in two clusters; %d for training, %d for testing%n", all.size(), train.size(), test.size());

        Net net = new Net().to(device);
        System.out.println(net);
        var opt = new SGD(net.parameters(), SGD.options(0.1).momentum(0.9));
        var loader = new DataLoader<>(train, DataLoader.options(64).shuffle(true));

        List<Double> stepLosses = new ArrayList<>(), epochLosses = new ArrayList<>();
        Path runs = outDir.resolve("runs").resolve("classifier"); // tensorboard --logdir <outDir>/runs
        try (var tb = new SummaryWriter(runs.toString())) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                double sum = 0;
                int batches = 0;
                for (Example batch : loader) {
                    opt.zeroGrad();
                    Tensor loss = Functional.crossEntropy(net.call(batch.input().to(device)), batch.target().to(device));
                    loss.backward();
                    opt.step();
                    stepLosses.add(loss.item());
                    sum += loss.item();
                    batches++;
                }
                epochLosses.add(sum / batches);
                double acc = accuracy(net, train, device);
                System.out.printf("epoch %2d/%d %s loss %.4f  train accuracy %5.1f%%%n", epoch, epochs, bar(epoch, epochs, 20),
                        sum / batches, 100 * acc);
                tb.addScalar("Loss/train", sum / batches, epoch);
                tb.addScalar("Accuracy/train", acc, epoch);
            }
            tb.addHistogram("fc1.weight", net.fc1.weight, epochs);
        }
        double testAcc = accuracy(net, test, device);
        System.out.printf("test accuracy: %.1f%% (%d points)%n", 100 * testAcc, test.size());

        Path boundary = outDir.resolve("classifier-boundary.png"), lossCurve = outDir.resolve("classifier-loss.png");
        try {
            Plots.decisionBoundary(boundary, net, all, test, device,
                    String.format("two clusters, learned boundary (test accuracy %.1f%%)", 100 * testAcc));
            Plots.lossCurve(lossCurve, stepLosses, epochLosses, loader.size(), "training loss (cross entropy)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("wrote " + boundary.toAbsolutePath() + "\nwrote " + lossCurve.toAbsolutePath()
                + "\nwrote TensorBoard logs into " + runs.toAbsolutePath());
        return new Result(net, testAcc, stepLosses, epochLosses, boundary, lossCurve);
    }

    /** A text progress bar: {@code [#######.............]}. */
    static String bar(int done, int total, int width) {
        int filled = (int) Math.round((double) done / total * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** Where the examples write their pictures: {@code target/examples} under the repository when run by t4j. */
    static Path outputDir(String[] args) {
        if (args.length > 0) return Path.of(args[0]);
        String root = System.getenv("T4J_ROOT");
        return (root != null ? Path.of(root) : Path.of("")).resolve("target").resolve("examples");
    }

    public static void main(String[] args) {
        Result r = run(outputDir(args), Device.CPU, 20);
        if (r.testAccuracy() <= 0.95) throw new IllegalStateException("test accuracy " + r.testAccuracy() + " is not above 95%");
    }

    /** The float32 grid of points a picture of {@code width x height} pixels samples (row-major, top row first). */
    static Tensor grid(double x0, double x1, double y0, double y1, int width, int height) {
        Tensor xs = linspace(x0, x1, width), ys = linspace(y1, y0, height);
        Tensor gx = xs.unsqueeze(0).expand(height, width), gy = ys.unsqueeze(1).expand(height, width);
        return stack(new Tensor[] {gx, gy}, 2).reshape(-1, 2).to(DType.FLOAT32);
    }
}
