package io.meterbill.readers.interval;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip stream that ends where the compressed data is damaged (truncated or corrupt) instead of
 * failing, and keeps the damage to report. Whoever reads it, the manifest counting rows or the import
 * parsing them, sees exactly the same bytes: everything that could be decompressed before the damage,
 * whatever their buffer sizes. (A plain {@code GZIPInputStream} under a large reader buffer fails the
 * whole fill, losing lines that were decompressed.)
 */
final class GzipUntilDamage extends InputStream {

    private final InputStream gzip;
    private IOException damage;

    GzipUntilDamage(InputStream compressed) throws IOException {
        InputStream opened = null;
        try {
            opened = new GZIPInputStream(compressed, 1 << 16);
        } catch (EOFException | ZipException e) {
            damage = e;
            compressed.close();
        }
        this.gzip = opened;
    }

    /** The damage where the stream ended, or null if it ended where the compressed data did. */
    IOException damage() {
        return damage;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (gzip == null || damage != null) {
            return -1;
        }
        try {
            return gzip.read(buffer, offset, length);
        } catch (EOFException | ZipException e) {
            damage = e;
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        if (gzip != null) {
            gzip.close();
        }
    }
}
