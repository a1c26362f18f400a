package dev.unison.contracts.kafka;

import com.fasterxml.jackson.core.JacksonException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.DateTimeException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure caused by what a record is (it fails every time: set it aside) from a passing one (retry). A data
 * error is a PostgreSQL refusal of SQLSTATE class 22 (data exception: text PostgreSQL cannot hold, a number out of
 * range), 23 (integrity constraint) or 54 (program limit, e.g. an index row too large), or an exception the handler
 * raised on reading the record (bad JSON, a bad argument, a value out of range, a stack or heap exhausted by it).
 * Everything else, a lost connection, a serialization failure, a timeout, a missing table, Kafka not answering,
 * is transient.
 */
public final class Failures {
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    private Failures() {
    }

    /**
     * Why a record failed, as a short stable name for a metric tag: {@code sqlstate-22021},
     * {@code IllegalArgumentException}.
     */
    public static String reason(Throwable failure) {
        SQLException sql = sqlException(failure);
        if (sql != null && sql.getSQLState() != null) {
            return "sqlstate-" + sql.getSQLState();
        }
        return failure.getClass().getSimpleName();
    }

    /** True when the failure comes from the record itself, so that trying it again would fail again. */
    public static boolean isDataError(Throwable failure) {
        SQLException sql = sqlException(failure);
        if (sql != null) {
            String state = sql.getSQLState();
            return !(sql instanceof SQLTransientException) && !(sql instanceof SQLRecoverableException)
                    && state != null && state.length() == 5 && DATA_CLASSES.contains(state.substring(0, 2));
        }
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof JacksonException) {
                return true;
            }
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof RetriableException
                    || t instanceof InterruptedException || t instanceof ReliableProducer.PublishException) {
                return false;
            }
        }
        return failure instanceof IllegalArgumentException || failure instanceof ArithmeticException
                || failure instanceof DateTimeException || failure instanceof NullPointerException
                || failure instanceof ClassCastException || failure instanceof IndexOutOfBoundsException
                || failure instanceof StackOverflowError || failure instanceof OutOfMemoryError;
    }

    /** The first SQLException in the chain of causes (and of next exceptions), or null. */
    static SQLException sqlException(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                SQLException withState = sql;
                while (withState.getSQLState() == null && withState.getNextException() != null) {
                    withState = withState.getNextException();
                }
                return withState.getSQLState() != null ? withState : sql;
            }
        }
        return null;
    }
}
