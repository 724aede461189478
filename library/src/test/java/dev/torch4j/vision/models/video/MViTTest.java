package dev.torch4j.vision.models.video;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Utils;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.ModelGoldens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * MViT against torchvision 0.14 (scripts/goldens/vision_video_goldens.py): mvit_v1_b and mvit_v2_s built after the
 * same seed at 16x224x224 (state dict, repr, parameter count), and with the same blocks for 4 frames of 32x32 in eval
 * mode; reduced MViTv1 and MViTv2 configurations (v2's with interpolated relative position embeddings) load
 * torchvision state dicts and train.
 */
class MViTTest {
    private static final JsonObject G = Golden.namedCases("vision_video_mvit");

    @ParameterizedTest
    @ValueSource(strings = {"mvit_v1_b", "mvit_v2_s"})
    void mvitsAreTorchvisionsAfterTheSameSeedAndComputeItsOutputs(String name) {
        boolean v1 = name.equals("mvit_v1_b");
        manualSeed(0);
        MViT model = v1 ? MViT.mvit_v1_b() : MViT.mvit_v2_s();
        ModelGoldens.checkBuild(G.getAsJsonObject(name), name, model);
        manualSeed(0);
        MViT small = v1 ? MViT.mvit_v1_b(null, new long[] {32, 32}, 4, MViT.options().stochasticDepthProb(0.2))
                : MViT.mvit_v2_s(null, new long[] {32, 32}, 4, MViT.options().stochasticDepthProb(0.2));
        ModelGoldens.checkEval(G.getAsJsonObject(name + "_eval"), name, small, 1e-4, 1e-5, 1, 3, 4, 32, 32);
    }

    @Test
    void weightsHoldTorchvisionsFacts() {
        for (VideoWeights w : new VideoWeights[] {MViTV1BWeights.DEFAULT, MViTV2SWeights.DEFAULT}) {
            Module m = Utils.skipInit(w == MViTV1BWeights.DEFAULT ? MViT::mvit_v1_b : MViT::mvit_v2_s);
            long n = 0;
            for (Tensor p : m.parameters()) n += p.numel();
            assertEquals(w.numParams(), n, w + " parameters");
            assertEquals(16, w.minTemporalSize());
        }
        assertEquals("VideoClassification(\n    crop_size=[224, 224]\n    resize_size=[256]\n    mean=[0.45, 0.45, 0.45]\n"
                + "    std=[0.225, 0.225, 0.225]\n    interpolation=InterpolationMode.BILINEAR\n)", MViTV2SWeights.DEFAULT.transforms().toString());
        var e = assertThrows(IllegalArgumentException.class,
                () -> MViT.mvit_v2_s(MViTV2SWeights.DEFAULT, new long[] {224, 224}, 8, MViT.options()));
        assertEquals("The parameter 'temporal_size' expected value 16 but got 8 instead.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MViT(new long[] {16, 16}, 4, List.of(), false, false, false, false, MViT.options()));
        assertEquals("The configuration parameter can't be empty.", e.getMessage());
    }

    @Test
    void reducedV1LoadsATorchvisionStateDictAndTrains(@TempDir Path dir) throws IOException {
        var blocks = List.of(new MViT.MSBlockConfig(1, 8, 16, new long[0], new long[] {3, 3, 3}, new long[0], new long[] {1, 2, 2}),
                new MViT.MSBlockConfig(2, 16, 16, new long[] {3, 3, 3}, new long[] {3, 3, 3}, new long[] {1, 2, 2}, new long[] {1, 1, 1}));
        var model = new MViT(new long[] {16, 16}, 4, blocks, false, false, false, false, MViT.options().dropout(0).numClasses(5));
        ModelGoldens.checkFixture(G.getAsJsonObject("mvit_reduced_v1"), "mvit_reduced_v1", model, dir, 2, 3, 4, 16, 16);
    }

    @Test
    void reducedV2LoadsATorchvisionStateDictAndTrains(@TempDir Path dir) throws IOException {
        long[] k = {3, 3, 3}, one = {1, 1, 1};
        var blocks = List.of(new MViT.MSBlockConfig(1, 8, 8, k, k, one, new long[] {1, 2, 2}),
                new MViT.MSBlockConfig(2, 8, 16, k, k, new long[] {1, 2, 2}, one), new MViT.MSBlockConfig(2, 16, 16, k, k, one, one));
        var model = new MViT(new long[] {20, 20}, 4, blocks, true, true, true, true, MViT.options().dropout(0).numClasses(5));
        ModelGoldens.checkFixture(G.getAsJsonObject("mvit_reduced_v2"), "mvit_reduced_v2", model, dir, 2, 3, 4, 20, 20);
    }

    @Test
    void trainsWithStochasticDepthAndDropout() {
        manualSeed(0);
        long[] k = {3, 3, 3}, one = {1, 1, 1};
        var blocks = List.of(new MViT.MSBlockConfig(1, 8, 8, k, k, one, new long[] {1, 2, 2}),
                new MViT.MSBlockConfig(2, 8, 16, k, k, new long[] {1, 2, 2}, one));
        ModelGoldens.checkTrainStep(new MViT(new long[] {16, 16}, 4, blocks, true, false, true, true,
                MViT.options().stochasticDepthProb(0.5).attentionDropout(0.1).numClasses(3)), 3, 2, 3, 4, 16, 16);
    }
}
