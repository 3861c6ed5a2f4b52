package io.meterbill.jobs.cycle;

import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.readers.interval.CsvLayouts;
import io.meterbill.readers.interval.IntervalCsvLongFormat;
import io.meterbill.readers.interval.IntervalCsvWideFormat;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The operator's CSV layouts: properties {@code meterbill.input.csv-long.*} (see
 * {@link IntervalCsvLongFormat.Layout#fromSettings}) and {@code meterbill.input.csv-wide.*} (see
 * {@link IntervalCsvWideFormat.Layout#fromSettings}). A new cycle records the layouts it lists its inputs
 * with in its store plan, and keeps them through restarts.
 */
@Component
public class CsvLayoutSettings {

    static final String LONG = "meterbill.input.csv-long";
    static final String WIDE = "meterbill.input.csv-wide";

    private final Map<String, String> longSettings;
    private final Map<String, String> wideSettings;

    public CsvLayoutSettings(Environment environment) {
        Binder binder = Binder.get(environment);
        this.longSettings = binder.bind(LONG, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        this.wideSettings = binder.bind(WIDE, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    }

    /**
     * The configured layouts (zones placeholders: each cycle uses its input zone), each null when nothing
     * is configured for it (the standard layout).
     *
     * @throws ConfigurationProblem naming the setting that is wrong
     */
    public CsvLayouts layouts() {
        IntervalCsvLongFormat.Layout longCsv = null;
        IntervalCsvWideFormat.Layout wideCsv = null;
        try {
            if (!longSettings.isEmpty()) {
                longCsv = IntervalCsvLongFormat.Layout.fromSettings(longSettings, ZoneId.of("UTC"));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(LONG + ": " + e.getMessage());
        }
        try {
            if (!wideSettings.isEmpty()) {
                wideCsv = IntervalCsvWideFormat.Layout.fromSettings(wideSettings, ZoneId.of("UTC"));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(WIDE + ": " + e.getMessage());
        }
        return new CsvLayouts(longCsv, wideCsv);
    }
}
