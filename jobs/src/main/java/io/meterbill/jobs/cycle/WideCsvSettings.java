package io.meterbill.jobs.cycle;

import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.readers.interval.IntervalCsvWideFormat;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The operator's wide CSV layout: properties {@code meterbill.input.csv-wide.*} (column names, delimiter,
 * decimal separator, unit; see {@link IntervalCsvWideFormat.Layout#fromSettings}). A new cycle records the
 * layout it lists its inputs with in its store plan, and keeps it through restarts.
 */
@Component
public class WideCsvSettings {

    static final String PREFIX = "meterbill.input.csv-wide";

    private final Map<String, String> settings;

    public WideCsvSettings(Environment environment) {
        this.settings = Binder.get(environment).bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
    }

    /**
     * The configured layout (its zone a placeholder: each cycle uses its wide-input zone), or null when
     * nothing is configured (the standard layout).
     *
     * @throws ConfigurationProblem naming the setting that is wrong
     */
    public IntervalCsvWideFormat.Layout layout() {
        if (settings.isEmpty()) {
            return null;
        }
        try {
            return IntervalCsvWideFormat.Layout.fromSettings(settings, ZoneId.of("UTC"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(PREFIX + ": " + e.getMessage());
        }
    }
}
