package io.meterbill.domain.registry;

import io.meterbill.domain.read.InputText;

/** Shared validation for registry identifiers: trimmed, non-blank, printable, at most 64 characters. */
final class Identifiers {
    private Identifiers() {
    }

    static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String trimmed = value.strip();
        if (trimmed.length() > 64) {
            throw new IllegalArgumentException(what + " is longer than 64 characters: " + InputText.echo(trimmed));
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (Character.isISOControl(trimmed.charAt(i))) {
                throw new IllegalArgumentException(what + " contains a control character at character " + (i + 1) + ": "
                        + InputText.echo(trimmed));
            }
        }
        return trimmed;
    }
}
