package io.meterbill.readers.tariff;

/** A tariff file that does not load, with the file and the field at fault in the message. */
public class TariffCatalogException extends RuntimeException {
    public TariffCatalogException(String message) {
        super(message);
    }
}
