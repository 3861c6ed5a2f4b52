package io.meterbill.domain.registry;

/** The place where a commodity is delivered and measured; the unit that is rated and billed. */
public record ServicePointId(String value) implements Comparable<ServicePointId> {
    public ServicePointId {
        value = Identifiers.require(value, "service point id");
    }

    @Override
    public int compareTo(ServicePointId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
