package com.roadcast.redis;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Items scored by whole seconds (a sorted set's members, or what they point to), read in score order a
 * page at a time as the iterator advances, so a long range costs one page of memory. Each page starts
 * just after the last score read, so items added meanwhile are neither repeated nor skipped before it.
 */
public final class ScorePages<T> implements Iterator<T> {

    /** Reads up to {@code count} items with {@code from <= score <= to}, in score order. */
    public interface Fetch<T> {
        List<T> page(long from, long to, int count);
    }

    /** An item's score. */
    public interface Score<T> {
        long of(T item);
    }

    private final Fetch<T> fetch;
    private final Score<T> score;
    private final int pageSize;
    private final long last;
    private final ArrayDeque<T> page = new ArrayDeque<>();
    private long next;
    private boolean exhausted;

    public ScorePages(long from, long to, int pageSize, Fetch<T> fetch, Score<T> score) {
        this.next = from;
        this.last = to;
        this.pageSize = pageSize;
        this.fetch = fetch;
        this.score = score;
    }

    @Override
    public boolean hasNext() {
        if (page.isEmpty() && !exhausted) {
            List<T> read = fetch.page(next, last, pageSize);
            exhausted = read.size() < pageSize;
            page.addAll(read);
            if (!read.isEmpty()) {
                next = score.of(read.get(read.size() - 1)) + 1;
            }
        }
        return !page.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.poll();
    }
}
