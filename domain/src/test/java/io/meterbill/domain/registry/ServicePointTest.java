package io.meterbill.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicePointTest {

    @Test
    void rateCriteriaAreKeyValuePairsSeparatedBySemicolons() {
        assertThat(ServicePoint.parseRateCriteria(" low_income=yes; connection_type = primary "))
                .isEqualTo(Map.of("low_income", "yes", "connection_type", "primary"));
        assertThat(ServicePoint.parseRateCriteria("")).isEmpty();
        assertThat(ServicePoint.parseRateCriteria(null)).isEmpty();
        assertThatThrownBy(() -> ServicePoint.parseRateCriteria("low_income")).hasMessage(
                "rate_criteria 'low_income' is not key=value");
        assertThatThrownBy(() -> ServicePoint.parseRateCriteria("a=1;a=2")).hasMessageContaining("repeated key");
        assertThatThrownBy(() -> ServicePoint.parseRateCriteria("a=")).hasMessageContaining("empty");
    }
}
