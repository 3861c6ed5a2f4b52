package io.meterbill.processors;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.tariff.Determinants;

/** A service point of the cycle with its billing window and the determinants summed from its stored reads. */
public record RatingInput(ServicePoint servicePoint, BillingWindow window, Determinants determinants) {
}
