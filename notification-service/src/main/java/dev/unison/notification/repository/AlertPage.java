package dev.unison.notification.repository;

import java.util.List;

/** One page of alerts, newest first, with the number of alerts matching the filters. */
public record AlertPage(List<AlertView> items, long total, int limit, int offset) {
}
