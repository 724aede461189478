package dev.torch4j.examples;

import dev.torch4j.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The language-model example: the vocabulary round trip, a short run that learns, and samples drawn from the vocabulary. */
class CharLstmTest {
    @Test
    void vocabularyRoundTrips() {
        String text = CharLstm.text();
        assertTrue(text.startsWith("I\n\nFrom fairest creatures we desire increase,"), text.substring(0, 60));
        CharLstm.Vocab v = CharLstm.Vocab.of(text);
        assertEquals(text.chars().distinct().count(), v.size());
        long[] ids = v.encode("Shall I compare thee").toLongArray();
        StringBuilder back = new StringBuilder();
        for (long id : ids) back.append(v.decode(id));
        assertEquals("Shall I compare thee", back.toString());
        assertThrows(IllegalArgumentException.class, () -> v.encode("~"));
    }

    @Test
    void learnsAndSamples(@TempDir Path dir) throws Exception {
        CharLstm.Result r = CharLstm.run(dir, Device.CPU, 80);
        double first = r.losses().getFirst(), last = r.losses().subList(70, 80).stream().mapToDouble(d -> d).average().orElseThrow();
        assertEquals(Math.log(r.vocab().size()), first, 0.2, "an untrained model predicts about uniformly");
        assertTrue(last < 2.6, "loss after 80 steps: " + last);
        assertTrue(r.sample().startsWith("Shall I "));
        assertEquals("Shall I ".length() + 400, r.sample().length());
        for (char c : r.sample().toCharArray()) assertTrue(r.vocab().chars().indexOf(c) >= 0, "sampled '" + c + "'");
        assertNotNull(ImageIO.read(r.lossPng().toFile()));
    }
}
