package dev.unison.runtime.storage;

/**
 * A repository could not read or write: what a repository throws instead of an {@link java.sql.SQLException}, so
 * that nothing above the repository layer sees SQL. The SQLException stays its cause: the consumers' outage
 * handling ({@code contracts/kafka/Failures}) reads its SQLSTATE through it, and a REST request is answered 503
 * "storage unavailable" while the database is away.
 */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
