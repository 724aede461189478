package dev.torch4j.vision;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** make_grid and save_image against torchvision 0.14 (scripts/goldens/vision_utils_goldens.py). */
class UtilsTest {
    @TempDir Path dir;

    private static Utils.GridOptions options(JsonObject kw) {
        Utils.GridOptions o = Utils.gridOptions();
        if (kw.has("nrow")) o = o.nrow(kw.get("nrow").getAsInt());
        if (kw.has("padding")) o = o.padding(kw.get("padding").getAsInt());
        if (kw.has("pad_value")) o = o.padValue(kw.get("pad_value").getAsDouble());
        if (kw.has("normalize")) o = o.normalize(kw.get("normalize").getAsBoolean());
        if (kw.has("scale_each")) o = o.scaleEach(kw.get("scale_each").getAsBoolean());
        if (kw.has("value_range")) o = o.valueRange(kw.getAsJsonArray("value_range").get(0).getAsDouble(),
                kw.getAsJsonArray("value_range").get(1).getAsDouble());
        return o;
    }

    @Test
    void gridsAndSavedBytesAreTorchvisions() throws IOException {
        List<JsonObject> cases = Golden.cases("vision_utils");
        assertEquals(11, cases.size());
        for (JsonObject c : cases) {
            String name = c.get("name").getAsString();
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            Utils.GridOptions o = options(c.getAsJsonObject("kwargs"));
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("grid")), Utils.makeGrid(x, o), name + " grid");
            Path png = dir.resolve(name + ".png");
            Utils.saveImage(x, png, o);
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("saved")), Images.readImage(png), name + " PNG");
        }
    }

    @Test
    void aListOfImagesIsStackedAndNothingIsRecorded() {
        Tensor batch = randn(3, 3, 4, 4).requiresGrad_(true);
        List<Tensor> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) images.add(batch.get(i));
        Tensor grid = Utils.makeGrid(images, Utils.gridOptions().nrow(2));
        Golden.assertExact(Utils.makeGrid(batch.detach(), Utils.gridOptions().nrow(2)), grid, "list == batch");
        assertFalse(grid.requiresGrad());
        assertEquals(DType.FLOAT32, grid.dtype());
        assertThrows(IllegalArgumentException.class, () -> Utils.makeGrid(randn(2, 2, 2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Utils.makeGrid(batch, Utils.gridOptions().nrow(0)));
    }
}
