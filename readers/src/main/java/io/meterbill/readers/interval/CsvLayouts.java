package io.meterbill.readers.interval;

import java.time.ZoneId;

/**
 * The column layouts CSV inputs are read with: the operator's long and wide layouts, each null for the
 * standard one. Their zones are placeholders; a cycle reads local timestamps and dates in its input zone.
 */
public record CsvLayouts(IntervalCsvLongFormat.Layout longCsv, IntervalCsvWideFormat.Layout wideCsv) {

    public static final CsvLayouts STANDARD = new CsvLayouts(null, null);

    /**
     * The long layout: a configured one reads timestamps without a UTC offset as local to {@code zone}; the
     * standard one, whose timestamps carry their offset, refuses a timestamp without one.
     */
    public IntervalCsvLongFormat.Layout longLayout(ZoneId zone) {
        return longCsv == null ? IntervalCsvLongFormat.Layout.standard(null) : longCsv.withZone(zone);
    }

    /** The wide layout (configured or standard), dates local to {@code zone}. */
    public IntervalCsvWideFormat.Layout wideLayout(ZoneId zone) {
        return wideCsv == null ? IntervalCsvWideFormat.Layout.standard(zone) : wideCsv.withZone(zone);
    }
}
