package io.meterbill.writers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders that hold customer data (bills, reads, rejected rows, logs) are readable by their
 * owner only, whatever the process umask: folders meterbill creates are 0700, files 0600. The mode is
 * given at creation (a umask only ever removes bits, so 0600 stays 0600 under any umask), and a file
 * meterbill rewrites is made 0600 again, so one written by an earlier, looser version is tightened. Folders
 * that already exist are left as they are: an operator's own output folder is theirs to set. On a file
 * system without POSIX permissions nothing is set.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents as 0700 folders; existing folders are left as they are. */
    public static Path createFolders(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createFolders(parent);
        }
        try {
            if (posix(parent)) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        }
        return dir;
    }

    /** Opens {@code file} for writing, created 0600 if it does not exist, and made 0600 if it does. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = posix(parent)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
        FileChannel channel = FileChannel.open(file, Set.of(options), attributes);
        if (posix(parent) && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE); // written by an earlier version, or created by another tool
        }
        return channel;
    }

    /** Creates {@code file} empty and 0600 if it does not exist; makes an existing one 0600. */
    public static Path touch(Path file) throws IOException {
        createFolders(file.toAbsolutePath().getParent());
        try (FileChannel ignored = open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            return file;
        }
    }

    private static boolean posix(Path path) throws IOException {
        return path != null && Files.getFileStore(path).supportsFileAttributeView("posix");
    }
}
