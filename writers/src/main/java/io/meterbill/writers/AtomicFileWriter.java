package io.meterbill.writers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an output file so that readers only ever see a complete one: the content goes to a
 * temporary file beside the target, is forced to disk, and is renamed over the target atomically.
 * A crash leaves either the old file or the new one, plus at most a stale temporary file that the
 * next write replaces. Folders it creates are 0700 and the file is 0600 ({@link PrivateFiles}): outputs
 * hold customer data. The content is written as it is produced, so a file may be larger than memory.
 */
public final class AtomicFileWriter {

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFileWriter() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        PrivateFiles.createFolders(dir);
        Path temp = dir.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel channel = PrivateFiles.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream stream = java.nio.channels.Channels.newOutputStream(channel);
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            content.writeTo(out);
            out.flush();
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
