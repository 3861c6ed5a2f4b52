package io.meterbill.domain.bill;

import io.meterbill.domain.registry.AccountId;
import io.meterbill.domain.registry.ServicePointId;
import java.util.Objects;

/** What rating a service point for a cycle came to: a bill, or the reason there is none. */
public sealed interface RatingOutcome permits RatingOutcome.Billed, RatingOutcome.NotBilled {

    ServicePointId servicePoint();

    record Billed(AccountId account, RatedBill bill) implements RatingOutcome {
        public Billed {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(bill, "bill");
        }

        @Override
        public ServicePointId servicePoint() {
            return bill.servicePoint();
        }
    }

    record NotBilled(ServicePointId servicePoint, NotBilledReason reason, String detail) implements RatingOutcome {
        public NotBilled {
            Objects.requireNonNull(servicePoint, "servicePoint");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
