package dev.torch4j.backend.cpu.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Mt19937Test {

    @Test
    void referenceSequenceForSeed5489() {
        // The reference mt19937 (init_genrand(5489)): the first outputs and C++'s required 10000th value.
        Mt19937 g = new Mt19937(5489);
        long[] first = {3499211612L, 581869302L, 3890346734L, 3586334585L, 545404204L};
        for (long v : first) assertEquals(v, g.randomUnsigned());
        for (int i = first.length; i < 9999; i++) g.random();
        assertEquals(4123659995L, g.randomUnsigned());
    }

    @Test
    void onlyLow32BitsOfTheSeedEnterTheState() {
        long big = 0x1234_5678_9abc_def0L;
        Mt19937 a = new Mt19937(big), b = new Mt19937(big & 0xFFFF_FFFFL);
        assertEquals(big, a.seed());
        for (int i = 0; i < 1000; i++) assertEquals(b.random(), a.random());
    }

    @Test
    void random64IsTwoWordsHighFirst() {
        Mt19937 a = new Mt19937(7), b = new Mt19937(7);
        for (int i = 0; i < 700; i++) {
            long hi = b.randomUnsigned(), lo = b.randomUnsigned();
            assertEquals((hi << 32) | lo, a.random64());
        }
    }

    /** The bulk draw gives the words, and leaves the state, of as many single draws, across twists, from any point. */
    @Test
    void bulkWordsEqualSingleWords() {
        int[] lengths = {0, 1, 2, 622, 623, 624, 625, 1248, 1249, 3000};
        for (int warm : new int[] {0, 1, 623, 624, 700}) {
            for (int n : lengths) {
                Mt19937 a = new Mt19937(99), b = new Mt19937(99);
                for (int i = 0; i < warm; i++) {
                    a.random();
                    b.random();
                }
                int[] bulk = new int[n + 3];
                a.random(bulk, 3, n);
                for (int i = 0; i < n; i++) assertEquals(b.random(), bulk[3 + i], "warm " + warm + ", n " + n + ", word " + i);
                assertEquals(b.random(), a.random(), "the next word after warm " + warm + ", n " + n);
                assertEquals(b.random64(), a.random64(), "and the next two");
            }
        }
    }

    @Test
    void copyAndRestoreAcrossTheTwist() {
        Mt19937 g = new Mt19937(42);
        for (int i = 0; i < 620; i++) g.random();
        g.setNextDoubleNormal(true, 0.25);
        Mt19937 snap = g.copy();
        assertEquals(snap, g);
        int[] ahead = new int[20];
        for (int i = 0; i < 20; i++) ahead[i] = g.random();
        assertNotEquals(snap, g);
        g.restore(snap);
        assertTrue(g.hasNextDoubleNormal());
        assertEquals(0.25, g.nextDoubleNormal());
        int[] again = new int[20];
        for (int i = 0; i < 20; i++) again[i] = g.random();
        assertArrayEquals(ahead, again);
    }

    @Test
    void reseedClearsNormalCaches() {
        Mt19937 g = new Mt19937(1);
        g.setNextDoubleNormal(true, 1.5);
        g.setNextFloatNormal(true, 2.5f);
        g.setSeed(1);
        assertFalse(g.hasNextDoubleNormal());
        assertFalse(g.hasNextFloatNormal());
        assertEquals(new Mt19937(1), g);
    }

    @Test
    void rawStateRoundTripAndValidation() {
        Mt19937 g = new Mt19937(99);
        for (int i = 0; i < 5; i++) g.random();
        Mt19937 h = new Mt19937(0);
        h.setState(g.seed(), g.left(), g.next(), g.stateWords());
        for (int i = 0; i < 1300; i++) assertEquals(g.random(), h.random());
        assertThrows(IllegalArgumentException.class, () -> h.setState(1, 0, 0, new int[Mt19937.N]));
        assertThrows(IllegalArgumentException.class, () -> h.setState(1, 1, 625, new int[Mt19937.N]));
        assertThrows(IllegalArgumentException.class, () -> h.setState(1, 1, 0, new int[3]));
    }

    @Test
    void defaultSeedIsPyTorchs() {
        assertEquals(67280421310721L, new Mt19937().seed());
    }
}
