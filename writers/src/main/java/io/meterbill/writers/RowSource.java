package io.meterbill.writers;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Rows handed over one at a time as they are produced, typically from a database cursor, so that an output
 * file of any size is written without holding its rows in memory.
 */
@FunctionalInterface
public interface RowSource<T> {

    /** Hands every row to {@code row}, in order. */
    void forEach(Consumer<? super T> row);

    /** These rows, each turned into another by {@code mapping}. */
    default <R> RowSource<R> map(Function<? super T, ? extends R> mapping) {
        return row -> forEach(t -> row.accept(mapping.apply(t)));
    }

    /** The rows of a list already in memory (small outputs, tests). */
    static <T> RowSource<T> of(Iterable<? extends T> rows) {
        return rows::forEach;
    }
}
