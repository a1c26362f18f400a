package dev.unison.contracts.kafka;

import com.fasterxml.jackson.core.JsonParseException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void whatPostgresRefusesForTheValueIsADataError() {
        assertThat(Failures.isDataError(new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021"))).isTrue();
        assertThat(Failures.isDataError(new SQLException("Unicode low surrogate must follow a high surrogate", "22P02"))).isTrue();
        assertThat(Failures.isDataError(new SQLException("check constraint", "23514"))).isTrue();
        assertThat(Failures.isDataError(new SQLException("index row size 2816 exceeds btree maximum", "54000"))).isTrue();
        assertThat(Failures.isDataError(new RuntimeException(new SQLException("x", "22003")))).isTrue();
        assertThat(Failures.reason(new RuntimeException(new SQLException("x", "22003")))).isEqualTo("sqlstate-22003");
        SQLException batch = new SQLException("batch failed");
        batch.setNextException(new SQLException("value too long", "22001"));
        assertThat(Failures.isDataError(batch)).isTrue();
        assertThat(Failures.isDataError(new IllegalArgumentException("cannot read Touch"))).isTrue();
        assertThat(Failures.isDataError(new UncheckedIOException(new JsonParseException(null, "bad")))).isTrue();
        assertThat(Failures.isDataError(new StackOverflowError())).isTrue();
    }

    @Test
    void outagesSerializationFailuresAndTimeoutsAreTransient() {
        assertThat(Failures.isDataError(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("could not serialize access", "40001"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("relation \"touches\" does not exist", "42P01"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("terminating connection", "57P01"))).isFalse();
        assertThat(Failures.isDataError(new SQLException("Sorry, acquisition timeout!"))).isFalse();
        assertThat(Failures.isDataError(new SQLTransientConnectionException("gone", "22000"))).isFalse();
        assertThat(Failures.isDataError(new UncheckedIOException(new SocketException("reset")))).isFalse();
        assertThat(Failures.isDataError(new TimeoutException("broker"))).isFalse();
        assertThat(Failures.isDataError(new ReliableProducer.PublishException("down", null))).isFalse();
        assertThat(Failures.isDataError(new IllegalStateException("transaction timed out"))).isFalse();
    }
}
