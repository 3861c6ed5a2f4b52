package io.meterbill.domain.read;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.InstallationHistory;
import io.meterbill.domain.registry.ServicePointId;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what a reader made of a row into a read of a service point in the cycle, or says why it
 * cannot be one: unparseable row, unknown meter, meter not installed (or installed twice) at the
 * read's time, or an interval outside the service point's billing window.
 */
public final class ReadReconciler {

    private final InstallationHistory installations;
    private final Map<ServicePointId, BillingWindow> windows;

    /**
     * @param windows the billing window of every service point in the cycle
     */
    public ReadReconciler(InstallationHistory installations, Map<ServicePointId, BillingWindow> windows) {
        this.installations = Objects.requireNonNull(installations, "installations");
        this.windows = Map.copyOf(windows);
    }

    /** @throws RejectedReadException for every row that cannot be stored, with the reason */
    public ReconciledRead reconcile(ReadRecord record) {
        if (record instanceof ReadRecord.Unparseable bad) {
            throw new RejectedReadException(bad.reason(), bad.detail());
        }
        IntervalRead read = ((ReadRecord.Parsed) record).read();
        InstallationHistory.Match match = installations.match(read.meter(), read.start());
        if (match instanceof InstallationHistory.Matched matched) {
            BillingWindow window = windows.get(matched.servicePoint());
            if (window == null || !window.containsInterval(read.start(), read.length())) {
                throw new RejectedReadException(ReadRejectionReason.OUTSIDE_CYCLE_WINDOW, "interval " + read.start()
                        + " of " + matched.servicePoint() + " is outside its billing window"
                        + (window == null ? "" : " " + window.start() + " to " + window.end()));
            }
            return new ReconciledRead(record.row(), matched.servicePoint(), read);
        }
        if (match instanceof InstallationHistory.UnknownMeter) {
            throw new RejectedReadException(ReadRejectionReason.UNKNOWN_METER,
                    "meter " + read.meter() + " is not in the registry");
        }
        if (match instanceof InstallationHistory.NotInstalledAtReadTime) {
            throw new RejectedReadException(ReadRejectionReason.NO_INSTALLATION_AT_READ_TIME,
                    "meter " + read.meter() + " served no service point at " + read.start());
        }
        InstallationHistory.InstalledTwice twice = (InstallationHistory.InstalledTwice) match;
        throw new RejectedReadException(ReadRejectionReason.METER_ON_TWO_SERVICE_POINTS,
                "meter " + read.meter() + " is installed on " + twice.servicePoints() + " at " + read.start());
    }
}
