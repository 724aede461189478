package dev.torch4j.ao.nn.quantizable;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.FloatFunctional;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ModuleDict;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.Sigmoid;
import dev.torch4j.nn.Tanh;

import java.util.List;

/**
 * {@code torch.ao.nn.quantizable.LSTMCell} (printed {@code QuantizableLSTMCell}): one LSTM step written as modules so
 * that static quantization can observe, and later quantize, every intermediate: {@code igates} and {@code hgates}
 * (Linear layers over x and h), the FloatFunctionals {@code gates} (their sum), {@code fgate_cx}, {@code igate_cgate},
 * {@code fgate_cx_igate_cgate} (c') and {@code ogate_cy} (h'), and PyTorch 2.x's gate activations {@code input_gate},
 * {@code forget_gate}, {@code output_gate} (Sigmoid) and {@code cell_gate} (Tanh). Once converted its children are
 * quantized Linear and QFunctional modules, and the same code runs on quint8 tensors. With {@link #splitGates} (2.x)
 * each gate has its own Linear layers and sum.
 *
 * <pre>{@code
 * var cell = new LSTMCell(10, 20);
 * var s = cell.forwardWithState(x0, null, null);     // zero states
 * s = cell.forwardWithState(x1, s.h(), s.c());
 * }</pre>
 */
public class LSTMCell extends Module {
    /** The gates' keys when split, in PyTorch's order. */
    private static final List<String> GATES = List.of("input", "forget", "cell", "output");

    /** The {@code input_dim}, {@code hidden_dim} arguments. */
    public final long inputSize, hiddenSize;
    /** The {@code bias} argument. */
    public final boolean bias;
    /**
     * PyTorch 2.x's {@code split_gates}: {@code igates}, {@code hgates} and {@code gates} are ModuleDicts of one Linear
     * (or FloatFunctional) per gate ({@code input}, {@code forget}, {@code cell}, {@code output}) instead of one over all
     * four, so that no four-gate tensor is made and chunked.
     */
    public final boolean splitGates;
    /** PyTorch 2.x's {@code initial_hidden_state_qparams}: the scale and zero point {@link #initializeHidden} quantizes h with. */
    public double initialHiddenStateScale = 1.0;
    /** The zero point of {@code initial_hidden_state_qparams}. */
    public long initialHiddenStateZeroPoint = 0;
    /** PyTorch 2.x's {@code initial_cell_state_qparams}: the scale and zero point {@link #initializeHidden} quantizes c with. */
    public double initialCellStateScale = 1.0;
    /** The zero point of {@code initial_cell_state_qparams}. */
    public long initialCellStateZeroPoint = 0;
    /** PyTorch 2.x's {@code hidden_state_dtype} and {@code cell_state_dtype}: the quantized dtypes of those zero states. */
    public DType hiddenStateDtype = DType.QUINT8, cellStateDtype = DType.QUINT8;

    /** {@code LSTMCell(input_dim, hidden_dim, bias=True)}: Linear layers drawn as PyTorch's constructor draws them. */
    public LSTMCell(long inputDim, long hiddenDim) { this(inputDim, hiddenDim, true); }

    /** {@code LSTMCell(input_dim, hidden_dim, bias)}. */
    public LSTMCell(long inputDim, long hiddenDim, boolean bias) { this(inputDim, hiddenDim, bias, false); }

    /** {@code LSTMCell(input_dim, hidden_dim, bias, split_gates=)}. */
    public LSTMCell(long inputDim, long hiddenDim, boolean bias, boolean splitGates) {
        this.inputSize = inputDim;
        this.hiddenSize = hiddenDim;
        this.bias = bias;
        this.splitGates = splitGates;
        if (!splitGates) {
            registerModule("igates", new Linear(inputDim, 4 * hiddenDim, bias));
            registerModule("hgates", new Linear(hiddenDim, 4 * hiddenDim, bias));
            registerModule("gates", new FloatFunctional());
        } else {
            ModuleDict ig = new ModuleDict(), hg = new ModuleDict(), gs = new ModuleDict();
            registerModule("igates", ig);
            registerModule("hgates", hg);
            registerModule("gates", gs);
            for (String g : GATES) { // drawn gate by gate, as PyTorch's
                ig.put(g, new Linear(inputDim, hiddenDim, bias));
                hg.put(g, new Linear(hiddenDim, hiddenDim, bias));
                gs.put(g, new FloatFunctional());
            }
        }
        registerModule("input_gate", new Sigmoid());
        registerModule("forget_gate", new Sigmoid());
        registerModule("cell_gate", new Tanh());
        registerModule("output_gate", new Sigmoid());
        for (String n : new String[] {"fgate_cx", "igate_cgate", "fgate_cx_igate_cgate", "ogate_cy"}) registerModule(n, new FloatFunctional());
    }

    /**
     * {@code LSTMCell.from_params(wi, wh, bi, bh)}: a cell over these weights (shared, as {@code nn.Parameter(w)} shares
     * them) and biases (both null for none).
     */
    public static LSTMCell fromParams(Tensor wi, Tensor wh, Tensor bi, Tensor bh) { return fromParams(wi, wh, bi, bh, false); }

    /** {@code LSTMCell.from_params(wi, wh, bi, bh, split_gates)}: split, each gate's Linear takes its quarter of the rows. */
    public static LSTMCell fromParams(Tensor wi, Tensor wh, Tensor bi, Tensor bh, boolean splitGates) {
        if ((bi == null) != (bh == null)) throw new IllegalArgumentException("bi and bh must both be given or both be null");
        LSTMCell cell = new LSTMCell(wi.size(1), wh.size(1), bi != null, splitGates);
        setParams(cell.getSubmodule("igates"), wi, bi, splitGates);
        setParams(cell.getSubmodule("hgates"), wh, bh, splitGates);
        return cell;
    }

    private static void setParams(Module gates, Tensor w, Tensor b, boolean split) {
        List<Module> linears = split ? gates.children() : List.of(gates);
        Tensor[] ws = split ? w.chunk(4, 0) : new Tensor[] {w}, bs = b == null ? null : split ? b.chunk(4, 0) : new Tensor[] {b};
        for (int i = 0; i < linears.size(); i++) {
            Linear l = (Linear) linears.get(i);
            l.weight = Parameter.of(ws[i].detach());
            if (bs != null) l.bias = Parameter.of(bs[i].detach());
        }
    }

    /** {@code LSTMCell.from_float(cell)}: an {@code nn.LSTMCell} with a qconfig, as an observable cell with that qconfig. */
    public static LSTMCell fromFloat(dev.torch4j.nn.LSTMCell other) { return fromFloat(other, false); }

    /** {@code LSTMCell.from_float(cell, split_gates=)}: the qconfig is given to the cell and to each of its Linear layers. */
    public static LSTMCell fromFloat(dev.torch4j.nn.LSTMCell other, boolean splitGates) {
        if (other.getClass() != dev.torch4j.nn.LSTMCell.class) throw new IllegalArgumentException("from_float: expected an nn.LSTMCell");
        if (!QuantizeStatic.hasQconfig(other)) throw new IllegalArgumentException("The float module must have 'qconfig'");
        LSTMCell observed = fromParams(other.weightIh(), other.weightHh(), other.bias ? other.biasIh() : null,
                other.bias ? other.biasHh() : null, splitGates);
        var q = QuantizeStatic.qconfig(other);
        QuantizeStatic.setQconfig(observed, q);
        for (String n : new String[] {"igates", "hgates"}) {
            Module m = observed.getSubmodule(n);
            QuantizeStatic.setQconfig(m, q);
            if (splitGates) m.children().forEach(l -> QuantizeStatic.setQconfig(l, q));
        }
        return observed;
    }

    /** h' from zero states. */
    @Override
    public Tensor forward(Tensor x) { return forwardWithState(x, null, null).h(); }

    /** With three inputs {@code (x, h, c)}: h'. */
    @Override
    public Tensor forward(Tensor... inputs) {
        return inputs.length == 3 ? forwardWithState(inputs[0], inputs[1], inputs[2]).h() : super.forward(inputs);
    }

    /**
     * {@code (h', c') = cell(x, (h, c))}; either state null means zeros ({@link #initializeHidden}). Each child is called
     * through {@code call}, so that the observers {@code prepare} hooks on see its output.
     */
    public dev.torch4j.nn.LSTMCell.State forwardWithState(Tensor x, Tensor hx, Tensor cx) {
        if (hx == null || cx == null) {
            Tensor[] z = initializeHidden(x.size(0), x.isQuantized());
            hx = z[0];
            cx = z[1];
        }
        Tensor[] g;
        if (!splitGates) {
            g = fn("gates").add(getSubmodule("igates").call(x), getSubmodule("hgates").call(hx)).chunk(4, 1);
        } else {
            g = new Tensor[4];
            for (int i = 0; i < 4; i++) {
                String k = GATES.get(i);
                g[i] = fn("gates." + k).add(getSubmodule("igates." + k).call(x), getSubmodule("hgates." + k).call(hx));
            }
        }
        Tensor inGate = getSubmodule("input_gate").call(g[0]), forgetGate = getSubmodule("forget_gate").call(g[1]);
        Tensor cellGate = getSubmodule("cell_gate").call(g[2]), outGate = getSubmodule("output_gate").call(g[3]);
        Tensor cy = fn("fgate_cx_igate_cgate").add(fn("fgate_cx").mul(forgetGate, cx), fn("igate_cgate").mul(inGate, cellGate));
        Tensor hy = fn("ogate_cy").mul(outGate, cy.tanh());
        return new dev.torch4j.nn.LSTMCell.State(hy, cy);
    }

    private FloatFunctional fn(String name) { return (FloatFunctional) getSubmodule(name); }

    /**
     * {@code initialize_hidden(batch_size, is_quantized)}: zero h and c of {@code [batch, hidden_size]}, for a quantized
     * input quantized with the initial-state parameters and dtypes (quint8, scale 1, zero point 0 unless set).
     */
    public Tensor[] initializeHidden(long batchSize, boolean isQuantized) {
        Tensor h = Torch.zeros(batchSize, hiddenSize), c = Torch.zeros(batchSize, hiddenSize);
        if (isQuantized) {
            h = Torch.quantizePerTensor(h, initialHiddenStateScale, initialHiddenStateZeroPoint, hiddenStateDtype);
            c = Torch.quantizePerTensor(c, initialCellStateScale, initialCellStateZeroPoint, cellStateDtype);
        }
        return new Tensor[] {h, c};
    }

    @Override
    public String className() { return "QuantizableLSTMCell"; }
}
