package io.meterbill.domain.registry;

/** What a service point is supplied with. */
public enum Commodity {
    ELECTRIC,
    GAS,
    WATER,
    THERMAL
}
