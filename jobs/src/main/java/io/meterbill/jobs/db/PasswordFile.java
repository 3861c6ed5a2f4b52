package io.meterbill.jobs.db;

import io.meterbill.jobs.ConfigurationProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A database password given as a file (e.g. {@code meterbill.db.password-file}), so that it appears
 * on no command line: the first line, without its line end. A file anyone may read is refused.
 */
final class PasswordFile {

    private PasswordFile() {
    }

    /** The password in {@code file}, or "" if no file is set. Messages name the file, never its content. */
    static String read(String setting, String file) {
        if (file == null || file.isBlank()) {
            return "";
        }
        Path path = Path.of(file.strip());
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.contains(PosixFilePermission.OTHERS_READ)) {
                throw new ConfigurationProblem(setting + " " + path + " may be read by anyone (mode "
                        + FileModes.octal(mode) + "); chmod 600 it");
            }
            String text = Files.readString(path);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new ConfigurationProblem(setting + " " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
