package io.meterbill.domain.registry;

/** A physical meter's serial number, as the head-end system reports it. */
public record MeterSerial(String value) implements Comparable<MeterSerial> {
    public MeterSerial {
        value = Identifiers.require(value, "meter serial");
    }

    @Override
    public int compareTo(MeterSerial other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
