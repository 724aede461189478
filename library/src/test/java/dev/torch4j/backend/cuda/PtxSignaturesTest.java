package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch4j.backend.cuda.PtxSignatures.PtxParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PTX parameter-list reader that KernelSignatureTest relies on (no nvcc needed). */
class PtxSignaturesTest {
    // what nvcc 13 writes (abridged), plus the ".ptr" annotations some versions add to pointer parameters
    private static final String PTX = """
            .version 9.0
            .target sm_90
            .address_size 64

            .visible .entry k1(
            	.param .align 8 .b8 k1_param_0[656],
            	.param .u32 k1_param_1,
            	.param .u64 k1_param_2,
            	.param .f32 k1_param_3,
            	.param .f64 k1_param_4,
            	.param .u64 .ptr .global .align 1 k1_param_5
            )
            .maxntid 256, 1, 1
            {
            	.reg .pred 	%p<2>;
            	ld.param.u32 	%r1, [k1_param_1];
            	ret;
            }
            .visible .entry k0()
            {
            	ret;
            }
            .weak .entry k2(
            	.param .align 4 .b8 k2_param_0[12]
            )
            {
            	ret;
            }
            """;

    @Test
    void readsEveryParameterKind() {
        Map<String, List<PtxParam>> m = PtxSignatures.parse(PTX);
        assertEquals(List.of("k1", "k0", "k2"), List.copyOf(m.keySet()));
        assertEquals(List.of(new PtxParam("b8", 656), new PtxParam("u32", 4), new PtxParam("u64", 8),
                new PtxParam("f32", 4), new PtxParam("f64", 8), new PtxParam("u64", 8)), m.get("k1"));
        assertEquals(List.of(), m.get("k0"));
        assertEquals(List.of(new PtxParam("b8", 12)), m.get("k2"));
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThrows(IllegalArgumentException.class, () -> PtxSignatures.parse(".visible .entry k(\n\t.param k_param_0\n)"));
    }

    @Test
    void noEntriesInAnEmptyModule() {
        assertEquals(Map.of(), PtxSignatures.parse(".version 9.0\n.target sm_90\n"));
    }
}
