package dev.torch4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.io.OnnxFile;
import dev.torch4j.testing.Golden;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * ONNX control flow (If, Loop, Scan, sequences) and detection operators (NonMaxSuppression, RoiAlign, GatherND,
 * OneHot, Unique, Det, GridSample): files from scripts/goldens/onnx_control_goldens.py run by {@link OnnxModel}
 * against PyTorch's outputs in goldens/onnx_control.json.
 */
class OnnxControlFlowTest {
    static final List<String> FIXTURES = List.of("control", "sequences", "scan", "loop_scan", "detect", "roialign11", "nms", "gathernd");

    static JsonObject golden(String name) {
        for (JsonObject c : Golden.cases("onnx_control")) if (c.get("name").getAsString().equals(name)) return c;
        throw new IllegalStateException("no onnx_control golden " + name);
    }

    @Test
    void controlFlowAndDetectionOperatorsGivePyTorchsOutputs() {
        for (String name : FIXTURES) {
            JsonObject c = golden(name);
            OnnxModel m = OnnxModelTest.load(name);
            assertEquals(c.get("opset").getAsLong(), m.opset(), name);
            OnnxModelTest.check(m, c, Device.CPU);
        }
    }

    @Test
    void scriptedBranchesReadTheOuterGraphsValues() {
        // the If's then-branch is a Gemm on the main graph's input and initializers: its weights are the model's parameters
        OnnxModel m = OnnxModelTest.load("control");
        assertEquals(List.of("lin.weight", "lin.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("x", "steps"), m.inputNames());
    }

    private static OnnxFile.Attribute graphAttr(String name, OnnxFile.Graph g) {
        return new OnnxFile.Attribute(name, OnnxFile.Attribute.GRAPH, 0, 0, null, null, g, new float[0], new long[0], List.of(), List.of());
    }

    private static OnnxFile.Attribute stringAttr(String name, String s) {
        return new OnnxFile.Attribute(name, OnnxFile.Attribute.STRING, 0, 0, s, null, null, new float[0], new long[0], List.of(), List.of());
    }

    private static OnnxFile.ValueInfo value(String name) { return new OnnxFile.ValueInfo(name, DType.FLOAT32, new long[0], List.of()); }

    private static OnnxModel model(List<OnnxFile.Node> nodes, List<String> inputs, List<String> outputs) {
        OnnxFile.Graph g = new OnnxFile.Graph("g", nodes, Map.of(), inputs.stream().map(OnnxControlFlowTest::value).toList(),
                outputs.stream().map(OnnxControlFlowTest::value).toList());
        return new OnnxModel(new OnnxFile.Model(8, Map.of("", 16L), "test", "", g));
    }

    private static OnnxFile.Node node(String op, String name, List<String> in, List<String> out, OnnxFile.Attribute... attrs) {
        Map<String, OnnxFile.Attribute> a = new java.util.LinkedHashMap<>();
        for (OnnxFile.Attribute x : attrs) a.put(x.name(), x);
        return new OnnxFile.Node(op, "", name, in, out, a);
    }

    @Test
    void unsupportedOperatorsAreNamedAtLoadInsideSubgraphsToo() {
        OnnxFile.Graph then = new OnnxFile.Graph("then", List.of(node("Hardmax", "h", List.of("x"), List.of("y"))), Map.of(), List.of(), List.of(value("y")));
        OnnxFile.Graph other = new OnnxFile.Graph("else", List.of(node("Identity", "i", List.of("x"), List.of("z"))), Map.of(), List.of(), List.of(value("z")));
        var e = assertThrows(OnnxOpException.class, () -> model(
                List.of(node("If", "branch", List.of("c"), List.of("out"), graphAttr("then_branch", then), graphAttr("else_branch", other))),
                List.of("c", "x"), List.of("out")));
        assertTrue(e.getMessage().startsWith("this ONNX model uses operators torch4j does not run: [Hardmax]"), e.getMessage());
    }

    @Test
    void subgraphErrorsNameTheNodeAndTheBranch() {
        OnnxFile.Graph then = new OnnxFile.Graph("then", List.of(node("Add", "add", List.of("x", "nowhere"), List.of("y"))), Map.of(), List.of(),
                List.of(value("y")));
        OnnxFile.Graph other = new OnnxFile.Graph("else", List.of(), Map.of(), List.of(), List.of(value("x")));
        OnnxModel m = model(List.of(node("If", "branch", List.of("c"), List.of("out"), graphAttr("then_branch", then), graphAttr("else_branch", other))),
                List.of("c", "x"), List.of("out"));
        Tensor x = Torch.fromArray(new float[] {1, 2});
        // the else-branch only passes the outer x through
        assertTrue(x.equal(m.forwardAll(Torch.tensor(false), x)[0]));
        var e = assertThrows(OnnxOpException.class, () -> m.forwardAll(Torch.tensor(true), x));
        assertEquals("If (node 'branch'): in then_branch: Add (node 'add'): input 'nowhere' is not computed before it", e.getMessage());
    }

    @Test
    void flattenKeepsAnEmptyBatchsRowLength() {
        // RetinaNet's box decoding with no detection left flattens [0, 4] boxes; torch.flatten(zeros(0, 2, 2), 1) is [0, 4]
        OnnxModel m = model(List.of(node("Flatten", "f", List.of("x"), List.of("y"))), List.of("x"), List.of("y"));
        assertEquals(List.of(0L, 4L), java.util.Arrays.stream(m.forward(Torch.zeros(0, 2, 2)).shapeArray()).boxed().toList());
    }

    @Test
    void anOpsOwnErrorNamesTheNode() {
        OnnxModel m = model(List.of(node("MatMul", "mm", List.of("a", "b"), List.of("y"))), List.of("a", "b"), List.of("y"));
        var e = assertThrows(OnnxOpException.class, () -> m.forwardAll(Torch.zeros(2, 3), Torch.zeros(4, 5)));
        assertTrue(e.getMessage().startsWith("MatMul (node 'mm'): "), e.getMessage());
        assertTrue(e.getCause() != null && !(e.getCause() instanceof OnnxOpException), String.valueOf(e.getCause()));
    }

    @Test
    void roiAlignMaxModeIsRefusedByName() {
        OnnxModel m = model(List.of(node("RoiAlign", "pool", List.of("x", "r", "b"), List.of("y"), stringAttr("mode", "max"))),
                List.of("x", "r", "b"), List.of("y"));
        var e = assertThrows(OnnxOpException.class, () -> m.forwardAll(Torch.zeros(1, 1, 4, 4), Torch.zeros(1, 4), Torch.zeros(1).to(DType.INT64)));
        assertEquals("RoiAlign (node 'pool'): mode 'max' is not supported (avg)", e.getMessage());
    }
}
