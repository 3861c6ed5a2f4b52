package io.meterbill.domain.read;

/**
 * How an interval value came about, as the head-end or MDM reports it: measured by the meter,
 * estimated (e.g. filled in for a communication gap), or edited by an operator.
 */
public enum ReadQuality {
    ACTUAL,
    ESTIMATED,
    EDITED
}
