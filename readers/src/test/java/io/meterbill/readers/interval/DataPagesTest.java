package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.parquet.column.Encoding;
import org.junit.jupiter.api.Test;

/**
 * Level decoding by hand-made bytes, for the encodings parquet-java's writers no longer produce (the
 * encodings they do produce are compared with the column API in {@link ParquetIntervalFormatTest}).
 */
class DataPagesTest {

    /**
     * Deprecated BIT_PACKED levels: most significant bit first, no length. Levels 0..2 (2 bits each)
     * 2,0,1,2,1 are 10 00 01 10 | 01 000000 = 0x86, 0x40; the buffer is left after those two bytes.
     */
    @Test
    void bitPackedLevelsOfOldWriters() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {(byte) 0x86, 0x40, 0x7F});
        int[] levels = new int[5];
        DataPages.levels(bytes, 2, levels, 5, true, Encoding.BIT_PACKED);
        assertThat(levels).containsExactly(2, 0, 1, 2, 1);
        assertThat(bytes.position()).isEqualTo(2);
    }

    /**
     * RLE/bit-packing hybrid with a format 1 length: a run of three 1s (header 3 << 1 = 6, value 1), then
     * one bit-packed group of eight 1-bit levels (header 1 << 1 | 1 = 3) 1,0,1,1,0,0,0,1 = 0b10001101; the
     * buffer is left after the 4-byte length and the 4 bytes it counts.
     */
    @Test
    void hybridLevelsAfterTheirLength() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {4, 0, 0, 0, 6, 1, 3, (byte) 0b10001101, 0x55});
        int[] levels = new int[11];
        DataPages.levels(bytes, 1, levels, 11, true, Encoding.RLE);
        assertThat(levels).containsExactly(1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 1);
        assertThat(bytes.position()).isEqualTo(8);
    }
}
