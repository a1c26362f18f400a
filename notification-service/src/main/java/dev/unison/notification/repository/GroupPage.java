package dev.unison.notification.repository;

import java.util.List;

/** One page of groups, most recently joined first, with the number of groups matching the filters. */
public record GroupPage(List<GroupView> items, long total, int limit, int offset) {
}
