package io.meterbill.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.registry.InstallationHistory.InstalledTwice;
import io.meterbill.domain.registry.InstallationHistory.Matched;
import io.meterbill.domain.registry.InstallationHistory.NotInstalledAtReadTime;
import io.meterbill.domain.registry.InstallationHistory.UnknownMeter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstallationHistoryTest {

    private static final MeterSerial OLD = new MeterSerial("M-1");
    private static final MeterSerial NEW = new MeterSerial("M-2");
    private static final MeterSerial SPARE = new MeterSerial("M-3");
    private static final ServicePointId SP = new ServicePointId("SP-17");
    private static final Instant EXCHANGE = Instant.parse("2025-11-14T15:00:00Z");

    private final InstallationHistory history = new InstallationHistory(List.of(OLD, NEW, SPARE), List.of(
            new Installation(OLD, SP, Instant.parse("2019-06-03T13:00:00Z"), EXCHANGE),
            new Installation(NEW, SP, EXCHANGE, null)));

    @Test
    void aMeterExchangedMidCycleFeedsTheSameServicePointFromTwoMeters() {
        assertThat(history.match(OLD, EXCHANGE.minusSeconds(900))).isEqualTo(new Matched(SP));
        assertThat(history.match(NEW, EXCHANGE)).isEqualTo(new Matched(SP));
    }

    @Test
    void removalIsExclusiveAndInstallationInclusive() {
        assertThat(history.match(OLD, EXCHANGE)).isInstanceOf(NotInstalledAtReadTime.class);
        assertThat(history.match(NEW, EXCHANGE.minusSeconds(900))).isInstanceOf(NotInstalledAtReadTime.class);
    }

    @Test
    void tellsAnUnknownSerialFromAKnownMeterThatIsNotInstalled() {
        assertThat(history.match(new MeterSerial("M-99999999"), EXCHANGE)).isInstanceOf(UnknownMeter.class);
        assertThat(history.match(SPARE, EXCHANGE)).isInstanceOf(NotInstalledAtReadTime.class);
    }

    @Test
    void aMeterOnTwoServicePointsAtOnceIsNotAttributed() {
        InstallationHistory twice = new InstallationHistory(List.of(OLD), List.of(
                new Installation(OLD, SP, Instant.parse("2020-01-01T00:00:00Z"), null),
                new Installation(OLD, new ServicePointId("SP-18"), Instant.parse("2025-01-01T00:00:00Z"), null)));
        assertThat(twice.match(OLD, EXCHANGE)).isInstanceOf(InstalledTwice.class);
        assertThat(twice.match(OLD, Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo(new Matched(SP));
    }
}
