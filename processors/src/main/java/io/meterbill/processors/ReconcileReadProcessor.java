package io.meterbill.processors;

import io.meterbill.domain.read.ReadReconciler;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReconciledRead;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Attributes each read to its service point through the installation history. A row that cannot be
 * stored raises {@link io.meterbill.domain.read.RejectedReadException}, which the import step skips
 * and its skip listener records as a read exception.
 */
public class ReconcileReadProcessor implements ItemProcessor<ReadRecord, ReconciledRead> {

    private final ReadReconciler reconciler;

    public ReconcileReadProcessor(ReadReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public ReconciledRead process(ReadRecord record) {
        return reconciler.reconcile(record);
    }
}
