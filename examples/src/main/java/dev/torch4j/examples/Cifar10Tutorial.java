package dev.torch4j.examples;

import dev.torch4j.Device;
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
import dev.torch4j.vision.Utils;
import dev.torch4j.vision.datasets.CIFAR10;
import dev.torch4j.vision.transforms.Compose;
import dev.torch4j.vision.transforms.Transforms;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static dev.torch4j.nn.Functional.relu;

/**
 * PyTorch's tutorial "Training a Classifier" (the last part of its 60 Minute Blitz) in Java, statement by statement:
 * CIFAR-10 through {@code ToTensor} and {@code Normalize}, a {@code DataLoader} of 4 shuffled images, the tutorial's
 * small CNN, cross entropy and SGD (lr 0.001, momentum 0.9) for 2 epochs, the loss every 2000 mini-batches, the
 * weights saved to {@code cifar_net.pth} (a file {@code torch.load} reads) and loaded back, then the accuracy on the
 * 10,000 test images and per class; on the GPU when one is present (the tutorial's "Training on GPU" section).
 * PyTorch's run of the same code on the same data and seed gives the same losses (BlitzTest checks it on small files).
 *
 * <p>The data is not downloaded: put {@code cifar-10-python.tar.gz} from
 * https://www.cs.toronto.edu/~kriz/cifar.html (or the folder {@code cifar-10-batches-py} torchvision extracted) in
 * the data folder. Run with {@code ./torch4j run Cifar10Tutorial [data-dir] [epochs]} (defaults: {@code data}, 2);
 * the weights go to {@code target/examples/cifar_net.pth}, the first batch's images to {@code cifar10-batch.png}. The tutorial reaches about 55% after its 2 epochs.
 */
public final class Cifar10Tutorial {
    private Cifar10Tutorial() {}

    /** The tutorial's class names, in label order. */
    public static final List<String> CLASSES = List.of("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** The tutorial's network: conv(3->6, 5) relu pool, conv(6->16, 5) relu pool, 400->120->84->10. */
    public static final class Net extends Module {
        final Conv2d conv1 = new Conv2d(3, 6, 5);
        final MaxPool2d pool = new MaxPool2d(2, 2);
        final Conv2d conv2 = new Conv2d(6, 16, 5);
        final Linear fc1 = new Linear(16 * 5 * 5, 120);
        final Linear fc2 = new Linear(120, 84);
        final Linear fc3 = new Linear(84, 10);

        @Override
        public Tensor forward(Tensor x) {
            x = pool.call(relu(conv1.call(x)));
            x = pool.call(relu(conv2.call(x)));
            x = x.flatten(1); // flatten all dimensions except batch
            x = relu(fc1.call(x));
            x = relu(fc2.call(x));
            x = fc3.call(x);
            return x;
        }
    }

    /** What a run measured: the printed running losses, the test accuracy, and each class's accuracy (in %). */
    public record Result(List<Double> runningLosses, int correct, int total, Map<String, Double> classAccuracy) {}

    /**
     * Trains and evaluates as the tutorial does.
     *
     * @param root       the folder holding the CIFAR-10 archive or its extracted folder
     * @param outDir     where {@code cifar_net.pth} is written
     * @param printEvery mini-batches per printed running loss (the tutorial's 2000)
     */
    public static Result run(Path root, Path outDir, Device device, int epochs, int printEvery) throws IOException {
        manualSeed(0);
        var transform = new Compose(Transforms.toTensor(),
                Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}));
        int batchSize = 4;
        var trainset = new CIFAR10(root, true, transform);
        var trainloader = new DataLoader<>(trainset, DataLoader.options(batchSize).shuffle(true).numWorkers(2));
        var testset = new CIFAR10(root, false, transform);
        var testloader = new DataLoader<>(testset, DataLoader.options(batchSize).shuffle(false).numWorkers(2));
        System.out.println(trainset);
        System.out.println("device: " + device);

        // get some random training images, and show them (here: write them as a PNG)
        java.nio.file.Files.createDirectories(outDir);
        Example first = trainloader.iterator().next();
        Utils.saveImage(first.input().div(2).add(0.5), outDir.resolve("cifar10-batch.png")); // unnormalize
        System.out.println(labels(first.target(), batchSize) + "   (" + outDir.resolve("cifar10-batch.png").toAbsolutePath() + ")");

        Net net = new Net();
        net.to(device);
        var criterion = new CrossEntropyLoss();
        var optimizer = new SGD(net.parameters(), SGD.options(0.001).momentum(0.9));

        List<Double> printed = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) { // loop over the dataset multiple times
            double runningLoss = 0.0;
            int i = 0;
            for (Example data : trainloader) {
                // get the inputs; data is a list of [inputs, labels]
                Tensor inputs = data.input().to(device), labels = data.target().to(device);
                // zero the parameter gradients
                optimizer.zeroGrad();
                // forward + backward + optimize
                Tensor outputs = net.call(inputs);
                Tensor loss = criterion.call(outputs, labels);
                loss.backward();
                optimizer.step();
                // print statistics
                runningLoss += loss.item();
                if (i % printEvery == printEvery - 1) {
                    System.out.printf("[%d, %5d] loss: %.3f%n", epoch + 1, i + 1, runningLoss / printEvery);
                    printed.add(runningLoss / printEvery);
                    runningLoss = 0.0;
                }
                i++;
            }
        }
        System.out.println("Finished Training");

        Path PATH = outDir.resolve("cifar_net.pth");
        save(net.stateDict(), PATH);
        System.out.println("wrote " + PATH.toAbsolutePath());
        net = new Net();
        net.loadStateDict(load(PATH));
        net.to(device);

        Example testBatch = testloader.iterator().next();
        System.out.println("GroundTruth: " + labels(testBatch.target(), batchSize));
        try (var ignored = noGrad()) {
            Tensor predicted = Torch.max(net.call(testBatch.input().to(device)), 1).indices().cpu();
            System.out.println("Predicted:   " + labels(predicted, batchSize));
        }

        int correct = 0, total = 0;
        Map<String, Integer> correctPred = new LinkedHashMap<>(), totalPred = new LinkedHashMap<>();
        for (String c : CLASSES) {
            correctPred.put(c, 0);
            totalPred.put(c, 0);
        }
        // since we're not training, we don't need to calculate the gradients for our outputs
        try (var ignored = noGrad()) {
            for (Example data : testloader) {
                Tensor images = data.input().to(device), labels = data.target().to(device);
                // calculate outputs by running images through the network
                Tensor outputs = net.call(images);
                // the class with the highest energy is what we choose as prediction
                Tensor predictions = Torch.max(outputs, 1).indices().cpu();
                long[] l = labels.cpu().toLongArray(), p = predictions.toLongArray();
                total += l.length;
                for (int j = 0; j < l.length; j++) {
                    String label = CLASSES.get((int) l[j]);
                    if (l[j] == p[j]) {
                        correct++;
                        correctPred.merge(label, 1, Integer::sum);
                    }
                    totalPred.merge(label, 1, Integer::sum);
                }
            }
        }
        System.out.printf("Accuracy of the network on the %d test images: %d %%%n", total, 100 * correct / total);
        Map<String, Double> classAccuracy = new LinkedHashMap<>();
        for (String c : CLASSES) {
            if (totalPred.get(c) == 0) continue;
            double accuracy = 100.0 * correctPred.get(c) / totalPred.get(c);
            classAccuracy.put(c, accuracy);
            System.out.printf("Accuracy for class: %-5s is %.1f %%%n", c, accuracy);
        }
        return new Result(printed, correct, total, classAccuracy);
    }

    /** The tutorial's {@code ' '.join(f'{classes[labels[j]]:5s}' for j in range(batch_size))}. */
    private static String labels(Tensor labels, int n) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < n && j < labels.size(0); j++) sb.append(j > 0 ? " " : "").append(String.format("%-5s", CLASSES.get((int) labels.get(j).itemLong())));
        return sb.toString();
    }

    /** {@code [data-dir] [epochs]}: trains on the GPU when one is present, else on the CPU. */
    public static void main(String[] args) {
        Device device = Torch.cuda().isAvailable() ? Device.cuda(0) : Device.CPU;
        Path root = Path.of(args.length > 0 ? args[0] : "data");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try {
            run(root, Classifier.outputDir(new String[0]), device, epochs, 2000);
        } catch (FileNotFoundException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
