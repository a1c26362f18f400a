package dev.unison.consistency.catalogue;

import dev.unison.consistency.catalogue.StateReader.StatePart;
import dev.unison.consistency.detector.Detector;
import dev.unison.consistency.detector.DetectorSupport;

import java.util.function.Function;

/**
 * One of a rule's detectors as {@code POST /check} runs it on a draft event: which part of the state it reads (the
 * customer's task, the question's task of the answers repartitioned by question, or the bug ledger's task) and how to
 * make a new one. The check binds it to a read-only view of that part's stores and keeps what it raises.
 * <p>
 * Its input by part: {@link StatePart#CUSTOMER} a touch keyed by customer id, {@link StatePart#QUESTION} an answer
 * ({@code ConflictingAnswersDetector.Given}) keyed by question, {@link StatePart#BUGS} a feedback event keyed by the
 * ledger key. {@code store} is the detector's own store: Kafka Streams' metadata of it names the part's owner.
 */
public record CheckedDetector(StatePart part, String store, Function<DetectorSupport, Detector<?>> make) {
}
