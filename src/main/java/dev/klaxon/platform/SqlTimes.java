package dev.klaxon.platform;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A {@code timestamptz} column of a native query as an {@link Instant}, whichever type the driver and Hibernate
 * hand back ({@link Instant}, {@link OffsetDateTime} or {@link Timestamp}, by version and setting).
 */
public final class SqlTimes {

    private SqlTimes() {
    }

    /**
     * The column's instant; null for SQL NULL.
     *
     * @throws IllegalStateException for a value that is no time at all (a query selecting the wrong column)
     */
    public static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (column instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + column.getClass());
    }
}
