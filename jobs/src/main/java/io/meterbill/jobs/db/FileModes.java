package io.meterbill.jobs.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files that only their owner may use (the home, the database's folders, the password
 * file, the server log), created with an explicit mode whatever the process umask: the umask only
 * removes bits, so every mode is set again right after creation. The database's own toolkit (its folders
 * take other modes too, e.g. for a service user); outputs use {@link io.meterbill.writers.PrivateFiles}.
 */
public final class FileModes {

    public static final Set<PosixFilePermission> OWNER_DIR = io.meterbill.writers.PrivateFiles.FOLDER;
    public static final Set<PosixFilePermission> OWNER_FILE = io.meterbill.writers.PrivateFiles.FILE;

    private FileModes() {
    }

    /** Creates {@code dir} (and missing parents, with the umask's modes) and gives {@code dir} itself {@code mode} if it was new. */
    public static Path createDirectory(Path dir, Set<PosixFilePermission> mode) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode));
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
            return dir;
        }
        Files.setPosixFilePermissions(dir, mode);
        return dir;
    }

    /** Creates {@code dir} if missing and sets {@code mode} on it in any case. */
    public static Path directoryWithMode(Path dir, Set<PosixFilePermission> mode) throws IOException {
        createDirectory(dir, mode);
        setMode(dir, mode);
        return dir;
    }

    /** Creates an empty file if missing and sets {@code mode} on it (also on an existing one). */
    public static Path fileWithMode(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
        } catch (FileAlreadyExistsException exists) {
            // keep its content, fix its mode below
        }
        setMode(file, mode);
        return file;
    }

    /** Writes {@code text} to a new file of mode {@code mode} next to {@code file}, then moves it over {@code file}. */
    public static void writeAtomically(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
        Files.setPosixFilePermissions(tmp, mode);
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sets the mode unless it already is that (a file of another owner is left alone). */
    public static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    /** The mode as the four octal digits {@code ls} users know, e.g. {@code 0700}. */
    public static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", bits);
    }

    public static String octal(Path path) throws IOException {
        return octal(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** True if anyone other than the owner may write to it. */
    public static boolean othersMayWrite(Set<PosixFilePermission> mode) {
        return mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
