package dev.klaxon.platform;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "the database is away" (503 with Retry-After) and which are bugs or bad input. */
class DatabaseOutageClassificationTest {

    @Test
    void unreachableDatabaseIsAnOutage() {
        assertTrue(DatabaseAvailability.isOutage(new PSQLException("refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)));
        assertTrue(DatabaseAvailability.isOutage(new PSQLException("I/O error", PSQLState.CONNECTION_FAILURE)));
        assertTrue(DatabaseAvailability.isOutage(new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(DatabaseAvailability.isOutage(new SQLException("Sorry, acquisition timeout!")));
        assertTrue(DatabaseAvailability.isOutage(new JDBCConnectionException("Unable to acquire JDBC Connection", null)));
        assertTrue(DatabaseAvailability.isOutage(new IllegalStateException(new ConnectException("Connection refused"))));
    }

    @Test
    void sqlErrorsAndBugsAreNot() {
        assertFalse(DatabaseAvailability.isOutage(new ConstraintViolationException("dup",
                new SQLException("duplicate key", "23505"), "uq")));
        assertFalse(DatabaseAvailability.isOutage(new SQLException("syntax error", "42601")));
        assertFalse(DatabaseAvailability.isOutage(new NullPointerException()));
    }
}
