package io.meterbill.jobs;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring context of one meterbill command: database, job repository, the billing cycle job. */
@SpringBootApplication
public class MeterbillApplication {
}
