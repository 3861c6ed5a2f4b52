package io.meterbill.domain.registry;

/** The customer account a bill is addressed to. */
public record AccountId(String value) implements Comparable<AccountId> {
    public AccountId {
        value = Identifiers.require(value, "account id");
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
