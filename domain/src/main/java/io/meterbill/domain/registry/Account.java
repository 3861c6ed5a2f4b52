package io.meterbill.domain.registry;

import java.util.Objects;

/** A customer account: who is billed, and where statements go. */
public record Account(AccountId id, String customerName, String mailingAddress, String email) {
    public Account {
        Objects.requireNonNull(id, "id");
        if (customerName == null || customerName.isBlank()) {
            throw new IllegalArgumentException("customer name is empty");
        }
    }
}
