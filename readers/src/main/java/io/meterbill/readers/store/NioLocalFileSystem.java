package io.meterbill.readers.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) with permissions set through java.nio instead of a
 * {@code chmod} process. Without Hadoop's native library (which meterbill does not ship), every file
 * Hadoop creates locally forks {@code chmod} twice (the file and its checksum), which dominates writing
 * the interval store's many files.
 *
 * <p>It writes no {@code .crc} side files and does not look for them when reading: every Parquet file
 * meterbill writes carries a CRC-32 in each page header, which readers verify
 * ({@code parquet.page.verify-checksum.enabled}, on by default in meterbill's Hadoop configuration), so a
 * second checksum of the same bytes in another file only doubled the files created and the work per byte.
 * Everything else is Hadoop's own. Used for {@code file:} unless {@code fs.file.impl} is configured otherwise.
 */
public class NioLocalFileSystem extends LocalFileSystem {

    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
        setWriteChecksum(false);
        setVerifyChecksum(false);
    }

    /** The raw local file system with {@link #setPermission} done in-process. */
    public static class NioRawLocalFileSystem extends RawLocalFileSystem {

        private static final PosixFilePermission[] BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            java.nio.file.Path file = pathToFile(p).toPath();
            if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
                super.setPermission(p, permission);
                return;
            }
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            int mode = permission.toShort() & 0777;
            for (int bit = 0; bit < BITS.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    set.add(BITS[bit]);
                }
            }
            Files.setPosixFilePermissions(file, set);
        }
    }
}
