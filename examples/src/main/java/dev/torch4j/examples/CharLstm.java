package dev.torch4j.examples;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Embedding;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.LSTM;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.RNNBase;
import dev.torch4j.nn.Utils;
import dev.torch4j.optim.Adam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static dev.torch4j.Torch.*;

/**
 * A character-level language model: an LSTM reads Shakespeare's sonnets one character at a time and learns to
 * predict the next one, then writes new text by sampling from its own predictions. The text is twelve sonnets
 * (1609, public domain) shipped as {@code sonnets.txt} beside this class, about 7,500 characters.
 *
 * <p>The model in PyTorch:
 * <pre>
 * class CharModel(nn.Module):
 *     def __init__(self, vocab):
 *         super().__init__()
 *         self.embed = nn.Embedding(vocab, 32)
 *         self.lstm = nn.LSTM(32, 256, batch_first=True)
 *         self.head = nn.Linear(256, vocab)
 *     def forward(self, x, state=None):
 *         out, state = self.lstm(self.embed(x), state)
 *         return self.head(out), state
 * </pre>
 * Training takes random windows of 64 characters, 32 to a batch, with Adam (lr 3e-3) and gradient clipping at norm 1;
 * sampling feeds a prompt, then draws each next character from {@code softmax(logits / temperature)} with
 * {@code multinomial}. The 600 default steps take about 1.5 minutes on two CPU cores: the loss falls from ln(59) = 4.1
 * to about 0.23 (the text is small enough to learn nearly by heart) and the samples splice real lines with made-up
 * words. Runs on the GPU when one is present. Run with
 * {@code ./torch4j run CharLstm [output-dir] [steps]}; it prints the loss and samples as it goes, and writes the
 * loss curve.
 */
public final class CharLstm {
    private CharLstm() {}

    /** Window length and batch size of a training step. */
    static final int SEQ = 64, BATCH = 32;

    /** The sonnets, as shipped. */
    public static String text() {
        try (InputStream in = CharLstm.class.getResourceAsStream("sonnets.txt")) {
            if (in == null) throw new IllegalStateException("sonnets.txt is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The characters of a text, sorted, and the mapping between them and their indices. */
    public record Vocab(String chars) {
        /** The distinct characters of {@code text}. */
        public static Vocab of(String text) {
            StringBuilder b = new StringBuilder();
            text.chars().boxed().collect(java.util.stream.Collectors.toCollection(TreeSet::new)).forEach(c -> b.append((char) (int) c));
            return new Vocab(b.toString());
        }

        /** How many characters. */
        public int size() { return chars.length(); }

        /** The indices of {@code s}'s characters, as an int64 tensor. */
        public Tensor encode(String s) {
            long[] ids = new long[s.length()];
            for (int i = 0; i < ids.length; i++) {
                int k = chars.indexOf(s.charAt(i));
                if (k < 0) throw new IllegalArgumentException("character '" + s.charAt(i) + "' is not in the vocabulary");
                ids[i] = k;
            }
            return fromArray(ids);
        }

        /** The character of index {@code id}. */
        public char decode(long id) { return chars.charAt((int) id); }
    }

    /** Embedding, one LSTM layer, and a linear read-out to one logit per character. */
    public static final class CharModel extends Module {
        final Embedding embed;
        final LSTM lstm;
        final Linear head;

        /** A model over {@code vocab} characters. */
        public CharModel(int vocab) {
            embed = new Embedding(vocab, 32);
            lstm = new LSTM(32, 256, LSTM.options().batchFirst(true));
            head = new Linear(256, vocab);
        }

        /** Logits {@code [B, T, vocab]} for ids {@code [B, T]} from a zero state. */
        @Override
        public Tensor forward(Tensor ids) { return step(ids, null).logits(); }

        /** Logits and the LSTM's final state, starting from {@code state} (null: zeros). */
        public Step step(Tensor ids, RNNBase.Output state) {
            RNNBase.Output out = state == null ? lstm.forwardWithState(embed.forward(ids))
                    : lstm.forwardWithState(embed.forward(ids), state.hN(), state.cN());
            return new Step(head.forward(out.output()), out);
        }
    }

    /** The logits of one call and the LSTM state to continue from. */
    public record Step(Tensor logits, RNNBase.Output state) {}

    /** What a run produced. */
    public record Result(CharModel model, Vocab vocab, List<Double> losses, String sample, Path lossPng) {}

    /** {@code BATCH} random windows of {@code SEQ + 1} ids from {@code data}: inputs and next-character targets. */
    static Tensor[] batch(Tensor data, Device device) {
        Tensor starts = randint(0, data.size(0) - SEQ - 1, dev.torch4j.Size.of(BATCH));
        Tensor idx = starts.unsqueeze(1).add(arange(SEQ + 1).unsqueeze(0));
        Tensor windows = data.indexSelect(0, idx.flatten()).view(BATCH, SEQ + 1).to(device);
        return new Tensor[] {windows.narrow(1, 0, SEQ), windows.narrow(1, 1, SEQ)};
    }

    /**
     * {@code length} characters after {@code prompt}, each drawn from the model's distribution sharpened by
     * {@code temperature} (below 1: more likely characters more often).
     */
    public static String sample(CharModel model, Vocab vocab, String prompt, int length, double temperature, Device device) {
        StringBuilder out = new StringBuilder(prompt);
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var g = noGrad()) {
            Step s = model.step(vocab.encode(prompt).unsqueeze(0).to(device), null);
            for (int i = 0; i < length; i++) {
                Tensor last = s.logits().select(1, s.logits().size(1) - 1).squeeze(0);
                long next = Functional.softmax(last.div(temperature), 0).multinomial(1).itemLong();
                out.append(vocab.decode(next));
                s = model.step(tensor(new long[][] {{next}}).to(device), s.state());
            }
        } finally {
            model.train(wasTraining);
        }
        return out.toString();
    }

    /** Trains for {@code steps}, printing progress and samples, then writes the loss curve into {@code outDir}. */
    public static Result run(Path outDir, Device device, int steps) {
        manualSeed(0);
        String text = text();
        Vocab vocab = Vocab.of(text);
        Tensor data = vocab.encode(text);
        System.out.printf("text: %d characters, %d distinct; windows of %d, batch %d; device %s%n", text.length(), vocab.size(),
                SEQ, BATCH, device);
        CharModel model = new CharModel(vocab.size()).to(device);
        System.out.println(model);
        var opt = new Adam(model.parameters(), Adam.options(3e-3));
        List<Double> losses = new ArrayList<>(), means = new ArrayList<>();
        int every = Math.max(1, steps / 10);
        long start = System.nanoTime();
        double sum = 0;
        for (int step = 1; step <= steps; step++) {
            Tensor[] xy = batch(data, device);
            opt.zeroGrad();
            Tensor logits = model.forward(xy[0]);
            Tensor loss = Functional.crossEntropy(logits.reshape(-1, vocab.size()), xy[1].reshape(-1));
            loss.backward();
            Utils.clipGradNorm_(model.parameters(), 1.0);
            opt.step();
            double l = loss.item();
            losses.add(l);
            sum += l;
            if (step % every == 0 || step == steps) {
                int n = step % every == 0 ? every : step % every;
                means.add(sum / n);
                System.out.printf("step %4d/%d %s loss %.3f  (%.1f s)%n", step, steps, Classifier.bar(step, steps, 20), sum / n,
                        (System.nanoTime() - start) / 1e9);
                sum = 0;
            }
            if (step == steps / 2) System.out.println("  sample: " + oneLine(sample(model, vocab, "Thy ", 60, 0.8, device)));
        }
        String sample = sample(model, vocab, "Shall I ", 400, 0.8, device);
        System.out.println("sample (temperature 0.8):\n" + sample);
        Path lossPng = outDir.resolve("char-lstm-loss.png");
        try {
            Plots.lossCurve(lossPng, losses, means, every, "character LSTM on the sonnets: training loss (cross entropy)",
                    "mean of " + every + " steps");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("wrote " + lossPng.toAbsolutePath());
        return new Result(model, vocab, losses, sample, lossPng);
    }

    private static String oneLine(String s) { return s.replace('\n', '/'); }

    /** {@code [output-dir] [steps]}: trains on the GPU when one is present, else on the CPU. */
    public static void main(String[] args) {
        Device device = Torch.cuda().isAvailable() ? Device.cuda(0) : Device.CPU;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        run(Classifier.outputDir(args), device, steps);
    }
}
