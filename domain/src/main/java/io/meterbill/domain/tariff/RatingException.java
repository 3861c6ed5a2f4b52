package io.meterbill.domain.tariff;

/** A service point cannot be rated as its tariff stands (no version in force, version change inside the period). */
public class RatingException extends RuntimeException {
    public RatingException(String message) {
        super(message);
    }
}
