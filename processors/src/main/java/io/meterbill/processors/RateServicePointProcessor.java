package io.meterbill.processors;

import io.meterbill.domain.bill.CycleRating;
import io.meterbill.domain.bill.RatingOutcome;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Rates one service point for the cycle: a thin adapter around {@link CycleRating}. */
public class RateServicePointProcessor implements ItemProcessor<RatingInput, RatingOutcome> {

    private final CycleRating rating;

    public RateServicePointProcessor(CycleRating rating) {
        this.rating = rating;
    }

    @Override
    public RatingOutcome process(RatingInput input) {
        return rating.rateSeries(input.servicePoint(), input.window(), input.series(), input.context());
    }
}
