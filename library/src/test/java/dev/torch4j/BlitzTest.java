package dev.torch4j;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.data.DataLoader;
import dev.torch4j.data.Example;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.CrossEntropyLoss;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MSELoss;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.datasets.CIFAR10;
import dev.torch4j.vision.transforms.Compose;
import dev.torch4j.vision.transforms.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static dev.torch4j.nn.Functional.maxPool2d;
import static dev.torch4j.nn.Functional.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * PyTorch's "60 Minute Blitz" written in Java almost line for line (autograd, neural networks, training a CIFAR-10
 * classifier), against the numbers PyTorch computed running the tutorial's own code on the same small CIFAR files
 * with the same seeds (scripts/goldens/blitz_goldens.py -> goldens/blitz.json): the same initial weights, the same
 * shuffled batches, the same losses (bit for bit on this machine with OpenBLAS; the tolerances leave room for other
 * BLAS builds and thread counts). Where PyTorch 1.13 (the goldens) and 2.x differ, 2.x is followed:
 * {@code zero_grad()} sets gradients to None.
 */
class BlitzTest {
    private static final JsonObject G = Golden.namedCases("blitz");

    @TempDir Path dir;

    private static Tensor golden(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    /** tensor_tutorial: creation, attributes, indexing, joining, arithmetic (with out=), in-place ops, shared memory. */
    @Test
    void tensorsTutorial() {
        StringBuilder printed = new StringBuilder();
        java.util.function.Consumer<Object> print = o -> printed.append(o).append('\n');
        manualSeed(0);
        long[][] data = {{1, 2}, {3, 4}};
        Tensor xData = tensor(data);
        Tensor xOnes = onesLike(xData); // retains the properties of xData
        print.accept("Ones Tensor: \n " + xOnes + " \n");
        Tensor xRand = randLike(xData, dtype(DType.FLOAT32)); // overrides the datatype of xData
        print.accept("Random Tensor: \n " + xRand + " \n");
        Size shape = shape(2, 3);
        Tensor randTensor = rand(shape);
        Tensor onesTensor = ones(shape);
        Tensor zerosTensor = zeros(shape);
        print.accept("Random Tensor: \n " + randTensor + " \n");
        print.accept("Ones Tensor: \n " + onesTensor + " \n");
        print.accept("Zeros Tensor: \n " + zerosTensor);
        Tensor tensor = rand(3, 4);
        print.accept("Shape of tensor: " + tensor.shape());
        print.accept("Datatype of tensor: " + tensor.dtype());
        print.accept("Device tensor is stored on: " + tensor.device());
        tensor = ones(4, 4);
        print.accept("First row: " + tensor.get(0));
        print.accept("First column: " + tensor.index(ALL, 0));
        print.accept("Last column: " + tensor.index(ELLIPSIS, -1));
        tensor.indexPut_(new Object[] {ALL, 1}, 0);
        print.accept(tensor);
        Tensor t1 = cat(new Tensor[] {tensor, tensor, tensor}, 1);
        print.accept(t1);
        Tensor y1 = tensor.matmul(tensor.T());
        Tensor y2 = tensor.matmul(tensor.T());
        Tensor y3 = randLike(y1);
        matmul(tensor, tensor.T(), out(y3));
        print.accept(y1 + " " + y2 + " " + y3);
        Tensor z1 = tensor.mul(tensor);
        Tensor z2 = tensor.mul(tensor);
        Tensor z3 = randLike(tensor);
        mul(tensor, tensor, out(z3));
        print.accept(z1 + " " + z2 + " " + z3);
        Tensor agg = tensor.sum();
        double aggItem = agg.item();
        print.accept(aggItem);
        print.accept(tensor + " \n");
        tensor.add_(5);
        print.accept(tensor);
        double[] n = {1, 1, 1, 1, 1};
        Tensor t = fromArray(n); // NumPy's from_numpy: the tensor shares the Java array
        for (int i = 0; i < n.length; i++) n[i] += 1;
        print.accept("t: " + t);
        assertEquals(G.getAsJsonObject("tensors").get("printed").getAsString(), printed.toString());
    }

    @Test
    void autogradTutorial() {
        JsonObject g = G.getAsJsonObject("autograd");
        Tensor a = tensor(new double[] {2., 3.}, requiresGrad(true));
        Tensor b = tensor(new double[] {6., 4.}, requiresGrad(true));
        Tensor Q = a.pow(3).mul(3).sub(b.pow(2));
        Tensor externalGrad = tensor(new double[] {1., 1.});
        Q.backward(externalGrad);
        Golden.assertExact(golden(g, "Q"), Q.detach(), "Q");
        Golden.assertExact(golden(g, "a_grad"), a.grad(), "a.grad == 9 * a**2");
        Golden.assertExact(golden(g, "b_grad"), b.grad(), "b.grad == -2 * b");
    }

    /** neural_networks_tutorial's Net. */
    static final class Net extends Module {
        final Conv2d conv1 = new Conv2d(1, 6, 5);
        final Conv2d conv2 = new Conv2d(6, 16, 5);
        final Linear fc1 = new Linear(16 * 5 * 5, 120);
        final Linear fc2 = new Linear(120, 84);
        final Linear fc3 = new Linear(84, 10);

        @Override
        public Tensor forward(Tensor x) {
            // Max pooling over a (2, 2) window
            x = maxPool2d(relu(conv1.forward(x)), new long[] {2, 2});
            // If the size is a square, you can specify with a single number
            x = maxPool2d(relu(conv2.forward(x)), 2);
            x = x.flatten(1);
            x = relu(fc1.forward(x));
            x = relu(fc2.forward(x));
            x = fc3.forward(x);
            return x;
        }
    }

    @Test
    void neuralNetworksTutorial() {
        JsonObject g = G.getAsJsonObject("neural_networks");
        manualSeed(0);
        Net net = new Net();
        assertEquals(g.get("repr").getAsString(), net.toString());
        List<Tensor> params = net.parameters();
        assertEquals(g.get("num_params").getAsInt(), params.size());
        assertArrayEquals(longs(g.getAsJsonArray("param0_size")), params.get(0).shapeArray());

        Tensor input = randn(1, 1, 32, 32);
        Tensor out = net.forward(input);
        Golden.assertClose(golden(g, "out"), out.detach(), 1e-5, 1e-6, "out");
        net.zeroGrad();
        out.backward(randn(1, 10));
        Golden.assertClose(golden(g, "conv1_bias_grad_random"), net.conv1.bias.grad(), 1e-5, 1e-6, "conv1.bias.grad");

        Tensor output = net.forward(input);
        Tensor target = randn(10);
        target = target.view(1, -1);
        MSELoss criterion = new MSELoss();
        Tensor loss = criterion.forward(output, target);
        Golden.assertClose(golden(g, "loss"), loss.detach(), 1e-5, 1e-7, "loss");
        List<String> fns = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("grad_fns")) fns.add(e.getAsString());
        assertEquals(fns, List.of(loss.gradFn().name(), loss.gradFn().nextFunctions()[0].node().name(),
                loss.gradFn().nextFunctions()[0].node().nextFunctions()[0].node().name()), "MSELoss -> Linear -> its bias");

        net.zeroGrad();
        assertNull(net.conv1.bias.grad(), "conv1.bias.grad before backward (None: zero_grad's PyTorch 2 default)");
        loss.backward();
        Golden.assertClose(golden(g, "conv1_bias_grad"), net.conv1.bias.grad(), 1e-5, 1e-7, "conv1.bias.grad after backward");

        SGD optimizer = new SGD(net.parameters(), SGD.options(0.01));
        optimizer.zeroGrad();
        output = net.forward(input);
        loss = criterion.forward(output, target);
        loss.backward();
        optimizer.step();
        Golden.assertClose(golden(g, "loss2"), loss.detach(), 1e-5, 1e-7, "loss");
        Golden.assertClose(golden(g, "conv1_bias_after_step"), net.conv1.bias.detach(), 1e-5, 1e-7, "conv1.bias after a step");
        try (var ignored = noGrad()) {
            Golden.assertClose(golden(g, "output_after_step"), net.forward(input), 1e-5, 1e-6, "output after a step");
        }
    }

    /** cifar10_tutorial's Net. */
    static final class CifarNet extends Module {
        final Conv2d conv1 = new Conv2d(3, 6, 5);
        final MaxPool2d pool = new MaxPool2d(2, 2);
        final Conv2d conv2 = new Conv2d(6, 16, 5);
        final Linear fc1 = new Linear(16 * 5 * 5, 120);
        final Linear fc2 = new Linear(120, 84);
        final Linear fc3 = new Linear(84, 10);

        @Override
        public Tensor forward(Tensor x) {
            x = pool.forward(relu(conv1.forward(x)));
            x = pool.forward(relu(conv2.forward(x)));
            x = x.flatten(1);
            x = relu(fc1.forward(x));
            x = relu(fc2.forward(x));
            x = fc3.forward(x);
            return x;
        }
    }

    @Test
    void trainingAClassifierTutorial() throws IOException {
        trainingAClassifier(Device.CPU, dir, 1e-6, 1e-4);
    }

    /**
     * The tutorial's part 4 on {@code device} (its "Training on GPU" section moves the net and each batch there):
     * losses within {@code lossTol} of PyTorch's, weights and test outputs within {@code rtol}.
     */
    static void trainingAClassifier(Device device, Path dir, double lossTol, double rtol) throws IOException {
        JsonObject g = G.getAsJsonObject("classifier");
        Path root = cifarRoot();
        manualSeed(0);
        var transform = new Compose(Transforms.toTensor(),
                Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}));
        int batchSize = 4;
        var trainset = new CIFAR10(root, true, transform);
        var trainloader = new DataLoader<>(trainset, DataLoader.options(batchSize).shuffle(true).numWorkers(2));
        var testset = new CIFAR10(root, false, transform);
        var testloader = new DataLoader<>(testset, DataLoader.options(batchSize).shuffle(false).numWorkers(2));
        List<String> classes = List.of("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

        Iterator<Example> dataiter = trainloader.iterator();
        Example first = dataiter.next();
        List<String> firstLabels = new ArrayList<>();
        for (int j = 0; j < batchSize; j++) firstLabels.add(classes.get((int) first.target().get(j).itemLong()));
        assertEquals(strings(g, "first_batch_labels"), firstLabels, "the first shuffled batch");

        CifarNet net = new CifarNet();
        net.to(device);
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        SGD optimizer = new SGD(net.parameters(), SGD.options(0.001).momentum(0.9));
        List<Double> losses = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Example data : trainloader) {
                Tensor inputs = data.input().to(device), labels = data.target().to(device);
                optimizer.zeroGrad();
                Tensor outputs = net.forward(inputs);
                Tensor loss = criterion.forward(outputs, labels);
                loss.backward();
                optimizer.step();
                losses.add(loss.item());
            }
        }
        List<Double> want = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("losses")) want.add(e.getAsDouble());
        assertEquals(want.size(), losses.size(), "steps");
        for (int i = 0; i < want.size(); i++) assertEquals(want.get(i), losses.get(i), lossTol, "loss at step " + i);
        Golden.assertClose(golden(g, "fc3_weight"), net.fc3.weight.detach().cpu(), rtol, 1e-6, "fc3.weight after training");
        Golden.assertClose(golden(g, "conv1_weight"), net.conv1.weight.detach().cpu(), rtol, 1e-6, "conv1.weight after training");

        Path PATH = dir.resolve("cifar_net.pth");
        save(net.stateDict(), PATH);
        net = new CifarNet();
        net.loadStateDict(load(PATH));
        net.to(device);

        Example testBatch = testloader.iterator().next();
        Tensor outputs = net.forward(testBatch.input().to(device));
        Tensor predicted = max(outputs, 1).indices().cpu();
        List<String> predictedNames = new ArrayList<>();
        for (int j = 0; j < batchSize; j++) predictedNames.add(classes.get((int) predicted.get(j).itemLong()));
        assertEquals(strings(g, "predicted_first"), predictedNames, "predictions of the reloaded net");

        int correct = 0, total = 0;
        List<Tensor> allOutputs = new ArrayList<>();
        Map<String, Integer> correctPred = new LinkedHashMap<>(), totalPred = new LinkedHashMap<>();
        for (String c : classes) {
            correctPred.put(c, 0);
            totalPred.put(c, 0);
        }
        try (GradMode.Scope ignored = noGrad()) {
            for (Example data : testloader) {
                Tensor images = data.input().to(device), labels = data.target();
                outputs = net.forward(images).cpu();
                allOutputs.add(outputs);
                Tensor predictions = max(outputs, 1).indices();
                total += (int) labels.size(0);
                correct += (int) predictions.eq(labels).sum().itemLong();
                for (int j = 0; j < labels.size(0); j++) {
                    String label = classes.get((int) labels.get(j).itemLong());
                    if (labels.get(j).itemLong() == predictions.get(j).itemLong()) correctPred.merge(label, 1, Integer::sum);
                    totalPred.merge(label, 1, Integer::sum);
                }
            }
        }
        Golden.assertClose(golden(g, "test_outputs"), cat(allOutputs), rtol, 1e-5, "outputs on the test set");
        assertEquals(g.get("correct").getAsInt(), correct);
        assertEquals(g.get("total").getAsInt(), total);
        assertEquals(counts(g, "correct_pred"), correctPred);
        assertEquals(counts(g, "total_pred"), totalPred);
    }

    private static Path cifarRoot() {
        try {
            return Path.of(BlitzTest.class.getResource("/vision/cifar").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(JsonObject g, String key) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray(key)) out.add(e.getAsString());
        return out;
    }

    private static Map<String, Integer> counts(JsonObject g, String key) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : g.getAsJsonObject(key).entrySet()) out.put(e.getKey(), e.getValue().getAsInt());
        return out;
    }

    private static long[] longs(com.google.gson.JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
        return out;
    }
}
